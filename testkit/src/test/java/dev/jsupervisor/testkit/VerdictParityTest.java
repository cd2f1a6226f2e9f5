package dev.jsupervisor.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's verdict on a listener is supervisord 4.2.5's: each listener runs once under the
 * real supervisord, which is sent two events, and once under the fake with two events and no
 * expectations. A listener that supervisord takes back to READY after both events passes the
 * fake's end-of-test check; one that supervisord leaves short of READY (UNKNOWN, a rejected
 * event, an event it never gets to send) fails it.
 */
class VerdictParityTest {
  private static final String SUPERVISORD = "/usr/bin/supervisord";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir
  Path temp;
  private Process daemon;

  @AfterEach
  void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.destroy();
      if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = ListenerScripts.class,
      names = {"GOOD", "HELLO_BEFORE_READY", "RESULT_3_OK", "NO_READY_AFTER_ACK"})
  void theFakeFailsExactlyTheListenersSupervisordFindsMisbehaving(ListenerScripts script)
      throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(SUPERVISORD)), "no supervisord 4.2.5");
    boolean supervisordHappy = underSupervisord(script);
    assertEquals(script == ListenerScripts.GOOD, supervisordHappy,
        "supervisord's verdict on " + script);

    Path fakeDir = Files.createDirectory(temp.resolve("fake"));
    FakeSupervisor fake = FakeSupervisor.builder().timeout(PATIENCE)
        .endTimeout(Duration.ofSeconds(2)).build();
    try {
      fake.startListener(script.write(fakeDir));
      for (int i = 0; i < 2; i++) {
        fake.emit(Event.remoteCommunication("parity", "event " + i));
      }
      if (supervisordHappy) {
        assertDoesNotThrow(fake::verifyListener);
      } else {
        assertThrows(AssertionError.class, fake::verifyListener);
      }
    } finally {
      fake.skipEndCheck();
      fake.close();
    }
  }

  /**
   * Runs the listener under supervisord, sends it two REMOTE_COMMUNICATION events, and returns
   * whether supervisord, by its own debug log, got both answered and the listener READY again.
   */
  private boolean underSupervisord(ListenerScripts script) throws Exception {
    Path dir = Files.createDirectory(temp.resolve("supervisord"));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = dir.resolve("main.log");
    Files.writeString(dir.resolve("s.conf"), String.join("\n",
        "[inet_http_server]",
        "port = 127.0.0.1:" + port,
        "[supervisord]",
        "logfile = " + log,
        "loglevel = debug",
        "pidfile = " + dir.resolve("s.pid"),
        "childlogdir = " + dir,
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[eventlistener:listener]",
        "command = " + script.shellCommand(dir),
        "events = REMOTE_COMMUNICATION",
        "startsecs = 0",
        ""));
    daemon = new ProcessBuilder(SUPERVISORD, "-n", "-c", dir.resolve("s.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
    await("listener RUNNING under supervisord").atMost(PATIENCE).until(() ->
        Files.exists(log) && readLog(log).contains("success: listener entered RUNNING state"));
    String send = "import xmlrpc.client, sys\n"
        + "s = xmlrpc.client.ServerProxy('http://127.0.0.1:%d')\n".formatted(port)
        + "for i in range(2): s.supervisor.sendRemoteCommEvent('parity', 'event %d' % i)\n";
    Process python = new ProcessBuilder("/usr/bin/python3", "-c", send).inheritIO().start();
    assertEquals(true, python.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, python.exitValue());
    // supervisord's verdict: both events read (the script logs each) and READY after the
    // second ack; anything else leaves the listener where no further event is delivered.
    Path received = script.received(dir);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() ->
          Files.exists(received) && Files.readAllLines(received).size() == 2
              && readyCount(readLog(log)) == 3);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException notHappy) {
      return false;
    }
  }

  private static long readyCount(String log) {
    return log.lines().filter(l -> l.contains("listener: ACKNOWLEDGED -> READY")).count();
  }

  private static String readLog(Path log) throws IOException {
    return Files.readString(log);
  }
}
