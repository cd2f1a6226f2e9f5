package dev.jsupervisor.core.process;

import dev.jsupervisor.core.api.ProcessDescription;

import dev.jsupervisor.core.util.LogLevel;

import static dev.jsupervisor.core.api.ProcessState.BACKOFF;
import static dev.jsupervisor.core.api.ProcessState.EXITED;
import static dev.jsupervisor.core.api.ProcessState.FATAL;
import static dev.jsupervisor.core.api.ProcessState.RUNNING;
import static dev.jsupervisor.core.api.ProcessState.STARTING;
import static dev.jsupervisor.core.api.ProcessState.STOPPED;
import static dev.jsupervisor.core.api.ProcessState.STOPPING;
import static dev.jsupervisor.core.api.ProcessState.UNKNOWN;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.AutoRestart;
import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.process.internal.PyRepr;
import dev.jsupervisor.core.config.Signals;
import dev.jsupervisor.core.util.Clock;
import java.time.ZoneId;
import java.util.OptionalLong;

/**
 * One supervised process's state machine (states.md §2), pure and single-threaded: the owning
 * loop calls {@link #transition()} whenever {@link #nextDeadline()} passes, {@link #onExit} when
 * the child is reaped, and the command methods; all side effects go through {@link
 * ProcessActions}.
 */
public final class Subprocess {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long STOP_REPORT_INTERVAL_NANOS = 2 * NANOS_PER_SECOND;
  private static final String TOO_QUICKLY = "Exited too quickly (process log may have details)";

  private final ProcessConfig config;
  private final String groupName;
  private final Clock clock;
  private final ProcessActions actions;

  private ProcessState state = STOPPED;
  private int pid;
  private int backoff;
  /** Monotonic deadline: backoff retry (BACKOFF) or SIGKILL escalation (STOPPING). */
  private long delay;
  private boolean killing;
  private boolean everStarted;
  private long lastStartNanos;
  private long lastStartMillis;
  private long lastStopMillis;
  private String spawnerr;
  private int exitStatus;
  private boolean administrativeStop;
  private boolean systemStop;
  private boolean stopReported;
  private long lastStopReportNanos;
  private boolean daemonStopping;

  public Subprocess(ProcessConfig config, String groupName, Clock clock, ProcessActions actions) {
    this.config = config;
    this.groupName = groupName;
    this.clock = clock;
    this.actions = actions;
  }

  public ProcessConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  public String groupName() {
    return groupName;
  }

  public ProcessState state() {
    return state;
  }

  /** The child's pid, 0 when there is none. */
  public int pid() {
    return pid;
  }

  /** The last spawn error, or null. */
  public String spawnerr() {
    return spawnerr;
  }

  /** The last exit code, -1 for a signal death, 0 if unknown. */
  public int exitStatus() {
    return exitStatus;
  }

  /** The backoff counter: failed starts in a row. */
  public int backoff() {
    return backoff;
  }

  /** True once a stop was requested through {@link #stop()} (until the next spawn). */
  public boolean administrativeStop() {
    return administrativeStop;
  }

  /** True once the process was given up on (until the next spawn). */
  public boolean systemStop() {
    return systemStop;
  }

  /** Set while the daemon shuts down or reloads: no spawns, restarts or retries happen then. */
  public void setDaemonStopping(boolean stopping) {
    this.daemonStopping = stopping;
  }

  /**
   * Does what is due now: autostart, autorestart, backoff retry, STARTING→RUNNING promotion,
   * BACKOFF→FATAL and SIGKILL escalation. Safe to call at any time.
   */
  public void transition() {
    long now = clock.nanoTime();
    ProcessState before = state;
    if (!daemonStopping) {
      if (before == EXITED) {
        if (restartsAfterExit()) {
          spawn();
        }
      } else if (before == STOPPED && !everStarted) {
        if (config.autostart()) {
          spawn();
        }
      } else if (before == BACKOFF) {
        if (backoff <= config.startRetries() && now - delay > 0) {
          spawn();
        }
      }
    }
    if (before == STARTING && startsecsPassed(now)) {
      delay = 0;
      backoff = 0;
      changeState(RUNNING, true);
      actions.log(
          LogLevel.INFO,
          "success: " + name() + " entered RUNNING state, process has stayed up for > than "
              + config.startSecs() + " seconds (startsecs)");
    }
    if (before == BACKOFF) {
      if (state == BACKOFF && backoff > config.startRetries()) {
        giveUp();
        actions.log(
            LogLevel.INFO,
            "gave up: " + name() + " entered FATAL state, too many start retries too quickly");
      }
    } else if (before == STOPPING && state == STOPPING && killing && now - delay >= 0) {
      actions.log(
          LogLevel.WARN,
          "killing " + PyRepr.of(name()) + " (" + pid + ") with SIGKILL");
      kill(Signals.SIGKILL);
    }
  }

  /**
   * The monotonic time at which {@link #transition()} has something to do, or empty when only a
   * command or an exit can move this process. A time in the past means "now".
   */
  public OptionalLong nextDeadline() {
    long now = clock.nanoTime();
    switch (state) {
      case STARTING:
        long wait = config.startSecs() == 0 ? 0 : config.startSecs() * NANOS_PER_SECOND + 1;
        return OptionalLong.of(lastStartNanos + wait);
      case BACKOFF:
        if (backoff > config.startRetries()) {
          return OptionalLong.of(now);
        }
        return daemonStopping ? OptionalLong.empty() : OptionalLong.of(delay + 1);
      case STOPPING:
        return killing ? OptionalLong.of(delay) : OptionalLong.empty();
      case EXITED:
        return !daemonStopping && restartsAfterExit() ? OptionalLong.of(now) : OptionalLong.empty();
      case STOPPED:
        return !daemonStopping && !everStarted && config.autostart()
            ? OptionalLong.of(now)
            : OptionalLong.empty();
      default:
        return OptionalLong.empty();
    }
  }

  /**
   * supervisord's spawn: STOPPED/EXITED/FATAL/BACKOFF → STARTING, then either a child (pid set,
   * {@code spawned:} logged) or BACKOFF with the spawn error. Does nothing but warn while a child
   * still exists (this is why starting a STOPPING process succeeds without spawning).
   */
  public void spawn() {
    if (pid != 0) {
      actions.log(LogLevel.WARN, "process " + PyRepr.of(name()) + " already running");
      return;
    }
    if (state != EXITED && state != FATAL && state != BACKOFF && state != STOPPED) {
      throw new IllegalStateException("cannot spawn " + name() + " in state " + state);
    }
    killing = false;
    spawnerr = null;
    exitStatus = 0;
    systemStop = false;
    administrativeStop = false;
    everStarted = true;
    lastStartNanos = clock.nanoTime();
    lastStartMillis = clock.currentTimeMillis();
    changeState(STARTING, true);
    int newPid;
    try {
      newPid = actions.spawn(this);
    } catch (SpawnException e) {
      spawnerr = e.getMessage();
      actions.log(LogLevel.INFO, "spawnerr: " + spawnerr);
      changeState(BACKOFF, true);
      actions.spawnFailed();
      return;
    }
    pid = newPid;
    actions.log(LogLevel.INFO, "spawned: " + PyRepr.of(name()) + " with pid " + pid);
    spawnerr = null;
  }

  /**
   * Administrative stop: sends the stop signal (RUNNING/STARTING → STOPPING), or BACKOFF →
   * STOPPED without a signal.
   *
   * @return null on success, else the error text (not running, or the signal failed)
   */
  public String stop() {
    administrativeStop = true;
    stopReported = false;
    return kill(config.stopSignal());
  }

  /** Logs {@code waiting for x to stop} while STOPPING, at most every 2 seconds. */
  public void stopReport() {
    if (state != STOPPING) {
      return;
    }
    long now = clock.nanoTime();
    if (!stopReported || now - lastStopReportNanos > STOP_REPORT_INTERVAL_NANOS) {
      actions.log(LogLevel.INFO, "waiting for " + name() + " to stop");
      stopReported = true;
      lastStopReportNanos = now;
    }
  }

  /** BACKOFF → FATAL without a log line: what a group stop does to a backing-off process. */
  public void giveUp() {
    if (state != BACKOFF) {
      throw new IllegalStateException("cannot give up " + name() + " in state " + state);
    }
    delay = 0;
    backoff = 0;
    systemStop = true;
    changeState(FATAL, true);
  }

  /**
   * Sends an arbitrary signal (signalProcess); the state does not change unless the signal
   * fails with something other than ESRCH (→ UNKNOWN).
   *
   * @return null on success, else the error text
   */
  public String signal(int signal) {
    String sig = Signals.name(signal);
    if (pid == 0) {
      String msg = "attempted to send " + name() + " sig " + sig + " but it wasn't running";
      actions.log(LogLevel.DEBUG, msg);
      return msg;
    }
    actions.log(LogLevel.DEBUG, "sending " + name() + " (pid " + pid + ") sig " + sig);
    String wrongState = requireState(RUNNING, STARTING, STOPPING);
    if (wrongState != null) {
      return wrongState;
    }
    try {
      actions.kill(pid, signal);
    } catch (PosixException e) {
      if (e.isNoSuchProcess()) {
        actions.log(
            LogLevel.DEBUG,
            "unable to signal " + name() + " (pid " + pid
                + "), it probably just now exited on its own: " + describe(e));
        return null;
      }
      return signalFailed("unknown problem sending sig " + name() + " (" + pid + "):", e);
    } catch (RuntimeException e) {
      return signalFailed("unknown problem sending sig " + name() + " (" + pid + "):", e);
    }
    return null;
  }

  /**
   * The child was reaped: STOPPING → STOPPED, STARTING → BACKOFF (too quick), or → EXITED.
   * Exits of other pids (a child already replaced) are ignored.
   */
  public void onExit(int exitedPid, ExitStatus status) {
    if (exitedPid == 0 || exitedPid != pid) {
      actions.log(LogLevel.DEBUG, "ignoring exit of pid " + exitedPid + " for " + name());
      return;
    }
    long now = clock.nanoTime();
    lastStopMillis = clock.currentTimeMillis();
    boolean tooQuickly = now - lastStartNanos < config.startSecs() * NANOS_PER_SECOND;
    boolean expected = !status.signalled() && config.exitCodes().contains(status.code());
    String how = status.describe();
    if (killing) {
      killing = false;
      delay = 0;
      exitStatus = status.code();
      changeState(STOPPED, true);
      actions.log(expected ? LogLevel.INFO : LogLevel.WARN, "stopped: " + name() + " (" + how + ")");
    } else if (tooQuickly) {
      exitStatus = 0;
      spawnerr = TOO_QUICKLY;
      actions.log(LogLevel.WARN, "exited: " + name() + " (" + how + "; not expected)");
      changeState(BACKOFF, true);
    } else {
      delay = 0;
      backoff = 0;
      exitStatus = status.code();
      if (state == STARTING) {
        changeState(RUNNING, true);
      }
      if (expected) {
        actions.log(LogLevel.INFO, "exited: " + name() + " (" + how + "; expected)");
        changeState(EXITED, true);
      } else {
        spawnerr = "Bad exit code " + status.code();
        actions.log(LogLevel.WARN, "exited: " + name() + " (" + how + "; not expected)");
        changeState(EXITED, false);
      }
    }
    pid = 0;
  }

  /** The getProcessInfo struct at this moment. */
  public ProcessInfo info(String stdoutLogfile, String stderrLogfile, ZoneId zone) {
    long nowMillis = clock.currentTimeMillis();
    long start = everStarted ? lastStartMillis / 1000 : 0;
    long stop = lastStopMillis / 1000;
    long now = nowMillis / 1000;
    String description =
        ProcessDescription.of(state, name(), pid, start, stop, now, spawnerr, zone);
    return new ProcessInfo(
        name(),
        groupName,
        capped(start),
        capped(stop),
        capped(now),
        state,
        spawnerr == null ? "" : spawnerr,
        exitStatus,
        stdoutLogfile == null ? "" : stdoutLogfile,
        stderrLogfile == null ? "" : stderrLogfile,
        pid,
        description);
  }

  private boolean restartsAfterExit() {
    AutoRestart mode = config.autoRestart();
    return mode == AutoRestart.TRUE
        || (mode == AutoRestart.UNEXPECTED && !config.exitCodes().contains(exitStatus));
  }

  private boolean startsecsPassed(long now) {
    long elapsed = now - lastStartNanos;
    return config.startSecs() == 0 || elapsed > config.startSecs() * NANOS_PER_SECOND;
  }

  /** supervisord's kill: the stop signal first, SIGKILL on escalation. */
  private String kill(int signal) {
    String sig = Signals.name(signal);
    if (state == BACKOFF) {
      actions.log(LogLevel.DEBUG, "Attempted to kill " + name() + ", which is in BACKOFF state.");
      changeState(STOPPED, true);
      return null;
    }
    if (pid == 0) {
      String msg = "attempted to kill " + name() + " with sig " + sig + " but it wasn't running";
      actions.log(LogLevel.DEBUG, msg);
      return msg;
    }
    boolean asGroup = state == STOPPING ? config.killAsGroup() : config.stopAsGroup();
    actions.log(
        LogLevel.DEBUG,
        "killing " + name() + " (pid " + pid + ") " + (asGroup ? "process group " : "")
            + "with signal " + sig);
    String wrongState = requireState(RUNNING, STARTING, STOPPING);
    if (wrongState != null) {
      return wrongState;
    }
    killing = true;
    delay = clock.nanoTime() + config.stopWaitSecs() * NANOS_PER_SECOND;
    changeState(STOPPING, true);
    try {
      signalChild(asGroup, signal);
    } catch (PosixException e) {
      if (e.isNoSuchProcess()) {
        // The exit will be reported by the reaper; the state is fixed then.
        actions.log(
            LogLevel.DEBUG,
            "unable to signal " + name() + " (pid " + pid
                + "), it probably just exited on its own: " + describe(e));
        return null;
      }
      return killFailed(e);
    } catch (RuntimeException e) {
      return killFailed(e);
    }
    return null;
  }

  /**
   * A group signal right after spawn can find no group yet (the child calls setsid a moment
   * after the JDK returns its pid); then the child alone is signalled, as it has no children yet.
   */
  private void signalChild(boolean asGroup, int signal) throws PosixException {
    if (!asGroup) {
      actions.kill(pid, signal);
      return;
    }
    try {
      actions.kill(-pid, signal);
    } catch (PosixException e) {
      if (!e.isNoSuchProcess()) {
        throw e;
      }
      actions.kill(pid, signal);
    }
  }

  private String killFailed(Exception e) {
    String msg = signalFailed("unknown problem killing " + name() + " (" + pid + "):", e);
    killing = false;
    delay = 0;
    return msg;
  }

  private String signalFailed(String prefix, Exception e) {
    String msg = prefix + (e instanceof PosixException ? describe((PosixException) e) : e);
    actions.log(LogLevel.CRITICAL, msg);
    changeState(UNKNOWN, true);
    return msg;
  }

  private String requireState(ProcessState... allowed) {
    for (ProcessState s : allowed) {
      if (state == s) {
        return null;
      }
    }
    String msg = "Assertion failed for " + name() + ": " + state + " not in allowed states";
    actions.log(LogLevel.CRITICAL, msg);
    return msg;
  }

  private static String describe(PosixException e) {
    return "[Errno " + e.errno() + "] " + e.errnoName();
  }

  private void changeState(ProcessState to, boolean expected) {
    ProcessState from = state;
    if (to == from) {
      return;
    }
    state = to;
    if (to == BACKOFF) {
      backoff++;
      delay = clock.nanoTime() + backoff * NANOS_PER_SECOND;
    }
    actions.stateChanged(new StateChange(name(), groupName, from, to, backoff, expected, pid));
  }

  private static int capped(long seconds) {
    return (int) Math.min(Integer.MAX_VALUE, seconds);
  }
}
