package dev.jsupervisor.testkit;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.config.AutoRestart;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.testkit.internal.Timeline;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A scripted supervisord process table: starts, stops and crashes move fake processes through
 * supervisord's states (states.md) on the virtual clock and emit the PROCESS_STATE events
 * supervisord would. {@link ScriptedApi} serves it as the XML-RPC API. Nothing is spawned; time
 * only passes when the test advances it.
 *
 * <p>Failures are injected per process: {@link #failStarts} (exits before startsecs, so BACKOFF
 * retries and finally FATAL), {@link #slowStop} and {@link #setMood} (SHUTDOWN_STATE faults).
 */
public final class FakeProcessTable {
  private static final String EXITED_TOO_QUICKLY = "Exited too quickly (process log may have details)";

  private final Timeline timeline;
  private final Consumer<Event> events;
  private final CallLog calls;
  /** Active groups by name, each with its processes in group order. */
  private final Map<String, List<FakeProcess>> groups = new TreeMap<>();
  /** Groups removed by removeProcessGroup, kept so addProcessGroup can bring them back. */
  private final Map<String, List<FakeProcess>> removed = new TreeMap<>();
  private final Deque<List<FakeProcess>> shutdownTiers = new ArrayDeque<>();
  private SupervisorState mood = SupervisorState.RUNNING;
  private final LongSupplier pids;

  FakeProcessTable(Timeline timeline, Consumer<Event> events, CallLog calls,
      List<Program> programs) {
    this(timeline, events, calls, programs, sequentialPids());
  }

  /** The default pids: 4000, 4001, ... (made up; no process has them). */
  static LongSupplier sequentialPids() {
    long[] next = {4000};
    return () -> next[0]++;
  }

  FakeProcessTable(Timeline timeline, Consumer<Event> events, CallLog calls,
      List<Program> programs, LongSupplier pids) {
    this.pids = pids;
    this.timeline = timeline;
    this.events = events;
    this.calls = calls;
    for (Program p : programs) {
      groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(new FakeProcess(p));
    }
  }

  long now() {
    return timeline.clock().currentTimeMillis();
  }

  // ---------------------------------------------------------------- scripting for tests

  /** Starts a process as supervisord would on its own (autostart, ctl): no call is recorded. */
  public synchronized void start(String name) {
    FakeProcess p = find(name);
    if (!p.state.isRunning() && p.state != ProcessState.STOPPING) {
      spawn(p);
    }
  }

  /** Stops a process as supervisord would on its own: no call is recorded. */
  public synchronized void stop(String name) {
    FakeProcess p = find(name);
    if (p.state.isRunning()) {
      beginStop(p);
    }
  }

  /**
   * The process exits on its own with {@code exitCode}: from RUNNING it becomes EXITED (and is
   * restarted per autorestart); from STARTING it exited too quickly (BACKOFF).
   */
  public synchronized void crash(String name, int exitCode) {
    FakeProcess p = find(name);
    if (p.state == ProcessState.RUNNING) {
      exitWhileRunning(p, exitCode);
    } else if (p.state == ProcessState.STARTING) {
      exitTooQuickly(p);
    } else {
      throw new IllegalStateException(name + " is " + p.state + ", so it cannot crash");
    }
  }

  /** The next {@code attempts} spawns of this process exit before startsecs. */
  public synchronized void failStarts(String name, int attempts) {
    find(name).startFailuresLeft = attempts;
  }

  /** Every spawn exits before startsecs: a start ends FATAL after the BACKOFF retries. */
  public synchronized void failStartsForever(String name) {
    failStarts(name, Integer.MAX_VALUE);
  }

  /** Stopping takes {@code delay} of virtual time (at most stopwaitsecs, then SIGKILL). */
  public synchronized void slowStop(String name, Duration delay) {
    find(name).stopDelay = delay;
  }

  /** Puts a process into a state silently (no event), with a pid for the running states. */
  public synchronized void place(String name, ProcessState state) {
    FakeProcess p = find(name);
    p.generation++;
    p.state = state;
    boolean alive = state == ProcessState.RUNNING || state == ProcessState.STARTING
        || state == ProcessState.STOPPING;
    p.pid = alive ? pids.getAsLong() : 0;
    if (alive) {
      p.startMillis = now();
    }
    notifyAll();
  }

  /** Sets the daemon mood: below RUNNING every call but sendRemoteCommEvent faults SHUTDOWN_STATE. */
  public synchronized void setMood(SupervisorState mood) {
    this.mood = mood;
  }

  public synchronized SupervisorState mood() {
    return mood;
  }

  /**
   * Plays supervisord's own start: PROCESS_GROUP_ADDED for each group in (priority, name)
   * order, SUPERVISOR_STATE_CHANGE_RUNNING, then a spawn of every autostart process.
   */
  public synchronized void supervisordStart() {
    List<List<FakeProcess>> ordered = groupsByPriority();
    for (List<FakeProcess> g : ordered) {
      events.accept(Event.groupAdded(g.get(0).group()));
    }
    events.accept(Event.supervisorStateChange(SupervisorState.RUNNING));
    for (List<FakeProcess> g : ordered) {
      for (FakeProcess p : byPriority(g)) {
        if (p.program.autostart() && p.state == ProcessState.STOPPED) {
          spawn(p);
        }
      }
    }
  }

  /**
   * Plays supervisord's stop: mood SHUTDOWN, SUPERVISOR_STATE_CHANGE_STOPPING, then the groups
   * stopped one tier at a time from the highest priority number down, the next tier only once
   * every process of the current one is stopped.
   */
  public synchronized void supervisordStop() {
    beginShutdown(SupervisorState.SHUTDOWN);
  }

  /** The current state of a process. */
  public synchronized ProcessState state(String name) {
    return find(name).state;
  }

  /** The getProcessInfo struct of a process, without recording a call. */
  public synchronized ProcessInfo info(String name) {
    return find(name).info(now());
  }

  /** Waits (real time, with a deadline) until the process is in {@code state}. */
  public synchronized void awaitState(String name, ProcessState state, Duration timeout) {
    FakeProcess p = find(name);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (p.state != state) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(name + " did not reach " + state + " within "
            + timeout.toMillis() + " ms; it is " + p.state + " (calls: " + calls.all() + ")");
      }
      try {
        wait(Math.max(1, left / 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + name + " to be " + state);
      }
    }
  }

  // ---------------------------------------------------------------- state machine

  FakeProcess find(String name) {
    Namespec spec = Namespec.parse(name);
    List<FakeProcess> group = groups.get(spec.group());
    if (group != null && !spec.isWholeGroup()) {
      for (FakeProcess p : group) {
        if (p.name().equals(spec.process())) {
          return p;
        }
      }
    }
    throw new RpcFault(Fault.BAD_NAME, name);
  }

  List<FakeProcess> findGroup(String name) {
    List<FakeProcess> group = groups.get(name);
    if (group == null) {
      throw new RpcFault(Fault.BAD_NAME, name);
    }
    return group;
  }

  private List<List<FakeProcess>> groupsByPriority() {
    List<List<FakeProcess>> ordered = new ArrayList<>(groups.values());
    ordered.sort(Comparator.<List<FakeProcess>>comparingInt(g -> g.get(0).program.groupPriority())
        .thenComparing(g -> g.get(0).group()));
    return ordered;
  }

  static List<FakeProcess> byPriority(List<FakeProcess> group) {
    List<FakeProcess> sorted = new ArrayList<>(group);
    sorted.sort(Comparator.comparingInt((FakeProcess p) -> p.program.priority())
        .thenComparing(FakeProcess::name));
    return sorted;
  }

  /** Moves a process to {@code to}, emitting the event with the values at this moment. */
  private void change(FakeProcess p, ProcessState to, boolean expected) {
    ProcessState from = p.state;
    if (from == to) {
      return;
    }
    p.state = to;
    events.accept(Event.processState(to, p.name(), p.group(), from, p.tries, p.pid, expected));
    p.watchers.removeIf(w -> w.test(p));
    notifyAll();
    continueShutdown();
  }

  void spawn(FakeProcess p) {
    if (mood != SupervisorState.RUNNING) {
      return;
    }
    p.generation++;
    p.pid = pids.getAsLong();
    p.startMillis = now();
    p.spawnerr = "";
    change(p, ProcessState.STARTING, false);
    if (p.startFailuresLeft > 0) {
      if (p.startFailuresLeft != Integer.MAX_VALUE) {
        p.startFailuresLeft--;
      }
      exitTooQuickly(p);
      return;
    }
    if (p.program.startSecs() == 0) {
      p.tries = 0;
      change(p, ProcessState.RUNNING, false);
      return;
    }
    long generation = p.generation;
    timeline.schedule(Duration.ofSeconds(p.program.startSecs()), () -> {
      synchronized (this) {
        if (p.generation == generation && p.state == ProcessState.STARTING) {
          p.tries = 0;
          change(p, ProcessState.RUNNING, false);
        }
      }
    });
  }

  private void exitTooQuickly(FakeProcess p) {
    p.generation++;
    p.stopMillis = now();
    p.exitStatus = 1;
    p.pid = 0;
    p.tries++;
    p.spawnerr = EXITED_TOO_QUICKLY;
    change(p, ProcessState.BACKOFF, false);
    if (p.tries > p.program.startRetries()) {
      change(p, ProcessState.FATAL, false);
      return;
    }
    long generation = p.generation;
    timeline.schedule(Duration.ofSeconds(p.tries), () -> {
      synchronized (this) {
        if (p.generation == generation && p.state == ProcessState.BACKOFF) {
          spawn(p);
        }
      }
    });
  }

  void exitWhileRunning(FakeProcess p, int exitStatus) {
    boolean expected = exitStatus >= 0 && p.program.exitCodes().contains(exitStatus);
    p.generation++;
    p.stopMillis = now();
    p.exitStatus = exitStatus;
    p.tries = 0;
    p.spawnerr = expected ? "" : "Bad exit code " + exitStatus;
    change(p, ProcessState.EXITED, expected);
    p.pid = 0;
    AutoRestart restart = p.program.autoRestart();
    if (restart == AutoRestart.TRUE || (restart == AutoRestart.UNEXPECTED && !expected)) {
      spawn(p);
    }
  }

  void beginStop(FakeProcess p) {
    if (p.state == ProcessState.BACKOFF) {
      p.generation++;
      p.pid = 0;
      change(p, mood == SupervisorState.RUNNING ? ProcessState.STOPPED : ProcessState.FATAL,
          false);
      return;
    }
    p.generation++;
    change(p, ProcessState.STOPPING, false);
    Duration delay = p.stopDelay;
    Duration limit = Duration.ofSeconds(p.program.stopWaitSecs());
    boolean killed = delay.compareTo(limit) > 0;
    if (delay.isZero()) {
      reapStopped(p, false);
      return;
    }
    long generation = p.generation;
    timeline.schedule(killed ? limit : delay, () -> {
      synchronized (this) {
        if (p.generation == generation && p.state == ProcessState.STOPPING) {
          reapStopped(p, killed);
        }
      }
    });
  }

  private void reapStopped(FakeProcess p, boolean killed) {
    p.stopMillis = now();
    p.exitStatus = -1;
    change(p, ProcessState.STOPPED, false);
    p.pid = 0;
  }

  void beginShutdown(SupervisorState newMood) {
    if (mood != SupervisorState.RUNNING) {
      return;
    }
    mood = newMood;
    events.accept(Event.supervisorStateChange(newMood));
    List<List<FakeProcess>> ordered = groupsByPriority();
    for (int i = ordered.size() - 1; i >= 0; i--) {
      shutdownTiers.addLast(ordered.get(i));
    }
    stopNextTier();
  }

  private void stopNextTier() {
    List<FakeProcess> tier = shutdownTiers.peekFirst();
    if (tier == null) {
      return;
    }
    List<FakeProcess> descending = byPriority(tier);
    java.util.Collections.reverse(descending);
    for (FakeProcess p : descending) {
      if (p.state.isRunning()) {
        beginStop(p);
      }
    }
    continueShutdown();
  }

  private void continueShutdown() {
    List<FakeProcess> tier = shutdownTiers.peekFirst();
    if (tier != null && tier.stream().allMatch(p -> p.state.isStopped())) {
      shutdownTiers.pollFirst();
      stopNextTier();
    }
  }

  // ---------------------------------------------------------------- used by ScriptedApi

  void checkMood() {
    if (mood != SupervisorState.RUNNING) {
      throw new RpcFault(Fault.SHUTDOWN_STATE);
    }
  }

  void emit(Event event) {
    events.accept(event);
  }

  /** Brings back a group removed earlier, with fresh processes; autostart ones spawn. */
  void addGroup(String name) {
    if (groups.containsKey(name)) {
      throw new RpcFault(Fault.ALREADY_ADDED, name);
    }
    List<FakeProcess> group = removed.remove(name);
    if (group == null) {
      throw new RpcFault(Fault.BAD_NAME, name);
    }
    List<FakeProcess> fresh = group.stream().map(p -> new FakeProcess(p.program)).toList();
    groups.put(name, new ArrayList<>(fresh));
    events.accept(Event.groupAdded(name));
    for (FakeProcess p : byPriority(fresh)) {
      if (p.program.autostart()) {
        spawn(p);
      }
    }
  }

  /** Removes a group whose processes are all stopped. */
  void removeGroup(String name) {
    List<FakeProcess> group = findGroup(name);
    if (!group.stream().allMatch(p -> p.state.isStopped())) {
      throw new RpcFault(Fault.STILL_RUNNING, name);
    }
    groups.remove(name);
    removed.put(name, group);
    events.accept(Event.groupRemoved(name));
  }

  List<FakeProcess> everyProcess() {
    List<FakeProcess> all = new ArrayList<>();
    groupsByPriority().forEach(g -> all.addAll(byPriority(g)));
    return all;
  }
}
