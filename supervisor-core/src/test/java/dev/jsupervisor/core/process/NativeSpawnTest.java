package dev.jsupervisor.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.process.internal.PosixSpawn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What posix_spawn children get that {@code java.lang.Process} ones did not: real wait statuses,
 * supervisord's signal state, nothing inherited but the three pipes, and one reaper for all.
 */
final class NativeSpawnTest {
  private final List<SpawnedChild> started = new ArrayList<>();
  private final Spawner spawner =
      new Spawner(
          Spawner.Mechanism.POSIX_SPAWN, JnaPosix.get(), Map.of("PATH", "/usr/bin:/bin"), Map.of(),
          null);

  @AfterEach
  void killLeftovers() {
    started.forEach(SpawnerTest::killIfRunning);
  }

  private SpawnedChild spawn(String command) throws SpawnException {
    SpawnedChild child = spawner.spawn(Programs.program("n").command(command).build(), "g");
    started.add(child);
    return child;
  }

  private static ExitStatus exitOf(SpawnedChild child)
      throws InterruptedException, ExecutionException, TimeoutException {
    return child.exit().get(30, TimeUnit.SECONDS);
  }

  /**
   * An exiting daemon lets the watching thread end (a JVM waits up to 300 ms at exit for a
   * thread blocked in a native call); a spawn after that starts a new one, and nothing is lost.
   */
  @Test
  void theWatchingThreadEndsWhenIdleAndComesBackForTheNextChild() throws Exception {
    SpawnedChild first = spawn("sh -c 'echo one'");
    assertEquals("one\n", new String(first.stdout().readAllBytes(), UTF_8));
    assertEquals(ExitStatus.exited(0), exitOf(first));

    Spawner.stopWatchingWhenIdle();
    await().atMost(Duration.ofSeconds(10)).until(() -> !pollerThreadAlive());

    SpawnedChild second = spawn("sh -c 'echo two; exit 3'");
    assertEquals("two\n", new String(second.stdout().readAllBytes(), UTF_8));
    assertEquals(ExitStatus.exited(3), exitOf(second));
    assertTrue(pollerThreadAlive(), "a new watching thread");
  }

  private static boolean pollerThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("child-poller") && t.isAlive());
  }

  @Test
  void theDefaultMechanismHereIsPosixSpawn() {
    assertEquals(null, PosixSpawn.unavailable());
    assertEquals(Spawner.Mechanism.POSIX_SPAWN, Spawner.Mechanism.configured());
  }

  @Test
  void exitStatus143IsAnExitAndSigtermIsASignal() throws Exception {
    ExitStatus exited = exitOf(spawn("sh -c 'exit 143'"));
    assertEquals(ExitStatus.exited(143), exited);
    assertEquals("exit status 143", exited.describe());

    SpawnedChild sleeper = spawn("sleep 30");
    await().atMost(Duration.ofSeconds(10)).until(() -> SpawnerTest.commOf(sleeper.pid()).equals("sleep"));
    JnaPosix.get().kill(sleeper.pid(), 15);
    ExitStatus killed = exitOf(sleeper);
    assertEquals(ExitStatus.killedBy(15, false), killed);
    assertEquals("terminated by SIGTERM", killed.describe());
  }

  @Test
  void childHasSupervisordsSignalStateAndOnlyItsThreePipes() throws Exception {
    SpawnedChild child = spawn("sleep 30");
    await().atMost(Duration.ofSeconds(10)).until(() -> SpawnerTest.commOf(child.pid()).equals("sleep"));
    String status = Files.readString(Path.of("/proc/" + child.pid() + "/status"));
    assertEquals("0000000000000000", field(status, "SigBlk"));
    // SIGPIPE (13) and SIGXFSZ (25) ignored, as Python leaves them for supervisord's children.
    assertEquals("0000000001001000", field(status, "SigIgn"));
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + child.pid() + "/fd"))) {
      Set<String> open =
          fds.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(Set.of("0", "1", "2"), open);
    }
  }

  @Test
  void stdinAndStdoutRoundTripAndEofEndsTheChild() throws Exception {
    SpawnedChild child = spawn("cat");
    child.stdin().write("hello\n".getBytes(UTF_8));
    child.stdin().close();
    assertEquals("hello\n", new String(child.stdout().readAllBytes(), UTF_8));
    child.stdout().close();
    assertEquals(ExitStatus.exited(0), exitOf(child));
    assertThrows(IOException.class, () -> child.stdout().read(new byte[4]));
  }

  /** argv and the environment reach the child whole: empty and non-ASCII words, many of them. */
  @Test
  void everyArgumentAndVariableArrivesAsWritten() throws Exception {
    SpawnedChild child = spawn("/usr/bin/printf '<%s>' a '' 'h\u00e9llo w\u00f6rld' "
        + "x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x");
    assertEquals("<a><><h\u00e9llo w\u00f6rld>" + "<x>".repeat(30),
        new String(child.stdout().readAllBytes(), UTF_8));
    assertEquals(ExitStatus.exited(0), exitOf(child));
    SpawnedChild env = spawn("/usr/bin/env");
    assertEquals("PATH=/usr/bin:/bin\n", new String(env.stdout().readAllBytes(), UTF_8)
        .lines().filter(l -> l.startsWith("PATH=")).findFirst().orElse("") + "\n");
    assertEquals(ExitStatus.exited(0), exitOf(env));
  }

  @Test
  void writingToAChildThatExitedIsAnIoExceptionNotADeath() throws Exception {
    SpawnedChild child = spawn("true");
    assertEquals(ExitStatus.exited(0), exitOf(child));
    IOException e =
        assertThrows(IOException.class, () -> child.stdin().write(new byte[70_000]));
    assertEquals("write: EPIPE", e.getMessage());
  }

  @Test
  void manyChildrenAndAJdkProcessAreEachReapedWithTheirOwnStatus() throws Exception {
    Process jdkChild = new ProcessBuilder("/bin/sh", "-c", "sleep 0.2; exit 7").start();
    List<SpawnedChild> children = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      children.add(spawn("sh -c 'exit " + i + "'"));
    }
    for (int i = 0; i < children.size(); i++) {
      assertEquals(ExitStatus.exited(i), exitOf(children.get(i)));
      children.get(i).stdout().close();
      children.get(i).stdin().close();
      children.get(i).stderr().close();
    }
    assertTrue(jdkChild.waitFor(30, TimeUnit.SECONDS));
    assertEquals(7, jdkChild.exitValue());
  }

  @Test
  void closedStreamsLeaveNoDescriptorBehind() throws Exception {
    exitOf(closeAll(spawn("true"))); // warm up: the reaper's eventfd is opened once
    long before = openDescriptors();
    for (int i = 0; i < 10; i++) {
      exitOf(closeAll(spawn("true")));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> openDescriptors() == before);
  }

  @Test
  void aMissingExecutableFailsTheSpawnWithItsErrno() {
    PosixException e =
        assertThrows(
            PosixException.class,
            () -> PosixSpawn.start(List.of("/nonexistent/prog"), Map.of(), false, -1));
    assertEquals(Errno.ENOENT, e.errno());
    assertEquals(
        "unknown error during fork for 'n': ENOENT", Spawner.forkError("n", e.errno(), "x"));
    assertEquals("too many open files to spawn 'n'", Spawner.forkError("n", Errno.EMFILE, "x"));
  }

  @Test
  void environmentTheJdkWouldRefuseIsRefusedWithTheSameWords() {
    Programs p = Programs.program("bad").command("true");
    p.environment = Map.of("A=B", "x");
    SpawnException e = assertThrows(SpawnException.class, () -> spawner.spawn(p.build(), "g"));
    assertEquals(
        "unknown error making dispatchers for 'bad': Invalid environment variable name: \"A=B\"",
        e.getMessage());
  }

  private static SpawnedChild closeAll(SpawnedChild child) throws IOException {
    child.stdin().close();
    child.stdout().readAllBytes();
    child.stdout().close();
    child.stderr().readAllBytes();
    child.stderr().close();
    return child;
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static String field(String status, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ":\\s*(\\S+)").matcher(status);
    assertTrue(m.find(), name);
    return m.group(1);
  }
}
