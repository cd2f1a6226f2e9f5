package dev.jsupervisor.listeners.forwarder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.ListenerEvent;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slots of a forwarder pool with real processes: bin/lib/forwarder-slot.sh as the other
 * slots, children of this JVM, which plays the supervisor on their stdin/stdout, while a
 * {@link SlotHub} in this JVM serves them through /proc.
 */
class SlotHubTest {
  private static final Path SLOT_SCRIPT = Path.of("..", "bin", "lib", "forwarder-slot.sh")
      .toAbsolutePath().normalize();
  private static final long ME = ProcessHandle.current().pid();

  @TempDir
  Path tmp;
  private Path dir;
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final List<ListenerEvent> handled = Collections.synchronizedList(new ArrayList<>());
  private final List<Process> started = new ArrayList<>();
  private SlotHub hub;

  private final ListenerLog log = new ListenerLog() {
    @Override
    public void info(String m) {
      lines.add("INFO " + m);
    }

    @Override
    public void warn(String m) {
      lines.add("WARN " + m);
    }

    @Override
    public void error(String m) {
      lines.add("ERRO " + m);
    }
  };

  @BeforeEach
  void slotDirectory() throws Exception {
    dir = tmp.resolve("slots");
    Process p = new ProcessBuilder(SLOT_SCRIPT.toString(), "dir", Long.toString(ME),
        dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    assertEquals(dir.toString(), out);
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (hub != null) {
      hub.close();
    }
  }

  private void startHub(int maxSlots) throws IOException {
    hub = new SlotHub(dir, ME, Optional.of("fwd"), () -> event -> {
      handled.add(event);
      if (event.payload().equals("crash")) {
        throw new AssertionError("a bug that is no Exception");
      }
      return event.payload().equals("refuse") ? EventHandler.Result.FAIL : EventHandler.Result.OK;
    }, log, maxSlots);
    hub.start();
  }

  private Process relay(String slot) throws IOException {
    return relay(slot, "fwd");
  }

  private Process relay(String slot, String group) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(SLOT_SCRIPT.toString(), "relay", slot,
        Long.toString(ME), dir.toString());
    pb.environment().put("SUPERVISOR_GROUP_NAME", group);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  @Test
  void aSlotProcessGetsItsEventsAnsweredByTheHubThroughItsOwnPipes() throws Exception {
    startHub(8);
    Process one = relay("1");
    Process two = relay("2");
    assertEquals("READY\n", read(one.getInputStream(), 6));
    assertEquals("READY\n", read(two.getInputStream(), 6));

    send(one, 7, "first");
    send(two, 8, "refuse");
    assertEquals("RESULT 2\nOKREADY\n", read(one.getInputStream(), 17));
    assertEquals("RESULT 4\nFAILREADY\n", read(two.getInputStream(), 19));
    assertEquals(List.of("first", "refuse"), handled.stream().map(ListenerEvent::payload)
        .sorted().toList());
    assertEquals(java.util.Set.of(one.pid(), two.pid()), hub.serving());

    // The supervisor stops a slot: the hub sees its stdin end and lets it go.
    one.destroy();
    one.waitFor(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.serving().equals(
        java.util.Set.of(two.pid())));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO slot process " + one.pid()
        + " left")), lines.toString());
  }

  @Test
  void theLauncherRunsEverySlotButZeroAsTheScriptWithoutAJvm() throws Exception {
    startHub(8);
    Path launcher = SLOT_SCRIPT.getParent().getParent().resolve("event-forwarder");
    List<Process> slots = new ArrayList<>();
    for (String[] args : new String[][] {{"--slot", "1", "--slot-dir", dir.toString()},
        {"--nats", "nats://127.0.0.1:1", "--slot=2", "--slot-dir=" + dir}}) {
      List<String> command = new ArrayList<>(List.of(launcher.toString()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("SUPERVISOR_GROUP_NAME", "fwd");
      Process p = pb.start();
      started.add(p);
      slots.add(p);
    }
    for (Process p : slots) {
      assertEquals("READY\n", read(p.getInputStream(), 6));
      assertTrue(p.info().command().orElse("").endsWith("bash"), p.info().toString());
    }
    send(slots.get(1), 3, "via launcher");
    assertEquals("RESULT 2\nOKREADY\n", read(slots.get(1).getInputStream(), 17));
  }

  @Test
  void aSlotTheHubCanNoLongerServeIsStoppedSoThatTheSupervisorStartsItAgain() throws Exception {
    startHub(8);
    Process one = relay("1");
    assertEquals("READY\n", read(one.getInputStream(), 6));
    send(one, 5, "crash");
    assertTrue(one.waitFor(10, TimeUnit.SECONDS), "stopped, not left waiting for ever");
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.serving().isEmpty());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("ERRO slot process " + one.pid()
        + ": serving it failed: java.lang.AssertionError: a bug that is no Exception; stopping"
        + " it so that the supervisor starts it again")), lines.toString());
  }

  @Test
  void aSlotDirectoryWithoutItsFifosIsRefusedAtStart() throws Exception {
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("alive"), "");
    Files.createSymbolicLink(bad.resolve("announce"), dir.resolve("announce"));
    SlotHub broken = new SlotHub(bad, ME, Optional.empty(), () -> e -> EventHandler.Result.OK,
        log, 8);
    assertEquals(bad.resolve("alive") + " is not a FIFO",
        assertThrows(IOException.class, broken::start).getMessage());
    Files.delete(bad.resolve("alive"));
    Files.createSymbolicLink(bad.resolve("alive"), dir.resolve("alive"));
    assertEquals(bad.resolve("alive") + " is not a FIFO",
        assertThrows(IOException.class, broken::start).getMessage(), "a link to one is not");
  }

  @Test
  void whenTheHubEndsEverySlotExitsOneSoThatTheSupervisorStartsItAgain() throws Exception {
    startHub(8);
    Process one = relay("1");
    assertEquals("READY\n", read(one.getInputStream(), 6));
    hub.close();
    hub = null;
    assertTrue(one.waitFor(10, TimeUnit.SECONDS), "the slot ended with the hub");
    assertEquals(1, one.exitValue());
    String err = new String(one.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(err.contains("WARN event-forwarder: slot 1: slot 0, which served this slot,"
        + " has ended; exiting"), err);
  }

  @Test
  void aSlotWaitsForTheHubToStartAndSaysSoOnceWhenThatTakesLong() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(SLOT_SCRIPT.toString(), "relay", "3",
        Long.toString(ME), dir.toString());
    pb.environment().put("SUPERVISOR_GROUP_NAME", "fwd");
    pb.environment().put("JSUP_SLOT_WAIT_WARNING", "1");
    Process one = pb.start();
    started.add(one);
    java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(
        one.getErrorStream(), StandardCharsets.UTF_8));
    String line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return err.readLine();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(20, TimeUnit.SECONDS);
    assertTrue(line.endsWith("WARN event-forwarder: slot 3: slot 0 has not started in 1 s; this"
        + " slot takes no event until it does (does the pool have a process 0?)"), line);
    assertTrue(one.isAlive());
    startHub(8);
    assertEquals("READY\n", read(one.getInputStream(), 6));
    send(one, 1, "late");
    assertEquals("RESULT 2\nOKREADY\n", read(one.getInputStream(), 17));
  }

  @Test
  void hostileAnnouncementsAreRefusedWithOneLineEachAndTheHubGoesOn() throws Exception {
    startHub(1);
    ProcessBuilder sleeper = new ProcessBuilder("sleep", "60")
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    sleeper.environment().put("SUPERVISOR_GROUP_NAME", "fwd");
    Process notAPipe = sleeper.start();
    started.add(notAPipe);
    try (OutputStream announce = new FileOutputStream(dir.resolve("announce").toFile())) {
      announce.write(("abc\n" + "9".repeat(500) + "\n\n" + ME + "\n1\n" + notAPipe.pid()
          + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() >= 6);
    assertTrue(lines.contains("WARN slot announcement 'abc' is not a process id; ignored"),
        lines.toString());
    assertTrue(lines.contains("WARN a slot announcement longer than 20 bytes; ignored"),
        lines.toString());
    assertTrue(lines.contains("WARN slot announcement '' is not a process id; ignored"),
        lines.toString());
    assertTrue(lines.contains("WARN slot announcement from process " + ME + ", which is not a"
        + " child of this forwarder's supervisor (pid " + ME + "); ignored"), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN slot announcement from process 1,")),
        lines.toString());
    assertTrue(lines.contains("WARN cannot serve slot process " + notAPipe.pid()
        + ": its stdin is /dev/null, not a pipe from the supervisor"), lines.toString());

    Process otherPool = relay("1", "web");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("WARN slot announcement"
        + " from process " + otherPool.pid() + " of pool 'web', not 'fwd'; ignored"));

    // The hub still serves, up to its most slots.
    Process one = relay("1");
    assertEquals("READY\n", read(one.getInputStream(), 6));
    Process two = relay("2");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream()
        .anyMatch(l -> l.equals("WARN slot process " + two.pid() + " announced itself while 1"
            + " slots are served, the most; ignored")));
  }

  @Test
  void theSlotScriptRefusesWithOneLineWhenItCannotTellWhereToMeet() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(SLOT_SCRIPT.toString(), "relay", "1",
        Long.toString(ME)).redirectErrorStream(true);
    pb.environment().remove("SUPERVISOR_GROUP_NAME");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals(1, out.lines().count(), out);
    assertTrue(out.contains("ERRO event-forwarder: --slot needs SUPERVISOR_GROUP_NAME"), out);
  }

  @Test
  void announcementLinesAreBoundedAndTheLastOneMayLackItsNewline() throws Exception {
    InputStream in = new ByteArrayInputStream(("12\n" + "x".repeat(21) + "\n"
        + "x".repeat(20) + "\n34").getBytes(StandardCharsets.US_ASCII));
    assertEquals(Optional.of("12"), SlotHub.readLine(in));
    assertEquals(Optional.empty(), SlotHub.readLine(in));
    assertEquals(Optional.of("x".repeat(20)), SlotHub.readLine(in));
    assertEquals(Optional.of("34"), SlotHub.readLine(in));
    assertNull(SlotHub.readLine(in));
    assertEquals(Optional.empty(), SlotHub.readLine(new ByteArrayInputStream(
        "y".repeat(10_000).getBytes(StandardCharsets.US_ASCII))));
  }

  private static void send(Process slot, long serial, String payload) throws IOException {
    String header = "ver:3.0 server:supervisor serial:" + serial + " pool:fwd poolserial:"
        + serial + " eventname:REMOTE_COMMUNICATION len:" + payload.length() + "\n";
    slot.getOutputStream().write((header + payload).getBytes(StandardCharsets.US_ASCII));
    slot.getOutputStream().flush();
  }

  private String read(InputStream in, int n) throws Exception {
    java.util.concurrent.CompletableFuture<byte[]> f = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> {
          try {
            return in.readNBytes(n);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    try {
      return new String(f.get(20, TimeUnit.SECONDS), StandardCharsets.US_ASCII);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 20 s; the hub logged " + lines, e);
    }
  }
}
