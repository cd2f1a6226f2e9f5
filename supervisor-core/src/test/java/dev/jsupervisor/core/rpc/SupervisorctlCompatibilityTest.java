package dev.jsupervisor.core.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real /usr/bin/supervisorctl 4.2.5 against HttpServers with a fake API (ctl.md §1-§5). */
class SupervisorctlCompatibilityTest {
  private static final String STATUS_TABLE = String.join("\n",
      "app                              RUNNING   pid 4321, uptime 0:00:05",
      "multi:m0                         STOPPED   Not started",
      "multi:m1                         RUNNING   pid 4322, uptime 1:01:40",
      "");

  private ServerFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new ServerFixture("user", "{SHA}" + sha1Hex("pw"));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private ServerFixture.Run ctl(String serverUrl, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/supervisorctl", "-s", serverUrl,
        "-u", "user", "-p", "pw"));
    cmd.addAll(List.of(command));
    return ServerFixture.run(cmd);
  }

  @Test
  void statusOverUnixSocketPrintsTheTableAndExits3WhenOneIsStopped() throws Exception {
    ServerFixture.Run r = ctl("unix://" + fixture.socket, "status");
    assertEquals(STATUS_TABLE, r.out());
    assertEquals(3, r.exit());
  }

  @Test
  void commandsOverTcpWithAuth() throws Exception {
    ServerFixture.Run status = ctl(fixture.url(), "status", "app");
    assertEquals("app                              RUNNING   pid 4321, uptime 0:00:05\n", status.out());
    assertEquals(0, status.exit());

    assertEquals(new ServerFixture.Run(0, "4242\n"), ctl(fixture.url(), "pid"));
    assertEquals(new ServerFixture.Run(0, "4321\n"), ctl(fixture.url(), "pid", "app"));
    assertEquals(new ServerFixture.Run(0, "4.2.5\n"), ctl(fixture.url(), "version"));
    assertEquals(new ServerFixture.Run(0, "multi:m0: started\n"), ctl(fixture.url(), "start", "multi:m0"));
    assertEquals(new ServerFixture.Run(0, "app: ERROR (already started)\n"), ctl(fixture.url(), "start", "app"));
    assertEquals(new ServerFixture.Run(1, "nosuch: ERROR (no such process)\n"),
        ctl(fixture.url(), "start", "nosuch"));
    assertEquals(new ServerFixture.Run(0, "app: stopped\n"), ctl(fixture.url(), "stop", "app"));
    assertEquals(new ServerFixture.Run(0, "app: ERROR (not running)\n"), ctl(fixture.url(), "stop", "app"));
    assertTrue(fixture.api.log.contains("startProcess multi:m0 true"), fixture.api.log.toString());
    assertTrue(fixture.api.log.contains("stopProcess app true"), fixture.api.log.toString());
  }

  @Test
  void resultArraysMainLogAndReread() throws Exception {
    assertEquals(new ServerFixture.Run(7, "multi:m0: started\napp: ERROR (spawn error)\n"),
        ctl(fixture.url(), "start", "all"));
    assertEquals(new ServerFixture.Run(0, "main log text\n"), ctl(fixture.url(), "maintail"));
    assertEquals(new ServerFixture.Run(0, "new: available\nold: disappeared\n"),
        ctl("unix://" + fixture.socket, "reread"));
    assertEquals(new ServerFixture.Run(0, "app: cleared\n"), ctl(fixture.url(), "clear", "app"));
  }

  @Test
  void wrongPasswordIsRefusedLikeSupervisord() throws Exception {
    ServerFixture.Run r = ServerFixture.run(List.of("/usr/bin/supervisorctl", "-s", fixture.url(),
        "-u", "user", "-p", "wrong", "status"));
    assertTrue(r.out().startsWith("Server requires authentication\n"), r.out());
    assertTrue(r.out().contains("401 Unauthorized"), r.out());
    assertEquals(1, r.exit());
    assertEquals(0, fixture.api.calls.get(), "the API is never reached without credentials");
  }

  @Test
  void tailFollowStreamsTheLogAsItGrows() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/supervisorctl", "-s", "unix://" + fixture.socket,
        "-u", "user", "-p", "pw", "tail", "-f", "app").redirectErrorStream(true).start();
    try {
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copy(p.getInputStream(), seen));
      reader.setDaemon(true);
      reader.start();
      fixture.tails.chunks.add("first line\n".getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(
          () -> assertTrue(text(seen).contains("first line"), text(seen)));
      fixture.tails.chunks.add("second line\n".getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(
          () -> assertTrue(text(seen).contains("second line"), text(seen)));
      assertTrue(text(seen).startsWith("==> Press Ctrl-C to exit <==\n"), text(seen));
      assertEquals(List.of("app STDOUT 1024"), fixture.tails.opened);
    } finally {
      p.destroyForcibly();
    }
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (out) {
          out.write(buf, 0, n);
        }
      }
    } catch (java.io.IOException e) {
      // process killed: the stream ends
    }
  }

  static String sha1Hex(String s) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
