package dev.jsupervisor.core.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The state machine driving real children: stop signals, group kills, SIGKILL escalation. */
final class LiveSubprocessTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final Spawner spawner =
      new Spawner(JnaPosix.get(), Map.of("PATH", "/usr/bin:/bin"), Map.of(), null);

  @Test
  void stopasgroupKillsTheGrandchildren() throws Exception {
    Programs p = Programs.program("family").command("sh -c 'sleep 300 & sleep 300 & wait'");
    p.startSecs = 0;
    p.stopAsGroup = true;
    p.killAsGroup = true;
    try (LiveLoop loop = new LiveLoop(p.build(), spawner)) {
      loop.call(s -> { s.spawn(); return null; });
      int pid = loop.call(Subprocess::pid);
      await().atMost(PATIENCE).until(() -> sleepersInGroup(pid).size() == 2);
      List<Long> grandchildren = sleepersInGroup(pid);
      loop.call(Subprocess::stop);
      await().atMost(PATIENCE).until(() -> loop.state() == ProcessState.STOPPED);
      await().atMost(PATIENCE).until(() -> grandchildren.stream().noneMatch(LiveSubprocessTest::alive));
    }
  }

  @Test
  void withoutStopasgroupTheGrandchildrenSurvive() throws Exception {
    Programs p = Programs.program("orphans").command("sh -c 'sleep 300 & sleep 300 & wait'");
    p.startSecs = 0;
    List<Long> grandchildren = new ArrayList<>();
    try (LiveLoop loop = new LiveLoop(p.build(), spawner)) {
      loop.call(s -> { s.spawn(); return null; });
      int pid = loop.call(Subprocess::pid);
      await().atMost(PATIENCE).until(() -> sleepersInGroup(pid).size() == 2);
      grandchildren.addAll(sleepersInGroup(pid));
      loop.call(Subprocess::stop);
      await().atMost(PATIENCE).until(() -> loop.state() == ProcessState.STOPPED);
      assertTrue(grandchildren.stream().allMatch(LiveSubprocessTest::alive));
    } finally {
      for (long g : grandchildren) {
        ProcessHandle.of(g).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void childIgnoringSigtermIsKilledAfterStopwaitsecs() throws Exception {
    Programs p = Programs.program("stubborn").command("sh -c \"trap '' TERM; exec sleep 300\"");
    p.startSecs = 0;
    p.stopWaitSecs = 1;
    try (LiveLoop loop = new LiveLoop(p.build(), spawner)) {
      loop.call(s -> { s.spawn(); return null; });
      int pid = loop.call(Subprocess::pid);
      await().atMost(PATIENCE).until(() -> SpawnerTest.commOf(pid).equals("sleep"));
      loop.call(Subprocess::stop);
      assertEquals(ProcessState.STOPPING, loop.state());
      await().atMost(PATIENCE).until(() -> loop.state() == ProcessState.STOPPED);
      assertTrue(loop.log.contains("WARN killing 'stubborn' (" + pid + ") with SIGKILL"), loop.log::toString);
      assertTrue(loop.log.contains("WARN stopped: stubborn (terminated by SIGKILL)"), loop.log::toString);
      assertEquals(-1, (int) loop.call(Subprocess::exitStatus));
    }
  }

  @Test
  void quickExitBacksOffAndGivesUpForReal() {
    Programs p = Programs.program("flaky").command("sh -c 'exit 3'");
    p.startSecs = 5;
    p.startRetries = 1;
    try (LiveLoop loop = new LiveLoop(p.build(), spawner)) {
      loop.call(s -> { s.transition(); return null; });
      await().atMost(PATIENCE).until(() -> loop.state() == ProcessState.FATAL);
      assertEquals(2, loop.log.stream().filter(l -> l.startsWith("INFO spawned:")).count());
      assertTrue(loop.log.contains("INFO gave up: flaky entered FATAL state, too many start retries too quickly"));
      assertFalse(loop.log.stream().anyMatch(l -> l.startsWith("INFO success:")));
    }
  }

  /** The {@code sleep} processes of process group {@code pgid}, read from /proc. */
  private static List<Long> sleepersInGroup(int pgid) throws IOException {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String stat = readStat(entry);
        if (stat == null) {
          continue;
        }
        // Fields after the ")" of the command: state ppid pgrp ...
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (stat.contains("(sleep)") && Integer.parseInt(rest[2]) == pgid && !rest[0].equals("Z")) {
          found.add(Long.parseLong(name));
        }
      }
    }
    return found;
  }

  /** Alive = has a /proc entry that is not a zombie. */
  static boolean alive(long pid) {
    String stat = readStat(Path.of("/proc", String.valueOf(pid)));
    return stat != null && !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
  }

  private static String readStat(Path procEntry) {
    try {
      return Files.readString(procEntry.resolve("stat"));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
