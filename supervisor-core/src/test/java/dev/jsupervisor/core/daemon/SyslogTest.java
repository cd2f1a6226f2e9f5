package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.process.JnaPosix;
import dev.jsupervisor.core.util.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The syslog sender against a real datagram socket (a Python receiver in a temp dir). */
class SyslogTest {
  private static final long NOV_21_19_13_30 = 1_795_288_410_000L;

  private Path dir;
  private final List<String> warnings = new ArrayList<>();
  private Syslog syslog;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "jsl");
    syslog =
        new Syslog(
            JnaPosix.get(), dir.resolve("log").toString(), new FakeClock(NOV_21_19_13_30),
            ZoneOffset.UTC, warnings::add);
  }

  @AfterEach
  void tearDown() throws Exception {
    syslog.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void mainLogLinesAndChildOutputArriveAsSupervisordSendsThem() throws Exception {
    try (DatagramReceiver r = DatagramReceiver.bind(dir.resolve("log"))) {
      syslog.mainLogLine("2026-11-21 19:13:30,000 INFO spawned: 'echo' with pid 7\n");
      syslog.childOutput("echo", "hello\nwörld\n".getBytes(StandardCharsets.UTF_8));
      syslog.childOutput("echo", new byte[] {(byte) 0xff, '\n'});
      syslog.childOutput("echo", "nonl".getBytes(StandardCharsets.UTF_8));
      List<String> expected =
          List.of(
              "<14>Nov 21 19:13:30 supervisord: 2026-11-21 19:13:30,000 INFO spawned: 'echo' with"
                  + " pid 7\n",
              "<14>Nov 21 19:13:30 supervisord: echo hello",
              "<14>Nov 21 19:13:30 supervisord: echo wörld",
              "<14>Nov 21 19:13:30 supervisord: echo nonl");
      await().until(() -> r.received().size() >= expected.size());
      assertEquals(expected, r.received(), "undecodable output is dropped, the rest arrives");
    }
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void aMissingSocketWarnsOnceAndSendingResumesWhenItAppears() throws Exception {
    for (int i = 0; i < 5; i++) {
      syslog.mainLogLine("lost " + i + "\n");
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertEquals(
        "cannot send to syslog at " + dir.resolve("log") + " (sendto: ENOENT); syslog messages"
            + " are dropped until it accepts them again",
        warnings.get(0));
    try (DatagramReceiver r = DatagramReceiver.bind(dir.resolve("log"))) {
      syslog.mainLogLine("back\n");
      await().until(() -> r.received().size() == 1);
      assertTrue(r.received().get(0).endsWith("supervisord: back\n"));
    }
    syslog.mainLogLine("gone again\n");
    syslog.mainLogLine("still gone\n");
    assertEquals(2, warnings.size(), "a new outage after a success is reported once more");
  }

  @Test
  void aSocketPathTooLongForSockaddrIsOneWarningNotAnException() {
    Syslog longPath =
        new Syslog(JnaPosix.get(), "/tmp/" + "x".repeat(200), new FakeClock(), ZoneOffset.UTC,
            warnings::add);
    longPath.mainLogLine("a\n");
    longPath.childOutput("p", "b\n".getBytes(StandardCharsets.UTF_8));
    longPath.close();
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("ENAMETOOLONG"), warnings.get(0));
  }
}
