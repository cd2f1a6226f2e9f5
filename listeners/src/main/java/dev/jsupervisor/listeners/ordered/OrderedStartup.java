package dev.jsupervisor.listeners.ordered;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import dev.jsupervisor.listeners.control.ProcessStateChange;
import dev.jsupervisor.listeners.control.SupervisorCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ordered-startup decision engine: follows process state events, starts each program of the
 * plan (wait=false, once) when its dependencies are met, and reports dependents that will never
 * start. It never blocks and never throws on a fault; callers ack each event at once and call
 * {@link #onTick()} every few tens of milliseconds.
 *
 * <p>Its state is guarded by its lock, so events, ticks and probe completions may arrive on any
 * thread; XML-RPC calls are made without holding it, so a slow call on one thread never holds
 * up an event on another.
 */
public final class OrderedStartup {
  static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
  /** Above this many awaited processes one getAllProcessInfo replaces the single calls. */
  static final int MAX_SINGLE_POLLS = 4;
  /** supervisord's default {@code buffer_size} of a listener pool. */
  static final int DEFAULT_EVENT_BUFFER = 10;
  /** Events one start may queue for this listener: STARTING, RUNNING and EXITED. */
  static final int EVENTS_PER_START = 3;
  /** Back-to-back polls in one keep-awake call while each answer moves the plan on. */
  static final int MAX_POLL_ROUNDS = 16;

  private static final Set<ProcessState> MOVING =
      EnumSet.of(
          ProcessState.STARTING, ProcessState.RUNNING, ProcessState.BACKOFF, ProcessState.STOPPING);

  /** Where a program of the plan stands. */
  public enum Status {
    /** The listener will start it once its dependencies are met. */
    WAITING,
    /** All its processes have been started (by the listener or someone else). */
    STARTED,
    /** A dependency failed: it will not start unless that dependency recovers. */
    BLOCKED,
    /** Not started by the listener, only waited for. */
    WATCHED
  }

  private final StartupPlan plan;
  private final SupervisorCalls calls;
  private final ReadinessProber prober;
  private final Clock clock;
  private final ListenerLog log;
  private final Map<String, ProgramRun> runs = new LinkedHashMap<>();
  private final Map<String, ProcessTrack> tracks = new HashMap<>();
  private final Map<String, String> failedEdges = new HashMap<>();
  private Map<String, String> blocked = new LinkedHashMap<>();
  private final Queue<Runnable> probeOutcomes = new ConcurrentLinkedQueue<>();
  private final List<Launch> launches = new ArrayList<>();
  /** Counts state changes (events, starts, snapshots), so a stale poll answer is recognised. */
  private long changes;
  private int eventBuffer = DEFAULT_EVENT_BUFFER;
  private boolean eventsArrived;
  private int startsBeforeEvents;
  private boolean synced;
  private boolean warned;
  private boolean stopping;
  private long syncRetryAt;

  public OrderedStartup(
      StartupPlan plan,
      SupervisorCalls calls,
      ReadinessProber prober,
      Clock clock,
      ListenerLog log) {
    this.plan = plan;
    this.calls = calls;
    this.prober = prober;
    this.clock = clock;
    this.log = log;
    this.syncRetryAt = clock.nanoTime();
    for (PlanNode node : plan.nodes()) {
      ProgramRun run = new ProgramRun(node);
      runs.put(node.id(), run);
      for (String name : node.processNames()) {
        ProcessTrack t =
            new ProcessTrack(run, node.namespec(name), Namespec.display(node.group(), name));
        run.tracks.add(t);
        tracks.put(t.namespec, t);
      }
    }
  }

  /**
   * Reads every process's state with getAllProcessInfo, so a restarted listener (or one started
   * after a reload) knows what is already started, then starts what is due. Safe to call again
   * at any time: nothing is started twice.
   */
  public void begin() {
    long asked;
    synchronized (this) {
      if (!warned) {
        warned = true;
        plan.warnings().forEach(w -> log.warn("" + w));
      }
      asked = changes;
    }
    List<ProcessInfo> infos;
    try {
      infos = calls.getAllProcessInfo();
    } catch (RuntimeException e) {
      synchronized (this) {
        syncRetryAt = clock.nanoTime() + RETRY_INTERVAL.toNanos();
        log.warn("cannot read process states (" + describe(e) + "); retrying in 1 s");
      }
      return;
    }
    synchronized (this) {
      sync(asked, infos);
    }
    launch();
  }

  private void sync(long asked, List<ProcessInfo> infos) {
    Map<String, ProcessInfo> byNamespec = new HashMap<>();
    for (ProcessInfo info : infos) {
      byNamespec.put(info.group() + ":" + info.name(), info);
    }
    List<String> missing = new ArrayList<>();
    List<String> alreadyStarted = new ArrayList<>();
    for (ProgramRun run : runs.values()) {
      for (ProcessTrack t : run.tracks) {
        ProcessInfo info = byNamespec.get(t.namespec);
        if (info == null) {
          missing.add(t.display);
          continue;
        }
        if (t.changedAt <= asked) {
          applySnapshot(run, t, info);
        }
        if (run.node.managed() && t.started) {
          alreadyStarted.add(t.display);
        }
      }
    }
    if (!missing.isEmpty()) {
      log.warn(
          "not known to supervisord (config file differs from the running"
              + " daemon?): "
              + String.join(", ", missing));
    }
    if (!alreadyStarted.isEmpty()) {
      log.info("already started, not starting again: "
          + String.join(", ", alreadyStarted));
    }
    synced = true;
    advance();
  }

  /**
   * The {@code buffer_size} of this listener's pool. Until the first event arrives, supervisord
   * queues the events it owes this listener (it delivers none before the listener has stayed up
   * its own {@code startsecs}); starts that follow from polls stop while the queue might overflow,
   * and the events take over once they flow.
   */
  public synchronized void eventBufferSize(int size) {
    eventBuffer = size;
  }

  /** Follows one PROCESS_STATE_* event and starts whatever it made due. */
  public void onProcessState(ProcessStateChange change) {
    synchronized (this) {
      eventsArrived = true;
      ProcessTrack t = tracks.get(change.namespec());
      if (t == null) {
        return;
      }
      ProgramRun run = t.run;
      t.enter(change.state(), change.expected());
      t.changedAt = ++changes;
      if (t.started && run.startedAt == null) {
        run.startedAt = clock.nanoTime();
      }
      advance();
    }
    launch();
  }

  /**
   * SUPERVISOR_STATE_CHANGE_STOPPING: supervisord is shutting down or reloading, so nothing is
   * started any more and the stops that follow are not reported as failures. A reload restarts
   * this listener, which then plans afresh.
   */
  public synchronized void onSupervisorStopping() {
    if (!stopping) {
      stopping = true;
      log.info("supervisor is stopping; no more starts");
    }
  }

  /**
   * Checks timers: start timeouts, readiness probes, retries after the daemon was unreachable.
   * Runs {@link #begin()} when it has not run yet.
   */
  public void onTick() {
    boolean due;
    synchronized (this) {
      due = !synced && clock.nanoTime() - syncRetryAt >= 0;
      advance();
    }
    if (due) {
      begin();
    } else {
      launch();
    }
  }

  /**
   * Whether supervisord's main loop should be kept awake with cheap calls now: true while a
   * program the plan waits for is on its way to the awaited state (STARTING, BACKOFF, RUNNING
   * towards EXITED, STOPPING), because supervisord only notices that when its loop wakes.
   */
  public synchronized boolean keepAwakeNeeded() {
    return !awaited(false).isEmpty();
  }

  /**
   * The keep-awake call: reads the state of every process {@link #keepAwakeNeeded} waits for
   * (which wakes supervisord's loop like any call) and acts on what it shows. This is how a
   * link is noticed while supervisord holds events back, as it does until the listener itself
   * has stayed up its own {@code startsecs}. When the answer moved the plan on, it asks again at
   * once, and so it does once when it waits for an exit. Events stay the main source: an answer
   * about a process that changed while the call was under way is ignored. The calls run without
   * the engine's lock, so events are handled meanwhile.
   */
  public void pollAwaited() {
    boolean lookedTwice = false;
    for (int round = 0; round < MAX_POLL_ROUNDS; round++) {
      long asked;
      Set<String> namespecs;
      boolean exitAwaited;
      synchronized (this) {
        asked = changes;
        namespecs = awaited(false);
        exitAwaited = !awaited(true).isEmpty();
      }
      if (namespecs.isEmpty()) {
        return;
      }
      List<ProcessInfo> infos = new ArrayList<>();
      if (namespecs.size() > MAX_SINGLE_POLLS) {
        infos.addAll(calls.getAllProcessInfo());
      } else {
        for (String namespec : namespecs) {
          infos.add(calls.getProcessInfo(namespec));
        }
      }
      boolean moved = onSnapshot(asked, infos);
      launch();
      if (!moved) {
        // supervisord answered before the pass in which the call woke it reaps children, so
        // an exit is only in the answer to a second call right after.
        if (!exitAwaited || lookedTwice) {
          return;
        }
        lookedTwice = true;
      }
    }
  }

  /** Applies polled states; true when one of them was news. */
  private synchronized boolean onSnapshot(long asked, List<ProcessInfo> infos) {
    if (!synced || stopping || !roomForHeldBackEvents()) {
      return false;
    }
    boolean moved = false;
    for (ProcessInfo info : infos) {
      ProcessTrack t = tracks.get(info.group() + ":" + info.name());
      if (t == null || t.changedAt > asked || t.state == info.state()) {
        continue;
      }
      applySnapshot(t.run, t, info);
      t.changedAt = ++changes;
      moved = true;
    }
    if (moved) {
      advance();
    }
    return moved;
  }

  /**
   * Whether a start that follows from a polled state may be made: always once events flow,
   * before that only while the events supervisord holds back fit the pool's buffer.
   */
  private boolean roomForHeldBackEvents() {
    return eventsArrived || 1 + EVENTS_PER_START * (startsBeforeEvents + 1) <= eventBuffer;
  }

  /**
   * Namespecs of the processes a program still to be started waits for that are moving; with
   * {@code exitsOnly}, only those it waits for to exit.
   */
  private Set<String> awaited(boolean exitsOnly) {
    Set<String> out = new LinkedHashSet<>();
    if (stopping) {
      return out;
    }
    for (ProgramRun run : runs.values()) {
      if (!run.node.managed() || run.allStarted() || blocked.containsKey(run.node.id())) {
        continue;
      }
      for (Dependency d : run.node.dependencies()) {
        if (exitsOnly && !d.states().contains(ProcessState.EXITED)) {
          continue;
        }
        for (ProcessTrack t : runs.get(d.target()).tracks) {
          if (!t.reachedAny(d.states()) && MOVING.contains(t.state)) {
            out.add(t.namespec);
          }
        }
      }
    }
    return out;
  }

  /** Where the program with this plan id stands. */
  public synchronized Status status(String id) {
    ProgramRun run = runs.get(id);
    if (run == null) {
      throw new IllegalArgumentException("no program '" + id + "' in the startup plan");
    }
    if (!run.node.managed()) {
      return Status.WATCHED;
    }
    if (run.allStarted()) {
      return Status.STARTED;
    }
    return blocked.containsKey(id) ? Status.BLOCKED : Status.WAITING;
  }

  /** Whether every program the listener starts has been started or is blocked. */
  public synchronized boolean finished() {
    return synced
        && runs.values().stream()
            .allMatch(
                r -> !r.node.managed() || r.allStarted() || blocked.containsKey(r.node.id()));
  }

  private void advance() {
    if (!synced || stopping) {
      return;
    }
    boolean again = true;
    while (again) {
      boolean drained = false;
      Runnable outcome;
      while ((outcome = probeOutcomes.poll()) != null) {
        outcome.run();
        drained = true;
      }
      runs.values().forEach(this::updateReadiness);
      again = startDue() || drained;
    }
  }

  private boolean startDue() {
    long now = clock.nanoTime();
    Map<String, String> nowBlocked = new LinkedHashMap<>();
    boolean startedAny = false;
    for (ProgramRun run : runs.values()) {
      if (!run.node.managed() || run.allStarted()) {
        continue;
      }
      String cause = null;
      boolean allMet = true;
      for (Dependency d : run.node.dependencies()) {
        ProgramRun target = runs.get(d.target());
        String key = run.edgeKey(d);
        if (satisfied(target, d.states())) {
          if (failedEdges.remove(key) != null) {
            log.info("" + d.target() + " reached " + d.statesText()
                + " after all; " + run.node.id() + " may start");
          }
          continue;
        }
        allMet = false;
        String reason = failure(target, d.states(), now);
        if (reason != null) {
          failedEdges.putIfAbsent(key, reason);
        }
        String edgeCause = failedEdges.get(key);
        if (edgeCause == null) {
          edgeCause = nowBlocked.get(d.target());
        }
        if (cause == null) {
          cause = edgeCause;
        }
      }
      if (allMet) {
        if (now - run.retryAt >= 0) {
          startedAny |= start(run, now);
        }
      } else if (cause != null) {
        nowBlocked.put(run.node.id(), cause);
      }
    }
    reportBlocking(nowBlocked);
    return startedAny;
  }

  private void reportBlocking(Map<String, String> nowBlocked) {
    Map<String, List<String>> newlyByCause = new LinkedHashMap<>();
    nowBlocked.forEach(
        (id, cause) -> {
          if (!cause.equals(blocked.get(id))) {
            newlyByCause.computeIfAbsent(cause, c -> new ArrayList<>()).add(id);
          }
        });
    newlyByCause.forEach(
        (cause, ids) ->
            log.error("" + cause + "; will not start: " + String.join(", ", ids)));
    blocked = nowBlocked;
  }

  /** Logs the start of {@code run} and marks its processes started; {@link #launch} calls. */
  private boolean start(ProgramRun run, long now) {
    List<ProcessTrack> due = new ArrayList<>();
    for (ProcessTrack t : run.tracks) {
      if (!t.started) {
        due.add(t);
      }
    }
    List<String> met = new ArrayList<>();
    for (Dependency d : run.node.dependencies()) {
      met.add(d.target() + " " + d.statesText().toUpperCase());
    }
    log.info(
        "starting "
            + String.join(", ", due.stream().map(t -> t.display).toList())
            + (met.isEmpty() ? " (no dependencies)" : " (" + String.join(", ", met) + ")"));
    if (!eventsArrived) {
      startsBeforeEvents += due.size();
    }
    for (ProcessTrack t : due) {
      t.started = true;
      t.changedAt = ++changes;
      launches.add(new Launch(t, t.changedAt));
    }
    if (run.startedAt == null) {
      run.startedAt = now;
    }
    return true;
  }

  /**
   * Makes the starts decided under the lock, without holding it, each with a read of the state
   * it left the process in, then takes in their outcomes (which may make more starts due) until
   * none are left.
   */
  private void launch() {
    while (true) {
      List<Launch> batch;
      synchronized (this) {
        if (launches.isEmpty()) {
          return;
        }
        batch = new ArrayList<>(launches);
        launches.clear();
      }
      Map<Launch, RuntimeException> failures = new LinkedHashMap<>();
      Map<Launch, ProcessInfo> seen = new HashMap<>();
      Set<ProgramRun> unreachable = new HashSet<>();
      for (Launch l : batch) {
        if (unreachable.contains(l.track().run)) {
          failures.put(l, null); // not tried: supervisord was just unreachable
          continue;
        }
        try {
          ProcessInfo info = calls.startProcessAndRead(l.track().namespec);
          if (info != null) {
            seen.put(l, info);
          }
        } catch (RpcFault f) {
          failures.put(l, f);
        } catch (RuntimeException e) {
          failures.put(l, e);
          unreachable.add(l.track().run);
        }
      }
      synchronized (this) {
        for (Launch l : batch) {
          launched(l, !failures.containsKey(l), failures.get(l));
          ProcessInfo info = seen.get(l);
          ProcessTrack t = l.track();
          if (info != null && t.changedAt == l.stamp() && t.state != info.state()
              && roomForHeldBackEvents()) {
            applySnapshot(t.run, t, info);
            t.changedAt = ++changes;
          }
        }
        advance();
      }
    }
  }

  /**
   * Takes in the outcome of one start; {@code failure} is the fault or transport error, or null
   * (with {@code ok} false) when the call was not made because supervisord was unreachable.
   */
  private void launched(Launch l, boolean ok, RuntimeException failure) {
    ProcessTrack t = l.track();
    ProgramRun run = t.run;
    if (ok) {
      if (t.changedAt == l.stamp() && t.state.isStopped()) {
        t.state = ProcessState.STARTING; // its STARTING event is on the way
      }
    } else if (failure instanceof RpcFault f) {
      if (f.fault() == Fault.ALREADY_STARTED) {
        log.info("" + t.display + " was already started");
      } else if (f.fault() == Fault.SPAWN_ERROR) {
        log.warn("" + t.display + ": " + f.faultString()
            + "; supervisord retries it, its state events decide");
      } else {
        run.startFault = f.faultString();
        log.error("cannot start " + t.display + ": " + f.faultString());
      }
    } else {
      t.started = false;
      run.retryAt = clock.nanoTime() + RETRY_INTERVAL.toNanos();
      if (failure != null) {
        log.warn("cannot reach supervisord to start " + t.display + " ("
            + describe(failure) + "); retrying in 1 s");
      }
    }
  }

  /**
   * A start decided under the lock: the process and its change count at that moment. Keyed by
   * identity: a record's generated hashCode would cost the listener's first start tens of
   * milliseconds of method-handle set-up, right on the path of the first link.
   */
  private static final class Launch {
    private final ProcessTrack track;
    private final long stamp;

    Launch(ProcessTrack track, long stamp) {
      this.track = track;
      this.stamp = stamp;
    }

    ProcessTrack track() {
      return track;
    }

    long stamp() {
      return stamp;
    }
  }

  private boolean satisfied(ProgramRun target, Set<ProcessState> states) {
    for (ProcessTrack t : target.tracks) {
      if (!t.reachedAny(states)) {
        return false;
      }
      if (target.node.readiness() != null && !target.readyPassed && onlyRunning(t, states)) {
        return false;
      }
    }
    return true;
  }

  /** Whether RUNNING is the only one of {@code states} the process has reached. */
  private static boolean onlyRunning(ProcessTrack t, Set<ProcessState> states) {
    for (ProcessState s : t.reached) {
      if (s != ProcessState.RUNNING && states.contains(s)) {
        return false;
      }
    }
    return true;
  }

  /** Why {@code target} will not reach {@code states} on its own, or null while it still may. */
  private String failure(ProgramRun target, Set<ProcessState> states, long now) {
    if (target.startFault != null) {
      return target.node.id() + " could not be started (" + target.startFault + ")";
    }
    for (ProcessTrack t : target.tracks) {
      if (t.reachedAny(states)) {
        continue;
      }
      switch (t.state) {
        case FATAL:
          return t.display + " entered FATAL" + (states.contains(ProcessState.EXITED)
              ? " (a program that exits within startsecs failed to start: one-shot programs"
                  + " need startsecs=0)"
              : "");
        case EXITED:
          return t.display + (t.lastExitExpected
              ? " exited before reaching " + statesText(states)
              : " exited unexpectedly");
        case UNKNOWN:
          return t.display + " is in state UNKNOWN";
        case STOPPED:
          if (t.stoppedAfterStart) {
            return t.display + " was stopped before reaching " + statesText(states);
          }
          break;
        default:
          break;
      }
    }
    if (target.readyFailed && states.contains(ProcessState.RUNNING)) {
      return String.format(
          "%s is RUNNING but not ready after startready_timeout=%ds (%s: %s)",
          target.node.id(),
          target.node.readinessTimeout().toSeconds(),
          target.node.readiness().spec(),
          target.lastProbe);
    }
    Duration timeout = target.node.startTimeout();
    if (timeout != null && target.startedAt != null
        && now - target.startedAt >= timeout.toNanos()) {
      return String.format(
          "%s did not reach %s within start_timeout=%ds", target.node.id(), statesText(states),
          timeout.toSeconds());
    }
    return null;
  }

  /** {@code running,exited}: states as a message names them (only built for a message). */
  private static String statesText(Set<ProcessState> states) {
    return String.join(",", states.stream().map(s -> s.name().toLowerCase()).toList());
  }

  private void updateReadiness(ProgramRun run) {
    ReadinessCheck check = run.node.readiness();
    if (check == null || run.readyPassed || run.readyFailed) {
      return;
    }
    boolean allRunning = run.allRunning();
    long now = clock.nanoTime();
    if (run.readyDeadline == null) {
      if (!allRunning) {
        return;
      }
      run.readyDeadline = now + run.node.readinessTimeout().toNanos();
      run.nextProbeAt = now;
    }
    if (now - run.readyDeadline >= 0) {
      run.readyFailed = true;
      return;
    }
    if (allRunning && !run.probeInFlight && now - run.nextProbeAt >= 0) {
      run.probeInFlight = true;
      prober
          .probe(check)
          .whenComplete(
              (result, error) -> {
                ProbeResult r = result != null ? result : ProbeResult.notReady(describe(error));
                probeOutcomes.add(() -> probed(run, r));
              });
    }
  }

  private void probed(ProgramRun run, ProbeResult result) {
    run.probeInFlight = false;
    run.lastProbe = result.detail();
    if (result.ready() && !run.readyFailed) {
      run.readyPassed = true;
      log.info("" + run.node.id() + " is ready (" + run.node.readiness().spec()
          + ": " + result.detail() + ")");
    } else {
      run.nextProbeAt = clock.nanoTime() + PROBE_INTERVAL.toNanos();
    }
  }

  private void applySnapshot(ProgramRun run, ProcessTrack t, ProcessInfo info) {
    t.recall(info, run.node.exitCodes());
    if (t.started && run.startedAt == null) {
      long ageMillis = Math.max(0, clock.currentTimeMillis() - info.start() * 1000L);
      run.startedAt = clock.nanoTime() - Duration.ofMillis(ageMillis).toNanos();
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof RpcFault f) {
      return f.faultString();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
