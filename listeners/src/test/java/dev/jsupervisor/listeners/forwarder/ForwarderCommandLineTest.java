package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwarderCommandLineTest {
  @TempDir Path dir;

  @Test
  void defaults() {
    ForwarderCommandLine cl = ForwarderCommandLine.parse(new String[0], Map.of());
    assertEquals(NatsSettings.DEFAULT_URL, cl.nats().servers());
    assertEquals("supervisor", cl.subjectPrefix());
    assertEquals(Optional.empty(), cl.host());
    assertEquals(Duration.ofSeconds(2), cl.ackTimeout());
    StreamSettings s = cl.stream();
    assertEquals("SUPERVISOR_EVENTS", s.name());
    assertEquals(List.of("supervisor.>"), s.subjects());
    assertEquals(RetentionPolicy.Limits, s.retention());
    assertEquals(StorageType.File, s.storage());
    assertEquals(Duration.ofDays(7), s.maxAge());
    assertEquals(-1, s.maxMessages());
    assertEquals(Duration.ofMinutes(10), s.duplicateWindow());
    assertTrue(s.create());
  }

  @Test
  void everyOptionIsRead() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "tok-secret\n");
    ForwarderCommandLine cl = ForwarderCommandLine.parse(new String[] {"--nats",
        "nats://10.0.0.1:4222,nats://10.0.0.2:4222", "--host", "web1", "--subject-prefix",
        "acme.sup", "--stream", "EV", "--retention", "work-queue", "--storage", "memory",
        "--max-age", "1h", "--max-msgs", "100", "--max-bytes", "1000", "--duplicate-window",
        "20m", "--no-create-stream", "--ack-timeout", "500ms", "--token-file",
        token.toString()}, Map.of());
    assertEquals(Optional.of("web1"), cl.host());
    assertEquals(List.of("acme.sup.>"), cl.stream().subjects());
    assertEquals(RetentionPolicy.WorkQueue, cl.stream().retention());
    assertEquals(StorageType.Memory, cl.stream().storage());
    assertEquals(100, cl.stream().maxMessages());
    assertEquals(1000, cl.stream().maxBytes());
    assertFalse(cl.stream().create());
    assertEquals(Optional.of("tok-secret"), cl.nats().token());
    assertEquals(Duration.ofMillis(500), cl.ackTimeout());
  }

  @Test
  void secretsComeFromTheEnvironmentAndNeverShow() {
    ForwarderCommandLine cl = ForwarderCommandLine.parse(new String[] {"--user", "fleet"},
        Map.of("NATS_PASSWORD", "hunter2"));
    assertEquals(Optional.of("hunter2"), cl.nats().password());
    assertFalse(cl.toString().contains("hunter2"), cl.toString());
    assertFalse(cl.nats().authDescription().contains("hunter2"));
    ForwarderCommandLine token = ForwarderCommandLine.parse(new String[0],
        Map.of("NATS_TOKEN", "t0ken"));
    assertFalse(token.toString().contains("t0ken"), token.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--nats=http://x", "--nats=nats://a b", "--host=a.b", "--host=",
      "--subject-prefix=a.*", "--stream=bad.name", "--retention=forever", "--storage=disk",
      "--max-age=soon", "--max-msgs=0", "--max-bytes=-5", "--ack-timeout=0s", "--ack-timeout=200000d",
      "--ack-timeout=61m", "--bogus",
      "extra", "--creds=/nonexistent/file.creds", "--nkey=/nonexistent/seed",
      "--password-file=/nonexistent/pw"})
  void badArgumentsAreOneLineErrors(String arg) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ForwarderCommandLine.parse(new String[] {arg}, Map.of()));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void severalAuthMethodsOrAPasswordWithoutUserAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ForwarderCommandLine.parse(
        new String[] {"--user", "u"}, Map.of("NATS_TOKEN", "t")));
    assertThrows(IllegalArgumentException.class, () -> ForwarderCommandLine.parse(
        new String[0], Map.of("NATS_PASSWORD", "p")));
  }

  @Test
  void helpNeedsNothingElse() {
    assertTrue(ForwarderCommandLine.parse(new String[] {"-h"}, Map.of()).help());
    assertTrue(ForwarderCommandLine.usage().contains("--ack-timeout"));
  }

  @Test
  void slotZeroTakesItsDirectoryAndTheOtherSlotsAreTheLaunchersBusiness() {
    ForwarderCommandLine cl = ForwarderCommandLine.parse(new String[] {"--slot", "0",
        "--slot-dir", "/run/fwd"}, Map.of());
    assertEquals(Optional.of(Path.of("/run/fwd")), cl.slotDir());
    assertEquals(Optional.empty(), ForwarderCommandLine.parse(new String[0], Map.of()).slotDir());
    assertEquals("--slot 3 is served by slot 0: start it through bin/event-forwarder, which runs"
        + " it without a JVM", assertThrows(IllegalArgumentException.class,
            () -> ForwarderCommandLine.parse(new String[] {"--slot", "3"}, Map.of()))
        .getMessage());
    assertEquals("--slot 0 needs --slot-dir (bin/event-forwarder adds it)",
        assertThrows(IllegalArgumentException.class,
            () -> ForwarderCommandLine.parse(new String[] {"--slot", "0"}, Map.of()))
        .getMessage());
    assertEquals("--slot-dir goes with --slot", assertThrows(IllegalArgumentException.class,
        () -> ForwarderCommandLine.parse(new String[] {"--slot-dir", "/x"}, Map.of()))
        .getMessage());
    for (String bad : new String[] {"-1", "abc", "%(process_num)s", "99999", ""}) {
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> ForwarderCommandLine.parse(new String[] {"--slot", bad, "--slot-dir", "/x"},
              Map.of())).getMessage().contains("must be a process number"), bad);
    }
  }
}
