package dev.jsupervisor.listeners.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.listeners.fastreload.Main;
import dev.jsupervisor.listeners.fastreload.TierLogLines;
import dev.jsupervisor.listeners.it.DaemonUnderTest.Kind;
import dev.jsupervisor.listeners.it.DaemonUnderTest.LogLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs bin/fast-reload's Main as an event listener with many programs that each take seconds to
 * exit after SIGTERM: under the real supervisord 4.2.5 (which alone stops one program group per
 * main-loop pass, about 93 s for the 30 here) reload and shutdown take about one stop time; under
 * jsupervisord the listener stays passive and the daemon is fast by itself.
 */
class FastReloadUnderDaemonsTest {
  private static final String EVENTS = "PROCESS_STATE,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP";
  private static final int PROGRAMS = 30;
  private static final Duration SETTLE = Duration.ofSeconds(30);
  /**
   * The bound. The floor is about 4.3 s: 3 s for the programs to stop, startsecs=1 for
   * them to count as started again, and about 0.3 s for supervisord to reap 31 processes, re-read
   * its config and spawn 31 again. A serial stop (about 93 s) or a double stop of one group
   * (about 7 s) fails it.
   */
  private static final long MAX_MILLIS = 5_000;
  private static final Pattern TIER_LINE = Pattern.compile(": tier \\d+/\\d+ ");

  private DaemonUnderTest daemon;
  private int markers;

  @AfterEach
  void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void reloadAndShutdownOfThirtySlowProgramsUnderSupervisord() throws Exception {
    Cycle cycle = reloadThenShutdown(Kind.SUPERVISORD);

    String log = daemon.diagnostics();
    List<String> tierLines = tierLines();
    assertEquals(2, tierLines.size(), "one tier per stop\n" + log);
    for (List<ProcessInfo> generation : List.of(cycle.before(), cycle.after())) {
      Map<String, Integer> signalled = signalledPids(tierLines, generation);
      Map<String, Integer> left = leftToSupervisord(tierLines, generation);
      assertEquals(PROGRAMS, signalled.size() + left.size(),
          "every process signalled once, by the listener or supervisord\n" + log);
      assertTrue(left.size() <= 1, "supervisord itself stops only its first group\n" + log);
    }
    assertFast(cycle, log);
  }

  @Test
  void higherPriorityNumberTierExitsFirstUnderSupervisord() throws Exception {
    daemon = DaemonUnderTest.prepare(Kind.SUPERVISORD);
    daemon.start(daemon.listenerSection("fastreload", Main.class, EVENTS)
        + slowPrograms(daemon, "low", 4, 100, 1) + slowPrograms(daemon, "high", 4, 200, 1));
    List<ProcessInfo> running = awaitAllRunning(Set.of());
    awaitListenerCaughtUp();

    daemon.client().shutdown();
    assertTrue(daemon.awaitExit(SETTLE), "supervisord did not exit\n" + daemon.diagnostics());

    String log = daemon.diagnostics();
    List<String> tierLines = tierLines();
    assertEquals(2, tierLines.size(), log);
    assertTrue(tierLines.get(0).contains("tier 1/2 (priority 200)"), log);
    assertTrue(tierLines.get(1).contains("tier 2/2 (priority 100)"), log);
    assertFalse(TierLogLines.after(tierLines.get(0), "SIGTERM to ").isEmpty()
        && TierLogLines.after(tierLines.get(0), "left to supervisord: ").isEmpty(), log);
    Map<String, Integer> signalled = signalledPids(tierLines, running);
    Map<String, Integer> left = leftToSupervisord(tierLines, running);
    assertEquals(8, signalled.size() + left.size(), log);
    for (String name : signalled.keySet()) {
      int tier = name.startsWith("high") ? 0 : 1;
      assertTrue(tierLines.get(tier).contains(name + " (pid"), name + " in the wrong tier\n" + log);
    }
    long lastHighStopped = stoppedTimes("high").stream().max(Long::compare).orElseThrow();
    long firstLowStopped = stoppedTimes("low").stream().min(Long::compare).orElseThrow();
    assertEquals(4, stoppedTimes("high").size(), log);
    assertEquals(4, stoppedTimes("low").size(), log);
    assertTrue(lastHighStopped <= firstLowStopped,
        "a priority-100 program exited before the priority-200 tier\n" + log);
  }

  @Test
  void programsComeUpOnTimeAfterAReloadWithNothingElseWakingSupervisord() throws Exception {
    daemon = DaemonUnderTest.prepare(Kind.SUPERVISORD);
    StringBuilder programs = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      programs.append("[program:quick").append(i).append("]\ncommand=/bin/sleep 600\n")
          .append("startsecs=1\nstdout_logfile=NONE\nstderr_logfile=NONE\n");
    }
    daemon.start(daemon.listenerSection("fastreload", Main.class, EVENTS) + programs);
    awaitAllRunning(Set.of());
    awaitListenerCaughtUp();
    long reloadAt = System.currentTimeMillis();

    // One call, then only the log file is read: no client of the test wakes supervisord.
    daemon.client().restart();
    daemon.awaitFile("every program RUNNING again", daemon.dir.resolve("supervisord.log"),
        SETTLE, text -> text.lines().filter(l -> l.contains(" success: quick")).count() >= 10);

    // supervisord checks startsecs only on a main-loop pass, which comes up to a second late
    // when nothing wakes it; the listener wakes it while anything is STARTING.
    String log = daemon.diagnostics();
    for (int i = 1; i <= 5; i++) {
      String name = "quick" + i;
      long spawned = lastLogTime("spawned: '" + name + "'", reloadAt);
      long running = lastLogTime("success: " + name + " entered RUNNING", reloadAt);
      assertTrue(running - spawned <= 1_300,
          name + " was RUNNING " + (running - spawned) + " ms after its spawn\n" + log);
    }
  }

  /** The time of the last main-log line from {@code since} on that starts with {@code prefix}. */
  private long lastLogTime(String prefix, long since) {
    return daemon.mainLog().stream()
        .filter(l -> l.text().startsWith(prefix) && l.millis() >= since)
        .mapToLong(LogLine::millis).max()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line after the reload\n"
            + daemon.diagnostics()));
  }

  @Test
  void staysPassiveUnderJsupervisordWhileReloadStaysFast() throws Exception {
    Cycle cycle = reloadThenShutdown(Kind.JSUPERVISORD);

    String log = daemon.diagnostics();
    assertEquals(2, listenerLines("staying passive").size(), "one per listener start\n" + log);
    assertEquals(2, listenerLines("passive, the daemon stops its tiers itself").size(), log);
    assertTrue(tierLines().isEmpty(), "a passive listener signals nothing\n" + log);
    assertFalse(DaemonUnderTest.read(daemon.listenerLog("fastreload")).contains("SIGTERM"), log);
    assertFast(cycle, log);
  }

  /** The programs before and after a reload, and how long the reload and shutdown took. */
  private record Cycle(
      List<ProcessInfo> before, List<ProcessInfo> after, long reloadMillis, long shutdownMillis) {}

  /**
   * Runs the 30 slow programs and the listener under {@code kind}, reloads until every program
   * runs again (with a new pid), then shuts the daemon down; checks the names survived.
   */
  private Cycle reloadThenShutdown(Kind kind) throws Exception {
    daemon = DaemonUnderTest.prepare(kind);
    daemon.start(daemon.listenerSection("fastreload", Main.class, EVENTS)
        + slowPrograms(daemon, "p", PROGRAMS, 999, 3));
    List<ProcessInfo> before = awaitAllRunning(Set.of());
    awaitListenerCaughtUp();

    long reloadMillis = timed(() -> {
      daemon.client().restart();
      awaitAllRunning(pids(before));
    });
    List<ProcessInfo> after = programs(daemon.processes());
    awaitListenerCaughtUp();
    long shutdownMillis = timed(() -> {
      daemon.client().shutdown();
      assertTrue(daemon.awaitExit(SETTLE), kind + " did not exit\n" + daemon.diagnostics());
    });
    System.out.println("MEASURED " + kind + " fast-reload with " + PROGRAMS
        + " programs stopping in 3 s: reload to all RUNNING " + reloadMillis
        + " ms, shutdown to daemon exit " + shutdownMillis + " ms");
    assertEquals(PROGRAMS, names(before).size(), daemon.diagnostics());
    assertEquals(names(before), names(after),
        "program names changed across the reload\n" + daemon.diagnostics());
    return new Cycle(before, after, reloadMillis, shutdownMillis);
  }

  private static void assertFast(Cycle cycle, String log) {
    assertTrue(cycle.reloadMillis() <= MAX_MILLIS,
        "reload took " + cycle.reloadMillis() + " ms\n" + log);
    assertTrue(cycle.shutdownMillis() <= MAX_MILLIS,
        "shutdown took " + cycle.shutdownMillis() + " ms\n" + log);
  }

  /**
   * {@code count} programs PREFIX01.. at {@code priority} that each need {@code stopSeconds}
   * to exit after SIGTERM, with no log files. The program waits in {@code wait}, so a SIGTERM
   * runs its handler at once. The handler ignores a second SIGTERM, as most servers do:
   * supervisord itself still signals the group it reaches second in its own order (the
   * listener's signal landed a few tens of ms after supervisord's on its first group, so that
   * process is still exiting), and a handler that restarted its graceful stop would double that
   * group's time.
   */
  private static String slowPrograms(
      DaemonUnderTest daemon, String prefix, int count, int priority, int stopSeconds)
      throws IOException {
    Path script = daemon.dir.resolve("slow-stop.sh");
    Files.writeString(script, String.join("\n",
        "delay=$1",
        "trap 'trap \"\" TERM; kill $child 2>/dev/null; sleep $delay; exit 0' TERM",
        "sleep 2147483647 &",
        "child=$!",
        "wait $child",
        ""));
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      b.append(String.format("[program:%s%02d]%n", prefix, i))
          .append("command=/bin/sh ").append(script).append(' ').append(stopSeconds).append('\n')
          .append("startsecs=1\n")
          .append("stdout_logfile=NONE\n")
          .append("stderr_logfile=NONE\n")
          .append("priority=").append(priority).append('\n');
    }
    return b.toString();
  }

  /** Waits until every program (not the listener) is RUNNING with a pid not in {@code old}. */
  private List<ProcessInfo> awaitAllRunning(Set<Integer> old) {
    return daemon.awaitProcesses("every program RUNNING", SETTLE, infos -> {
      List<ProcessInfo> programs = programs(infos);
      return programs.size() >= 4
          && programs.stream().allMatch(
              i -> i.state() == ProcessState.RUNNING && !old.contains(i.pid()))
          && infos.stream().anyMatch(i -> i.name().equals("fastreload")
              && i.state() == ProcessState.RUNNING);
    }).stream().filter(FastReloadUnderDaemonsTest::isProgram).toList();
  }

  private static List<ProcessInfo> programs(List<ProcessInfo> infos) {
    return infos.stream().filter(FastReloadUnderDaemonsTest::isProgram).toList();
  }

  /** A slow program of the test, not the listener or a marker group. */
  private static boolean isProgram(ProcessInfo info) {
    return !info.name().equals("fastreload") && !info.name().startsWith("marker");
  }

  /**
   * Adds a new group and waits for the listener to log it. Events reach a listener one at a
   * time, in order, starting only once it is RUNNING, so just after start-up it still works
   * through dozens of them; a reload then would measure that backlog rather than the stop.
   */
  private void awaitListenerCaughtUp() throws Exception {
    String marker = "marker" + ++markers;
    Files.writeString(daemon.conf, "[program:" + marker + "]\ncommand=/bin/sleep 600\n"
        + "autostart=false\n", StandardOpenOption.APPEND);
    assertEquals(List.of(marker), daemon.client().reloadConfig().added());
    assertTrue(daemon.client().addProcessGroup(marker));
    awaitListenerLines("group " + marker + " added", 1);
  }

  private static Set<Integer> pids(List<ProcessInfo> infos) {
    Set<Integer> pids = new HashSet<>();
    infos.forEach(i -> pids.add(i.pid()));
    return pids;
  }

  private static Set<String> names(List<ProcessInfo> infos) {
    Set<String> names = new TreeSet<>();
    infos.forEach(i -> names.add(i.group() + ":" + i.name()));
    return names;
  }

  private void awaitListenerLines(String containing, int count) {
    daemon.awaitFile("listener log lines with '" + containing + "'",
        daemon.listenerLog("fastreload"), SETTLE,
        text -> text.lines().filter(l -> l.contains(containing)).count() >= count);
  }

  /** The listener's "tier N/M ..." lines, one per tier it signalled. */
  private List<String> tierLines() {
    return DaemonUnderTest.read(daemon.listenerLog("fastreload")).lines()
        .filter(l -> TIER_LINE.matcher(l).find()).toList();
  }

  private List<String> listenerLines(String containing) {
    return DaemonUnderTest.read(daemon.listenerLog("fastreload")).lines()
        .filter(l -> l.contains(containing)).toList();
  }

  /**
   * The processes of {@code generation} the listener signalled, by name with their pid; fails
   * when a pid is signalled twice or a signalled pid is not one of the generation's.
   */
  private static Map<String, Integer> signalledPids(
      List<String> tierLines, List<ProcessInfo> generation) {
    Map<String, Integer> pidsByName = new HashMap<>();
    generation.forEach(i -> pidsByName.put(i.name(), i.pid()));
    Map<String, Integer> found = new HashMap<>();
    List<Integer> everySignalled = new ArrayList<>();
    for (String line : tierLines) {
      for (TierLogLines.Target t : TierLogLines.after(line, "SIGTERM to ")) {
        everySignalled.add(t.pid());
        if (pidsByName.containsValue(t.pid())) {
          assertEquals(pidsByName.get(t.name()), t.pid(), "name and pid disagree: " + line);
          found.put(t.name(), t.pid());
        }
      }
    }
    assertEquals(new HashSet<>(everySignalled).size(), everySignalled.size(),
        "a pid was signalled twice: " + everySignalled);
    return found;
  }

  /** The processes of {@code generation} the listener left to supervisord. */
  private static Map<String, Integer> leftToSupervisord(
      List<String> tierLines, List<ProcessInfo> generation) {
    Set<Integer> pids = pids(generation);
    Map<String, Integer> found = new HashMap<>();
    for (String line : tierLines) {
      for (TierLogLines.Target t : TierLogLines.after(line, "left to supervisord: ")) {
        if (pids.contains(t.pid())) {
          found.put(t.name(), t.pid());
        }
      }
    }
    return found;
  }

  private List<Long> stoppedTimes(String prefix) {
    return daemon.mainLog().stream()
        .filter(l -> l.text().startsWith("stopped: " + prefix)
            || l.text().startsWith("exited: " + prefix))
        .map(LogLine::millis)
        .toList();
  }

  private interface Action {
    void run() throws Exception;
  }

  private static long timed(Action action) throws Exception {
    long start = System.nanoTime();
    action.run();
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }
}
