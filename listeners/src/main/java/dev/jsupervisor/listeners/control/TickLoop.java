package dev.jsupervisor.listeners.control;

import dev.jsupervisor.listeners.sdk.ListenerLog;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Drives a listener engine between events: every {@code interval} it runs the engine's tick and,
 * while the engine says supervisord must be kept awake, makes one cheap call: {@code getState},
 * or the engine's own (any answer, a fault included, wakes supervisord's main loop). While the
 * engine says to hurry, it makes such calls back to back for the whole interval instead.
 */
public final class TickLoop implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final Runnable tick;
  private final BooleanSupplier keepAwakeNeeded;
  private final ListenerLog log;
  private BooleanSupplier hurry = () -> false;
  private BooleanSupplier quick = () -> false;
  private long quickNanos;
  /** The timer's task; at the quick pace until the quick phase ends, then at the interval. */
  private ScheduledFuture<?> pacing;
  private volatile boolean atIntervalPace;
  private long lastTickAt;
  private boolean ticked;
  private Runnable wakeCall;
  private long intervalNanos;
  private long ticks;
  private long wakeCalls;
  private long skipped;
  private boolean unreachableLogged;

  /**
   * @param tick the engine's {@code onTick}
   * @param keepAwakeNeeded the engine's {@code keepAwakeNeeded}
   */
  public TickLoop(Runnable tick, BooleanSupplier keepAwakeNeeded, SupervisorCalls calls,
      ListenerLog log) {
    this.tick = tick;
    this.keepAwakeNeeded = keepAwakeNeeded;
    this.log = log;
    this.wakeCall = calls::getState;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "listener-tick");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * While {@code hurry} holds (and a wake-up is needed), each tick wakes supervisord back to back
   * until the next tick is due: for a short phase where every loop pass of supervisord makes
   * progress, such as the one-group-per-pass end of its stop.
   */
  public TickLoop hurryWhile(BooleanSupplier hurry) {
    this.hurry = hurry;
    return this;
  }

  /**
   * While {@code quick} holds, a tick comes every {@code quickMillis} instead of every interval:
   * for a phase in which only the tick notices progress, such as a listener's first second,
   * before supervisord sends it any event (it sends events only to a RUNNING listener). The phase
   * is one-way: once {@code quick} is false the timer goes to the interval's pace for good, so an
   * idle listener does not wake at the quick pace only to skip.
   */
  public TickLoop quickWhile(BooleanSupplier quick, long quickMillis) {
    this.quick = quick;
    this.quickNanos = TimeUnit.MILLISECONDS.toNanos(quickMillis);
    return this;
  }

  /**
   * Makes {@code call} the keep-awake call instead of {@code getState}: one that also tells the
   * engine something, such as the state of what it waits for. It throws as the calls of {@link
   * SupervisorCalls} do.
   */
  public TickLoop wakeWith(Runnable call) {
    this.wakeCall = call;
    return this;
  }

  /** Ticks now and then every {@code intervalMillis} (20 to 50 ms suits supervisord). */
  public TickLoop start(long intervalMillis) {
    intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    boolean quickPace = quickNanos > 0 && quickNanos < intervalNanos;
    atIntervalPace = !quickPace;
    synchronized (this) {
      pacing = timer.scheduleWithFixedDelay(this::paced, 0,
          quickPace ? quickNanos : intervalNanos, TimeUnit.NANOSECONDS);
    }
    return this;
  }

  /** Runs a tick when one is due: every interval, or at the quick pace while that applies. */
  private void paced() {
    long now = System.nanoTime();
    if (!atIntervalPace && !quick.getAsBoolean()) {
      atIntervalPace = true;
      long sinceTick = ticked ? now - lastTickAt : intervalNanos;
      synchronized (this) {
        pacing.cancel(false);
        pacing = timer.scheduleWithFixedDelay(this::paced,
            Math.max(0, intervalNanos - sinceTick), intervalNanos, TimeUnit.NANOSECONDS);
      }
      return;
    }
    if (ticked && now - lastTickAt < intervalNanos && !quick.getAsBoolean()) {
      synchronized (this) {
        skipped++;
      }
      return;
    }
    ticked = true;
    lastTickAt = now;
    runOnce();
  }

  /** One tick: the engine's timers, then a wake-up call when one is needed. */
  void runOnce() {
    try {
      long until = System.nanoTime() + intervalNanos;
      tick.run();
      if (keepAwakeNeeded.getAsBoolean()) {
        boolean reached = wake();
        while (reached && System.nanoTime() - until < 0 && hurry.getAsBoolean()) {
          reached = wake();
        }
      }
    } catch (RuntimeException e) {
      log.error("listener tick failed: " + e);
    } finally {
      synchronized (this) {
        ticks++;
      }
    }
  }

  /** One wake-up call; false when supervisord could not be reached. */
  private boolean wake() {
    boolean reached = true;
    try {
      wakeCall.run();
      unreachableLogged = false;
    } catch (dev.jsupervisor.core.api.RpcFault expected) {
      // SHUTDOWN_STATE while stopping: the request itself woke the loop.
    } catch (RuntimeException e) {
      reached = false;
      if (!unreachableLogged) {
        unreachableLogged = true;
        log.warn("cannot reach supervisord to keep it awake: " + e.getMessage());
      }
    }
    synchronized (this) {
      wakeCalls++;
    }
    return reached;
  }

  /** Ticks run so far. */
  public synchronized long ticks() {
    return ticks;
  }

  /** Times the quick pace came round and no tick was due. */
  synchronized long skipped() {
    return skipped;
  }

  /** Whether the timer has left the quick pace (or never had one). */
  boolean atIntervalPace() {
    return atIntervalPace;
  }

  /** Wake-up calls made so far. */
  public synchronized long wakeCalls() {
    return wakeCalls;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
