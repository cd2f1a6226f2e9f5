package dev.jsupervisor.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.core.api.ProcessState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same config and actions against the real supervisord 4.2.5 and against the fake: the
 * PROCESS_STATE events a childutils listener logs must be the same, pids aside.
 */
class SupervisordOracleTest {
  private static final Path LOGGER = PythonListenerTest.LISTENERS.resolve("event_logger.py");

  private Path dir;
  private Process daemon;

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.destroy();
      if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private Path writeConfig(Path eventLog) throws IOException {
    String conf = String.join("\n",
        "[unix_http_server]",
        "file = " + dir.resolve("s.sock"),
        "[supervisord]",
        "logfile = " + dir.resolve("supervisord.log"),
        "pidfile = " + dir.resolve("supervisord.pid"),
        "childlogdir = " + dir,
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[supervisorctl]",
        "serverurl = unix://" + dir.resolve("s.sock"),
        "[program:fast]",
        "command = /bin/sh -c 'exit 1'",
        // long enough that even a loaded machine sees the exit as "too quick"
        "startsecs = 10",
        "startretries = 1",
        "[program:sleeper]",
        "command = /bin/sleep 1000",
        "startsecs = 1",
        "[eventlistener:logger]",
        "command = /usr/bin/python3 " + LOGGER,
        "events = PROCESS_STATE",
        "environment = EVENT_LOG=\"" + eventLog + "\"",
        "");
    return Files.writeString(dir.resolve("supervisord.conf"), conf);
  }

  /** The logged events of one program, pids replaced by N. */
  private static List<String> eventsOf(Path log, String program) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    return Files.readAllLines(log).stream()
        .filter(line -> line.contains("processname:" + program + " "))
        .map(line -> line.replaceAll("pid:[0-9]+", "pid:N"))
        .toList();
  }

  private static final List<String> FAST = List.of(
      "PROCESS_STATE_STARTING processname:fast groupname:fast from_state:STOPPED tries:0",
      "PROCESS_STATE_BACKOFF processname:fast groupname:fast from_state:STARTING tries:1",
      "PROCESS_STATE_STARTING processname:fast groupname:fast from_state:BACKOFF tries:1",
      "PROCESS_STATE_BACKOFF processname:fast groupname:fast from_state:STARTING tries:2",
      "PROCESS_STATE_FATAL processname:fast groupname:fast from_state:BACKOFF");
  private static final List<String> SLEEPER = List.of(
      "PROCESS_STATE_STARTING processname:sleeper groupname:sleeper from_state:STOPPED tries:0",
      "PROCESS_STATE_RUNNING processname:sleeper groupname:sleeper from_state:STARTING pid:N",
      "PROCESS_STATE_STOPPING processname:sleeper groupname:sleeper from_state:RUNNING pid:N",
      "PROCESS_STATE_STOPPED processname:sleeper groupname:sleeper from_state:STOPPING pid:N");

  @Test
  void realSupervisordAndTheFakeSendTheSameStateEvents() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "jso");
    Path realLog = dir.resolve("real-events.log");
    Path fakeLog = dir.resolve("fake-events.log");
    Path config = writeConfig(realLog);

    daemon = new ProcessBuilder("/usr/bin/supervisord", "-n", "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
    await().atMost(Duration.ofSeconds(20)).until(() ->
        eventsOf(realLog, "fast").stream().anyMatch(e -> e.startsWith("PROCESS_STATE_FATAL"))
            && eventsOf(realLog, "sleeper").size() == 2);
    Process ctl = new ProcessBuilder("/usr/bin/supervisorctl", "-c", config.toString(), "stop",
        "sleeper").redirectErrorStream(true).start();
    ctl.getInputStream().readAllBytes();
    ctl.waitFor(20, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() ->
        eventsOf(realLog, "sleeper").size() == SLEEPER.size());

    try (FakeSupervisor sup = FakeSupervisor.builder().config(config)
        .environment("EVENT_LOG", fakeLog.toString()).build()) {
      assertEquals("EVENT_LOG=" + fakeLog, "EVENT_LOG="
          + sup.listenerEnvironment().get("EVENT_LOG"));
      sup.startListener(List.of("/usr/bin/python3", LOGGER.toString())).awaitReady();
      sup.processes().failStartsForever("fast");
      sup.scenarios().supervisordStart();
      sup.advance(Duration.ofSeconds(15));
      sup.processes().awaitState("sleeper", ProcessState.RUNNING, sup.timeout());
      sup.processes().stop("sleeper");
      sup.awaitIdle();
    }

    assertEquals(FAST, eventsOf(realLog, "fast"));
    assertEquals(SLEEPER, eventsOf(realLog, "sleeper"));
    assertEquals(eventsOf(realLog, "fast"), eventsOf(fakeLog, "fast"));
    assertEquals(eventsOf(realLog, "sleeper"), eventsOf(fakeLog, "sleeper"));
  }
}
