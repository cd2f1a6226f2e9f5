package dev.jsupervisor.listeners.fastreload;

import dev.jsupervisor.core.config.Signals;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import dev.jsupervisor.listeners.control.ProcessStateChange;
import dev.jsupervisor.listeners.control.SupervisorCalls;
import dev.jsupervisor.listeners.fastreload.TierPlan.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fast-reload decision engine: keeps a table of the daemon's live pids from state events
 * and, when supervisord starts stopping (shutdown or reload), signals whole priority tiers at
 * once instead of letting supervisord stop one group per main-loop pass.
 *
 * <p>It only signals pids it has seen belong to a RUNNING, STARTING or BACKOFF process of this
 * daemon, re-checks each pid's kernel start time first, signals every pid at most once, and
 * never signals itself or an event listener. Under jsupervisord it stays passive. All methods
 * are synchronized; callers ack each event at once and call {@link #onTick()} every few tens of
 * milliseconds.
 */
public final class FastReload {
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
  private static final int DEFAULT_PRIORITY = 999;

  /**
   * Command-line choices.
   *
   * @param allAtOnce ignore priorities: one tier with every process
   * @param ownPid this listener's pid, never signalled
   * @param jsupervisordVersion the daemon's {@code JSUPERVISORD_VERSION} from this listener's
   *     environment (jsupervisord sets it in every child's), or null under supervisord
   */
  public record Options(boolean allAtOnce, long ownPid, String jsupervisordVersion) {
    /** Options for a listener running under supervisord. */
    public Options(boolean allAtOnce, long ownPid) {
      this(allAtOnce, ownPid, null);
    }
  }

  private final Options options;
  private final SupervisorCalls calls;
  private final ProcFs procFs;
  private final Signaller signaller;
  private final Clock clock;
  private final ListenerLog log;
  private final Map<String, GroupConfig> groups = new HashMap<>();
  private final List<String> groupOrder = new ArrayList<>();
  private final PidTable table = new PidTable();
  private final Set<String> signalled = new HashSet<>();
  /** Processes of the stop that have exited but that supervisord has not reaped yet. */
  private final Map<String, PidEntry> awaitingReap = new HashMap<>();
  /** Processes in STARTING or BACKOFF: supervisord moves them on only when its loop wakes. */
  private final Set<String> starting = new HashSet<>();
  private boolean synced;
  private boolean passive;
  private boolean stopping;
  private long syncRetryAt;
  private int daemonPid;
  private List<Tier> tiers = List.of();
  private int current;
  private String groupStoppedByDaemon;

  public FastReload(
      Options options,
      List<GroupConfig> config,
      SupervisorCalls calls,
      ProcFs procFs,
      Signaller signaller,
      Clock clock,
      ListenerLog log) {
    this.options = options;
    this.calls = calls;
    this.procFs = procFs;
    this.signaller = signaller;
    this.clock = clock;
    this.log = log;
    updateConfig(config);
    config.forEach(g -> groupOrder.add(g.name()));
  }

  /**
   * Asks which daemon this is and rebuilds the pid table from getAllProcessInfo: at start and
   * after the listener's own restart. Safe to call again at any time.
   */
  public synchronized void begin() {
    String version;
    try {
      version = calls.getSupervisorVersion();
      daemonPid = calls.getPid();
    } catch (RuntimeException e) {
      retryLater("cannot ask supervisord who it is", e);
      return;
    }
    if (options.jsupervisordVersion() != null) {
      if (!passive) {
        log.info("daemon is jsupervisord " + options.jsupervisordVersion()
            + ", which stops priority tiers in parallel itself; staying passive");
      }
      passive = true;
      synced = true;
      return;
    }
    List<ProcessInfo> infos;
    try {
      infos = calls.getAllProcessInfo();
    } catch (RuntimeException e) {
      retryLater("cannot read process states", e);
      return;
    }
    table.clear();
    starting.clear();
    for (ProcessInfo info : infos) {
      see(info.group(), info.name(), info.state(), info.pid());
      if (info.state() == ProcessState.STARTING || info.state() == ProcessState.BACKOFF) {
        starting.add(info.group() + ":" + info.name());
      }
    }
    synced = true;
    log.info("supervisord " + version + " (pid " + daemonPid + "): tracking "
        + table.size() + " processes");
  }

  /** Replaces the program settings (stop signal, stopasgroup, priority) read from the config. */
  public synchronized void updateConfig(List<GroupConfig> config) {
    groups.clear();
    config.forEach(g -> groups.put(g.name(), g));
  }

  /** Follows one PROCESS_STATE_* event. */
  public synchronized void onProcessState(ProcessStateChange change) {
    if (passive) {
      return;
    }
    String group = change.groupName();
    String name = change.processName();
    if (change.state() == ProcessState.STARTING || change.state() == ProcessState.BACKOFF) {
      starting.add(change.namespec());
    } else {
      starting.remove(change.namespec());
    }
    switch (change.state()) {
      case RUNNING -> see(group, name, ProcessState.RUNNING, change.pid());
      case STARTING -> lookUpStartingPid(change);
      case STOPPING -> {
        if (table.get(change.namespec()) != null) {
          table.markStoppingByDaemon(change.namespec());
        } else {
          see(group, name, ProcessState.STOPPING, change.pid());
        }
      }
      default -> {
        // An EXITED or STOPPED event names the pid it is about; one delivered late (after this
        // listener's restart, say) must not drop the process's newer pid.
        PidEntry known = table.get(change.namespec());
        if (known == null || change.pid() <= 0 || known.pid() == change.pid()) {
          table.forget(change.namespec());
          awaitingReap.remove(change.namespec());
        }
      }
    }
    if (stopping) {
      progress();
    }
  }

  /** Whether the config read so far has this group. */
  public synchronized boolean knowsGroup(String group) {
    return groups.containsKey(group);
  }

  /** PROCESS_GROUP_ADDED: the group joins the daemon's stop order at the end. */
  public synchronized void onGroupAdded(String group) {
    groupOrder.remove(group);
    groupOrder.add(group);
  }

  /**
   * PROCESS_GROUP_REMOVED: its processes are gone, and so are its settings (a changed group is
   * removed and added again, and its new settings must then be read).
   */
  public synchronized void onGroupRemoved(String group) {
    starting.removeIf(namespec -> namespec.startsWith(group + ":"));
    groups.remove(group);
    groupOrder.remove(group);
    table.forgetGroup(group);
  }

  /** SUPERVISOR_STATE_CHANGE_STOPPING: signals the first tier. */
  public synchronized void onSupervisorStopping() {
    if (passive) {
      log.info("supervisor is stopping; passive, the daemon stops its tiers itself");
      return;
    }
    if (stopping) {
      return;
    }
    stopping = true;
    awaitingReap.clear();
    groupStoppedByDaemon = groupDaemonStopsFirst();
    tiers = TierPlan.plan(table.entries(), this::priorityOf, options.allAtOnce());
    current = 0;
    List<String> shape = new ArrayList<>();
    for (Tier t : tiers) {
      shape.add(t.priority() + " (" + t.entries().size() + ")");
    }
    log.info("supervisor is stopping; " + table.size() + " processes in "
        + tiers.size() + (options.allAtOnce() ? " tier (--all-at-once)" : " tiers by priority")
        + (shape.isEmpty() ? "" : ": " + String.join(", ", shape)));
    if (!tiers.isEmpty()) {
      signalTier(0);
    }
    progress();
  }

  /** SUPERVISOR_STATE_CHANGE_RUNNING: any stop in progress is over. */
  public synchronized void onSupervisorRunning() {
    stopping = false;
    tiers = List.of();
    current = 0;
    awaitingReap.clear();
  }

  /** Retries a failed start-up read; while stopping, notices exits of the current tier. */
  public synchronized void onTick() {
    if (!synced && clock.nanoTime() - syncRetryAt >= 0) {
      begin();
    }
    if (stopping) {
      progress();
    }
  }

  /**
   * Whether supervisord's main loop needs a wake-up call now. It sleeps up to a second when no
   * file descriptor is ready, and a child's exit shows first as the end of its output, a moment
   * before the kernel lets supervisord reap it; a pass that looks too early then leaves the
   * process unreaped until the next wake. So while the stop runs: whenever one of its processes
   * has exited and is not reaped yet, and, once every tier has exited, until supervisord stops
   * this listener (each loop pass drops only one stopped group). And while any process is
   * STARTING (as every program is just after a reload) or BACKOFF: supervisord declares it
   * RUNNING once startsecs have passed, or retries it, only on a loop pass, up to a second late
   * without a wake-up. Otherwise
   * supervisord is left alone: the programs' own exits wake it.
   */
  public synchronized boolean keepAwakeNeeded() {
    if (passive) {
      return false;
    }
    if (stopping) {
      return !awaitingReap.isEmpty() || current >= tiers.size();
    }
    return !starting.isEmpty();
  }

  /**
   * Whether to wake supervisord back to back: once every tier has exited, supervisord still
   * drops only one stopped group per loop pass before it stops the listeners, so every pass
   * counts.
   */
  public synchronized boolean hurryNeeded() {
    return keepAwakeNeeded() && allTiersExited();
  }

  /** Whether every tier has exited (or there was nothing to stop). */
  public synchronized boolean allTiersExited() {
    return stopping && current >= tiers.size();
  }

  /** The pid table, for inspection. */
  public synchronized List<PidEntry> trackedProcesses() {
    return table.entries();
  }

  private void retryLater(String what, RuntimeException e) {
    syncRetryAt = clock.nanoTime() + RETRY_INTERVAL.toNanos();
    String why = e instanceof RpcFault f ? f.faultString() : String.valueOf(e.getMessage());
    log.warn("" + what + " (" + why + "); retrying in 1 s");
  }

  private void lookUpStartingPid(ProcessStateChange change) {
    try {
      ProcessInfo info = calls.getProcessInfo(change.namespec());
      see(info.group(), info.name(), info.state(), info.pid());
    } catch (RuntimeException e) {
      // Its RUNNING event will carry the pid.
    }
  }

  /** Records a pid seen in a live state; forgets the process in any other state. */
  private void see(String group, String name, ProcessState state, int pid) {
    String namespec = group + ":" + name;
    GroupConfig g = groups.get(group);
    boolean live = state.isRunning() || state == ProcessState.STOPPING;
    if (!live || pid <= 0 || pid == options.ownPid() || (g != null && g.isEventListenerPool())) {
      table.forget(namespec);
      return;
    }
    boolean byDaemon = state == ProcessState.STOPPING;
    PidEntry known = table.get(namespec);
    if (known != null && known.pid() == pid) {
      if (byDaemon) {
        table.markStoppingByDaemon(namespec);
      }
      return;
    }
    Optional<ProcStat> stat = procFs.stat(pid);
    if (stat.isEmpty() || stat.get().isDead()) {
      table.forget(namespec);
      return;
    }
    if (daemonPid > 0 && stat.get().ppid() != daemonPid) {
      table.forget(namespec);
      log.warn("pid " + pid + " of " + namespec + " is not a child of supervisord"
          + " (pid " + daemonPid + "); not tracked");
      return;
    }
    table.put(new PidEntry(group, name, pid, stat.get().startTime(), byDaemon));
  }

  /** The group supervisord's own shutdown signals first: the last one sorted by priority. */
  private String groupDaemonStopsFirst() {
    String last = null;
    int lastPriority = Integer.MIN_VALUE;
    for (String name : groupOrder) {
      GroupConfig g = groups.get(name);
      int p = g == null ? DEFAULT_PRIORITY : g.priority();
      if (last == null || p >= lastPriority) {
        last = name;
        lastPriority = p;
      }
    }
    return last;
  }

  private int priorityOf(PidEntry e) {
    GroupConfig g = groups.get(e.group());
    return g == null ? DEFAULT_PRIORITY : g.priority();
  }

  private void progress() {
    awaitingReap.values().removeIf(e -> !exitedUnreaped(e));
    while (current < tiers.size() && tierExited(tiers.get(current))) {
      current++;
      if (current < tiers.size()) {
        signalTier(current);
      } else {
        log.info("every tier has exited; supervisord finishes the stop");
      }
    }
  }

  private boolean tierExited(Tier tier) {
    boolean all = true;
    for (PidEntry e : tier.entries()) {
      if (!table.holds(e)) {
        continue;
      }
      if (sameLiveProcess(e)) {
        all = false;
      } else {
        table.forget(e.namespec());
        if (exitedUnreaped(e)) {
          awaitingReap.put(e.namespec(), e);
        }
      }
    }
    return all;
  }

  private boolean sameLiveProcess(PidEntry e) {
    Optional<ProcStat> stat = procFs.stat(e.pid());
    return stat.isPresent() && !stat.get().isDead() && stat.get().startTime() == e.startTime();
  }

  /** Whether the process has exited but is still in the kernel's table: supervisord can reap it. */
  private boolean exitedUnreaped(PidEntry e) {
    Optional<ProcStat> stat = procFs.stat(e.pid());
    return stat.isPresent() && stat.get().isDead() && stat.get().startTime() == e.startTime();
  }

  private void signalTier(int index) {
    Tier tier = tiers.get(index);
    Map<String, List<String>> sentBySignal = new LinkedHashMap<>();
    List<String> leftToDaemon = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (PidEntry planned : tier.entries()) {
      PidEntry e = table.get(planned.namespec());
      if (e == null || !table.holds(planned)) {
        continue; // exited since the plan was made
      }
      String who = e.displayName() + " (pid " + e.pid() + ")";
      if (e.stoppingByDaemon() || e.group().equals(groupStoppedByDaemon)) {
        leftToDaemon.add(who);
        continue;
      }
      ProcessConfig pc = processConfig(e);
      if (pc == null) {
        skipped.add(who + ": not in the config file");
        continue;
      }
      Optional<ProcStat> stat = procFs.stat(e.pid());
      if (stat.isEmpty() || stat.get().isDead()) {
        table.forget(e.namespec());
        if (exitedUnreaped(e)) {
          awaitingReap.put(e.namespec(), e);
        }
        continue;
      }
      if (stat.get().startTime() != e.startTime()) {
        table.forget(e.namespec());
        skipped.add(who + ": pid now belongs to another process");
        continue;
      }
      if (!signalled.add(e.pid() + "@" + e.startTime())) {
        continue;
      }
      boolean toGroup = pc.stopAsGroup() && stat.get().pgrp() == e.pid();
      int errno = signaller.kill(toGroup ? -e.pid() : e.pid(), pc.stopSignal());
      if (errno == Signaller.ESRCH) {
        table.forget(e.namespec());
        continue;
      }
      if (errno != 0) {
        skipped.add(who + ": kill failed, errno " + errno);
        continue;
      }
      sentBySignal
          .computeIfAbsent(Signals.name(pc.stopSignal()), k -> new ArrayList<>())
          .add(toGroup ? "group of " + who : who);
    }
    StringBuilder line = new StringBuilder("tier ")
        .append(index + 1).append('/').append(tiers.size())
        .append(options.allAtOnce() ? " (all at once)" : " (priority " + tier.priority() + ")")
        .append(':');
    List<String> parts = new ArrayList<>();
    sentBySignal.forEach((sig, who) -> parts.add(" " + sig + " to " + String.join(", ", who)));
    if (!leftToDaemon.isEmpty()) {
      parts.add(" left to supervisord: " + String.join(", ", leftToDaemon));
    }
    if (!skipped.isEmpty()) {
      parts.add(" not signalled: " + String.join(", ", skipped));
    }
    if (parts.isEmpty()) {
      parts.add(" nothing left to signal");
    }
    line.append(String.join(";", parts));
    log.info(line.toString());
  }

  private ProcessConfig processConfig(PidEntry e) {
    GroupConfig g = groups.get(e.group());
    if (g == null || g.isEventListenerPool()) {
      return null;
    }
    for (ProcessConfig pc : g.processes()) {
      if (pc.name().equals(e.name())) {
        return pc;
      }
    }
    return null;
  }
}
