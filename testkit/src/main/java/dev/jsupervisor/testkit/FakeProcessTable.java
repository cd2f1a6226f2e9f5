package dev.jsupervisor.testkit;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.config.AutoRestart;
import dev.jsupervisor.core.config.ConfigDiff;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.Signals;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.rpc.TailResult;
import dev.jsupervisor.testkit.internal.FakeProcess;
import dev.jsupervisor.testkit.internal.Timeline;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A scripted supervisord process table that answers the {@code supervisor.*} XML-RPC API: starts,
 * stops and signals move fake processes through supervisord's states (states.md) on the virtual
 * clock, emit the PROCESS_STATE events supervisord would, fault as supervisord does and are all
 * recorded. Nothing is spawned; time only passes when the test advances it.
 *
 * <p>Failures are injected per process: {@link #failStarts} (exits before startsecs, so BACKOFF
 * retries and finally FATAL), {@link #slowStop} and {@link #setMood} (SHUTDOWN_STATE faults).
 */
public final class FakeProcessTable implements SupervisorApi {
  private static final Comparator<FakeProcess> BY_GROUP_THEN_NAME =
      Comparator.comparing(FakeProcess::group).thenComparing(FakeProcess::name);
  private static final String EXITED_TOO_QUICKLY = "Exited too quickly (process log may have details)";

  private final Timeline timeline;
  private final Consumer<Event> events;
  private final CallLog calls;
  private final String identifier;
  /** Active groups by name, each with its processes in group order. */
  private final Map<String, List<FakeProcess>> groups = new TreeMap<>();
  /** Groups removed by removeProcessGroup, kept so addProcessGroup can bring them back. */
  private final Map<String, List<FakeProcess>> removed = new TreeMap<>();
  /** Completes futures off the table's lock, in order. */
  private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fake-supervisor-completions");
    t.setDaemon(true);
    return t;
  });
  private final Deque<List<FakeProcess>> shutdownTiers = new ArrayDeque<>();
  private SupervisorState mood = SupervisorState.RUNNING;
  private long nextPid = 4000;

  FakeProcessTable(Timeline timeline, Consumer<Event> events, CallLog calls, String identifier,
      List<Program> programs) {
    this.timeline = timeline;
    this.events = events;
    this.calls = calls;
    this.identifier = identifier;
    for (Program p : programs) {
      groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(new FakeProcess(p));
    }
  }

  void shutdownExecutor() {
    completions.shutdownNow();
  }

  private long now() {
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
    p.pid = alive ? nextPid++ : 0;
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

  private FakeProcess find(String name) {
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

  private List<FakeProcess> findGroup(String name) {
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

  private static List<FakeProcess> byPriority(List<FakeProcess> group) {
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

  private void spawn(FakeProcess p) {
    if (mood != SupervisorState.RUNNING) {
      return;
    }
    p.generation++;
    p.pid = nextPid++;
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

  private void exitWhileRunning(FakeProcess p, int exitStatus) {
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

  private void beginStop(FakeProcess p) {
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

  private void beginShutdown(SupervisorState newMood) {
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

  // ---------------------------------------------------------------- XML-RPC API

  private void checkMood() {
    if (mood != SupervisorState.RUNNING) {
      throw new RpcFault(Fault.SHUTDOWN_STATE);
    }
  }

  /** Records the call, checks the mood and runs {@code body} under the table's lock. */
  private synchronized <T> T call(String method, Function<Void, T> body, Object... args) {
    calls.record("supervisor." + method, args);
    checkMood();
    return body.apply(null);
  }

  /** Completes {@code future} off the lock once {@code done} returns a non-null value. */
  private <T> void completeWhen(FakeProcess p, CompletableFuture<T> future,
      Function<FakeProcess, T> done) {
    Predicate<FakeProcess> watcher = proc -> {
      T value;
      try {
        value = done.apply(proc);
      } catch (RpcFault fault) {
        completions.execute(() -> future.completeExceptionally(fault));
        return true;
      }
      if (value == null) {
        return false;
      }
      completions.execute(() -> future.complete(value));
      return true;
    };
    if (!watcher.test(p)) {
      p.watchers.add(watcher);
    }
  }

  private static Boolean startOutcome(FakeProcess p, String name) {
    if (p.state == ProcessState.RUNNING) {
      return Boolean.TRUE;
    }
    if (!p.spawnerr.isEmpty()) {
      throw new RpcFault(Fault.SPAWN_ERROR, name);
    }
    if (p.state != ProcessState.STARTING) {
      throw new RpcFault(Fault.ABNORMAL_TERMINATION, name);
    }
    return null;
  }

  private CompletableFuture<Boolean> startOne(FakeProcess p, String name, boolean wait) {
    if (p.state.isRunning()) {
      throw new RpcFault(Fault.ALREADY_STARTED, name);
    }
    if (p.state == ProcessState.UNKNOWN) {
      throw new RpcFault(Fault.FAILED, name + " is in an unknown process state");
    }
    if (p.state == ProcessState.STOPPING) {
      return CompletableFuture.completedFuture(true);
    }
    spawn(p);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    if (!wait) {
      result.complete(true);
      return result;
    }
    completeWhen(p, result, proc -> startOutcome(proc, name));
    return result;
  }

  private CompletableFuture<Boolean> stopOne(FakeProcess p, String name, boolean wait) {
    if (!p.state.isRunning()) {
      throw new RpcFault(Fault.NOT_RUNNING, name);
    }
    beginStop(p);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    if (!wait) {
      result.complete(true);
      return result;
    }
    completeWhen(p, result, proc -> proc.state.isStopped() ? Boolean.TRUE : null);
    return result;
  }

  /** Runs a per-process operation over many processes; results in completion order. */
  private CompletableFuture<List<ProcessResult>> forEach(List<FakeProcess> targets,
      Function<FakeProcess, CompletableFuture<Boolean>> operation) {
    List<ProcessResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (FakeProcess p : targets) {
      CompletableFuture<Boolean> one;
      try {
        one = operation.apply(p);
      } catch (RpcFault fault) {
        one = CompletableFuture.failedFuture(fault);
      }
      all.add(one.handle((ok, error) -> {
        Throwable cause = error instanceof java.util.concurrent.CompletionException
            ? error.getCause() : error;
        results.add(cause instanceof RpcFault fault
            ? ProcessResult.of(p.group(), p.name(), fault)
            : ProcessResult.ok(p.group(), p.name()));
        return null;
      }));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> List.copyOf(results));
  }

  private List<FakeProcess> everyProcess() {
    List<FakeProcess> all = new ArrayList<>();
    groupsByPriority().forEach(g -> all.addAll(byPriority(g)));
    return all;
  }

  @Override
  public String getAPIVersion() {
    return call("getAPIVersion", v -> "3.0");
  }

  @Override
  public String getVersion() {
    return call("getVersion", v -> "3.0");
  }

  @Override
  public String getSupervisorVersion() {
    return call("getSupervisorVersion", v -> "4.2.5");
  }

  @Override
  public String getIdentification() {
    return call("getIdentification", v -> identifier);
  }

  @Override
  public int getPID() {
    return call("getPID", v -> (int) ProcessHandle.current().pid());
  }

  @Override
  public CompletableFuture<SupervisorState> getState() {
    return call("getState", v -> CompletableFuture.completedFuture(mood));
  }

  @Override
  public CompletableFuture<String> readLog(int offset, int length) {
    return call("readLog", v -> CompletableFuture.completedFuture(""), offset, length);
  }

  @Override
  public CompletableFuture<Boolean> clearLog() {
    return call("clearLog", v -> CompletableFuture.completedFuture(true));
  }

  @Override
  public CompletableFuture<Boolean> shutdown() {
    return call("shutdown", v -> {
      beginShutdown(SupervisorState.SHUTDOWN);
      return CompletableFuture.completedFuture(true);
    });
  }

  @Override
  public CompletableFuture<Boolean> restart() {
    return call("restart", v -> {
      beginShutdown(SupervisorState.RESTARTING);
      return CompletableFuture.completedFuture(true);
    });
  }

  @Override
  public CompletableFuture<ProcessInfo> getProcessInfo(String name) {
    return call("getProcessInfo",
        v -> CompletableFuture.completedFuture(find(name).info(now())), name);
  }

  @Override
  public CompletableFuture<List<ProcessInfo>> getAllProcessInfo() {
    return call("getAllProcessInfo", v -> {
      List<FakeProcess> all = new ArrayList<>(everyProcess());
      all.sort(BY_GROUP_THEN_NAME);
      long now = now();
      return CompletableFuture.completedFuture(all.stream().map(p -> p.info(now)).toList());
    });
  }

  @Override
  public CompletableFuture<List<Map<String, Object>>> getAllConfigInfo() {
    return call("getAllConfigInfo", v -> {
      List<FakeProcess> all = new ArrayList<>(everyProcess());
      all.sort(Comparator.comparing(FakeProcess::name));
      List<Map<String, Object>> infos = new ArrayList<>();
      for (FakeProcess p : all) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autostart", p.program.autostart());
        m.put("group", p.group());
        m.put("group_prio", p.program.groupPriority());
        m.put("inuse", true);
        m.put("name", p.name());
        m.put("process_prio", p.program.priority());
        m.put("startretries", p.program.startRetries());
        m.put("startsecs", p.program.startSecs());
        m.put("stopwaitsecs", p.program.stopWaitSecs());
        m.put("exitcodes", p.program.exitCodes());
        infos.add(m);
      }
      return CompletableFuture.completedFuture(infos);
    });
  }

  @Override
  public CompletableFuture<Object> startProcess(String name, boolean wait) {
    return call("startProcess", v -> {
      if (Namespec.parse(name).isWholeGroup()) {
        return startGroup(Namespec.parse(name).group(), wait).thenApply(r -> (Object) r);
      }
      return startOne(find(name), name, wait).thenApply(r -> (Object) r);
    }, name, wait);
  }

  private CompletableFuture<List<ProcessResult>> startGroup(String group, boolean wait) {
    List<FakeProcess> targets = byPriority(findGroup(group)).stream()
        .filter(p -> !p.state.isRunning()).toList();
    return forEach(targets, p -> startOne(p, p.name(), wait));
  }

  @Override
  public CompletableFuture<List<ProcessResult>> startProcessGroup(String name, boolean wait) {
    return call("startProcessGroup", v -> startGroup(name, wait), name, wait);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> startAllProcesses(boolean wait) {
    return call("startAllProcesses", v -> forEach(
        everyProcess().stream().filter(p -> !p.state.isRunning()).toList(),
        p -> startOne(p, p.name(), wait)), wait);
  }

  @Override
  public CompletableFuture<Object> stopProcess(String name, boolean wait) {
    return call("stopProcess", v -> {
      if (Namespec.parse(name).isWholeGroup()) {
        return stopGroup(Namespec.parse(name).group(), wait).thenApply(r -> (Object) r);
      }
      return stopOne(find(name), name, wait).thenApply(r -> (Object) r);
    }, name, wait);
  }

  private CompletableFuture<List<ProcessResult>> stopGroup(String group, boolean wait) {
    List<FakeProcess> targets = byPriority(findGroup(group)).stream()
        .filter(p -> p.state.isRunning()).toList();
    return forEach(targets, p -> stopOne(p, p.name(), wait));
  }

  @Override
  public CompletableFuture<List<ProcessResult>> stopProcessGroup(String name, boolean wait) {
    return call("stopProcessGroup", v -> stopGroup(name, wait), name, wait);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> stopAllProcesses(boolean wait) {
    return call("stopAllProcesses", v -> forEach(
        everyProcess().stream().filter(p -> p.state.isRunning()).toList(),
        p -> stopOne(p, p.name(), wait)), wait);
  }

  private static int parseSignal(String signal) {
    try {
      return Signals.parse(signal);
    } catch (ConfigException | RuntimeException e) {
      throw new RpcFault(Fault.BAD_SIGNAL, signal);
    }
  }

  private CompletableFuture<Boolean> signalOne(FakeProcess p, String name, String signal) {
    int number = parseSignal(signal);
    if (!p.state.isSignallable()) {
      throw new RpcFault(Fault.NOT_RUNNING, name);
    }
    if (number == 9 && p.state == ProcessState.RUNNING) {
      exitWhileRunning(p, -1);
    }
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletableFuture<Object> signalProcess(String name, String signal) {
    return call("signalProcess", v -> {
      if (Namespec.parse(name).isWholeGroup()) {
        return signalGroup(Namespec.parse(name).group(), signal).thenApply(r -> (Object) r);
      }
      return signalOne(find(name), name, signal).thenApply(r -> (Object) r);
    }, name, signal);
  }

  private CompletableFuture<List<ProcessResult>> signalGroup(String group, String signal) {
    List<FakeProcess> targets = byPriority(findGroup(group)).stream()
        .filter(p -> p.state.isSignallable()).toList();
    return forEach(targets, p -> signalOne(p, p.name(), signal));
  }

  @Override
  public CompletableFuture<List<ProcessResult>> signalProcessGroup(String name, String signal) {
    return call("signalProcessGroup", v -> signalGroup(name, signal), name, signal);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> signalAllProcesses(String signal) {
    return call("signalAllProcesses", v -> forEach(
        everyProcess().stream().filter(p -> p.state.isSignallable()).toList(),
        p -> signalOne(p, p.name(), signal)), signal);
  }

  @Override
  public CompletableFuture<Boolean> sendProcessStdin(String name, String chars) {
    return call("sendProcessStdin", v -> {
      FakeProcess p = find(name);
      if (p.pid == 0 || p.state == ProcessState.STOPPING) {
        throw new RpcFault(Fault.NOT_RUNNING, name);
      }
      return CompletableFuture.completedFuture(true);
    }, name, chars);
  }

  @Override
  public synchronized CompletableFuture<Boolean> sendRemoteCommEvent(String type, String data) {
    calls.record("supervisor.sendRemoteCommEvent", type, data);
    events.accept(Event.remoteCommunication(type, data));
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletableFuture<ConfigDiff> reloadConfig() {
    return call("reloadConfig",
        v -> CompletableFuture.completedFuture(new ConfigDiff(List.of(), List.of(), List.of())));
  }

  @Override
  public CompletableFuture<Boolean> addProcessGroup(String name) {
    return call("addProcessGroup", v -> {
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
      return CompletableFuture.completedFuture(true);
    }, name);
  }

  @Override
  public CompletableFuture<Boolean> removeProcessGroup(String name) {
    return call("removeProcessGroup", v -> {
      List<FakeProcess> group = findGroup(name);
      if (!group.stream().allMatch(p -> p.state.isStopped())) {
        throw new RpcFault(Fault.STILL_RUNNING, name);
      }
      groups.remove(name);
      removed.put(name, group);
      events.accept(Event.groupRemoved(name));
      return CompletableFuture.completedFuture(true);
    }, name);
  }

  @Override
  public CompletableFuture<String> readProcessStdoutLog(String name, int offset, int length) {
    return readWithoutLogFile("readProcessStdoutLog", name, offset, length);
  }

  @Override
  public CompletableFuture<String> readProcessStderrLog(String name, int offset, int length) {
    return readWithoutLogFile("readProcessStderrLog", name, offset, length);
  }

  /** Fake processes have no log files: supervisord answers NO_FILE for a read then. */
  private CompletableFuture<String> readWithoutLogFile(String method, String name, int offset,
      int length) {
    return call(method, v -> {
      find(name);
      throw new RpcFault(Fault.NO_FILE);
    }, name, offset, length);
  }

  @Override
  public CompletableFuture<TailResult> tailProcessStdoutLog(String name, int offset, int length) {
    return tailWithoutLogFile("tailProcessStdoutLog", name, offset, length);
  }

  @Override
  public CompletableFuture<TailResult> tailProcessStderrLog(String name, int offset, int length) {
    return tailWithoutLogFile("tailProcessStderrLog", name, offset, length);
  }

  /** A tail of a missing log file is empty in supervisord, not a fault. */
  private CompletableFuture<TailResult> tailWithoutLogFile(String method, String name,
      int offset, int length) {
    return call(method, v -> {
      find(name);
      return CompletableFuture.completedFuture(new TailResult("", 0, false));
    }, name, offset, length);
  }

  @Override
  public CompletableFuture<Boolean> clearProcessLogs(String name) {
    return call("clearProcessLogs", v -> {
      find(name);
      return CompletableFuture.completedFuture(true);
    }, name);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> clearAllProcessLogs() {
    return call("clearAllProcessLogs", v -> forEach(everyProcess(),
        p -> CompletableFuture.completedFuture(true)));
  }
}
