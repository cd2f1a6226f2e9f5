package dev.jsupervisor.listeners.sdk;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link RecordingListenerMain} as an {@code [eventlistener:rec]} under the real
 * supervisord 4.2.5 and checks what it received: a crash-and-restart sequence, a FAILed
 * remote event redelivered with the same serial, and multibyte payloads that stay in sync.
 */
class RealSupervisordListenerTest {
  private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private Path dir;
  private Path events;
  private Process daemon;

  @BeforeEach
  void startDaemon() throws Exception {
    assumeTrue(Files.isExecutable(SUPERVISORD) && Files.isExecutable(PYTHON),
        "the real supervisord is not installed");
    dir = Files.createTempDirectory(Path.of("/tmp"), "jsev");
    events = dir.resolve("events.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    String config = String.join("\n",
        "[unix_http_server]",
        "file=" + dir.resolve("s.sock"),
        "[supervisord]",
        "nodaemon=true",
        "identifier=itsup",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "loglevel=debug",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[eventlistener:rec]",
        "command=" + java + " -Xshare:auto -XX:TieredStopAtLevel=1 -cp " + classpath + " "
            + RecordingListenerMain.class.getName() + " " + events,
        "events=PROCESS_STATE,REMOTE_COMMUNICATION",
        "buffer_size=100",
        "startsecs=0",
        "[program:crasher]",
        "command=/bin/sh -c 'if [ -e " + dir.resolve("crashed") + " ]; then exec sleep 600;"
            + " else touch " + dir.resolve("crashed") + "; sleep 0.5; exit 3; fi'",
        "startsecs=0",
        "autorestart=unexpected",
        "");
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, config);
    daemon = new ProcessBuilder(SUPERVISORD.toString(), "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("daemon.out").toFile())
        .start();
  }

  @AfterEach
  void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.destroy(); // SIGTERM: supervisord stops its children, then exits
      if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
        daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      assertTrue(!daemon.isAlive(), "supervisord did not exit");
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void listenerReceivesCrashRestartAndRemoteEventsInOrder() throws Exception {
    Pattern crasherRunning = Pattern.compile("PROCESS_STATE_RUNNING process=crasher");
    awaitLines(lines -> lines.stream().filter(l -> crasherRunning.matcher(l).find()).count() == 2);

    sendRemoteCommEvent("failonce", "héllo €");
    sendRemoteCommEvent("plain", "after \uD83D\uDE00 end");
    awaitLines(lines -> lines.stream().anyMatch(l -> l.contains("type=plain")));

    List<String> lines = lines();
    List<String> crasher = new ArrayList<>();
    for (String line : lines) {
      if (line.contains("process=crasher")) {
        crasher.add(line.substring(line.indexOf("PROCESS_STATE_")));
      }
    }
    assertEquals(5, crasher.size(), String.join("\n", lines));
    assertEquals("PROCESS_STATE_STARTING process=crasher group=crasher state=STARTING"
        + " from=STOPPED tries=0 expected=- pid=-", crasher.get(0));
    long firstPid = pid(crasher.get(1), "PROCESS_STATE_RUNNING process=crasher group=crasher"
        + " state=RUNNING from=STARTING tries=- expected=- pid=");
    assertEquals("PROCESS_STATE_EXITED process=crasher group=crasher state=EXITED"
        + " from=RUNNING tries=- expected=false pid=" + firstPid, crasher.get(2));
    assertEquals("PROCESS_STATE_STARTING process=crasher group=crasher state=STARTING"
        + " from=EXITED tries=0 expected=- pid=-", crasher.get(3));
    long secondPid = pid(crasher.get(4), "PROCESS_STATE_RUNNING process=crasher group=crasher"
        + " state=RUNNING from=STARTING tries=- expected=- pid=");
    assertNotEquals(firstPid, secondPid);

    List<String> remote = lines.stream().filter(l -> l.contains("REMOTE_COMMUNICATION")).toList();
    assertEquals(3, remote.size(), String.join("\n", lines));
    String firstDelivery = remote.get(0);
    assertTrue(firstDelivery.endsWith(" rec " + poolSerial(firstDelivery)
        + " REMOTE_COMMUNICATION type=failonce data=héllo €"), firstDelivery);
    assertEquals(firstDelivery, remote.get(1), "a FAILed event comes back unchanged");
    assertTrue(remote.get(2).endsWith("REMOTE_COMMUNICATION type=plain data=after \uD83D\uDE00 end"),
        remote.get(2));

    long previous = -1;
    for (String line : lines) {
      long serial = Long.parseLong(line.substring(0, line.indexOf(' ')));
      assertTrue(serial > previous || line.equals(remote.get(1)), "serials go up: " + lines);
      previous = serial;
      assertEquals(" rec ", line.substring(line.indexOf(' '), line.indexOf(' ') + 5));
    }
    assertTrue(lines.stream().noneMatch(l -> l.contains("generic=")), String.join("\n", lines));
  }

  private void sendRemoteCommEvent(String type, String data) throws Exception {
    String script = String.join("\n",
        "import sys, xmlrpc.client",
        "from supervisor.xmlrpc import SupervisorTransport",
        "t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])",
        "s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)",
        "s.supervisor.sendRemoteCommEvent(sys.argv[2], sys.argv[3])");
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", script,
        dir.resolve("s.sock").toString(), type, data)
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python client did not finish");
    assertEquals(0, p.exitValue(), output);
  }

  private interface LinesCondition {
    boolean test(List<String> lines);
  }

  private void awaitLines(LinesCondition condition) throws IOException {
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .failFast("supervisord exited", () -> !daemon.isAlive())
          .until(() -> condition.test(lines()));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(e.getMessage() + "\nlistener received:\n"
          + String.join("\n", lines()) + "\nsupervisord log:\n" + daemonLog(), e);
    }
  }

  private List<String> lines() throws IOException {
    return Files.exists(events) ? Files.readAllLines(events, StandardCharsets.UTF_8) : List.of();
  }

  private String daemonLog() {
    try {
      return Files.readString(dir.resolve("supervisord.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static long pid(String line, String prefix) {
    assertTrue(line.startsWith(prefix), line);
    return Long.parseLong(line.substring(prefix.length()));
  }

  private static String poolSerial(String line) {
    Matcher m = Pattern.compile("^\\d+ rec (\\d+) ").matcher(line);
    assertTrue(m.find(), line);
    return m.group(1);
  }
}
