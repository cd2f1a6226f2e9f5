package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.util.Clock;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The daemon's single state-owning thread: a mailbox of tasks posted from any thread plus timers
 * on the injected {@link Clock}. Only tasks run here may touch process state, so nothing in the
 * daemon needs a lock around it. It never polls: it sleeps until the next message or the earliest
 * timer.
 *
 * <p>Tests drive it by hand with {@link #runPending()} after moving a {@code FakeClock}, so state
 * machines are tested without sleeping; the daemon calls {@link #start(String)} to run it on its
 * own thread.
 */
public final class EventLoop {
  private final Clock clock;
  private final LinkedBlockingQueue<Runnable> mailbox = new LinkedBlockingQueue<>();
  /** Touched only by the loop thread. */
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final java.util.function.Consumer<Throwable> onUncaught;
  private volatile Thread thread;
  private volatile boolean stopped;
  private long timerSequence;

  /**
   * @param onUncaught told about a task that threw; the loop keeps running
   */
  public EventLoop(Clock clock, java.util.function.Consumer<Throwable> onUncaught) {
    this.clock = clock;
    this.onUncaught = onUncaught;
  }

  public Clock clock() {
    return clock;
  }

  /** Queues a task to run on the loop; safe from any thread. */
  public void execute(Runnable task) {
    mailbox.add(task);
  }

  /** Runs {@code body} on the loop and completes the future with its value or exception. */
  public <T> CompletableFuture<T> call(Supplier<T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    execute(
        () -> {
          try {
            f.complete(body.get());
          } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  /** Like {@link #call} for a body that itself answers later (a deferred RPC). */
  public <T> CompletableFuture<T> callAsync(Supplier<CompletableFuture<T>> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    execute(
        () -> {
          try {
            body.get()
                .whenComplete(
                    (v, e) -> {
                      if (e != null) {
                        f.completeExceptionally(e);
                      } else {
                        f.complete(v);
                      }
                    });
          } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  /**
   * Arms a timer that runs {@code task} on the loop once the clock reaches {@code deadlineNanos}
   * ({@link Clock#nanoTime()} scale). Must be called on the loop.
   */
  public Timer schedule(long deadlineNanos, Runnable task) {
    assertInLoop();
    Timer t = new Timer(deadlineNanos, timerSequence++, task);
    timers.add(t);
    return t;
  }

  /** Arms a timer {@code delayNanos} from now. Must be called on the loop. */
  public Timer scheduleAfter(long delayNanos, Runnable task) {
    return schedule(clock.nanoTime() + delayNanos, task);
  }

  /** Whether the caller runs on the loop (always true while driven by hand). */
  public boolean inLoop() {
    Thread t = thread;
    return t == null || t == Thread.currentThread();
  }

  /**
   * Runs every queued task and every due timer, including ones they add, until nothing is ready.
   * For tests and for the loop thread itself.
   *
   * <p>The mailbox is drained again after each timer: when timers take long (spawning dozens of
   * processes), a child's exit posted meanwhile must be handled before a later timer, such as its
   * startsecs deadline, judges it still running.
   */
  public void runPending() {
    boolean progress = true;
    while (progress) {
      progress = false;
      Runnable task;
      while ((task = mailbox.poll()) != null) {
        runSafely(task);
        progress = true;
      }
      Timer due = timers.peek();
      if (due != null && due.deadlineNanos - clock.nanoTime() <= 0) {
        timers.poll();
        if (!due.cancelled) {
          runSafely(due.task);
        }
        progress = true;
      }
    }
  }

  /** Nanoseconds until the earliest live timer, or -1 when none is armed. */
  public long nanosUntilNextTimer() {
    Timer t;
    while ((t = timers.peek()) != null && t.cancelled) {
      timers.poll();
    }
    return t == null ? -1 : Math.max(0, t.deadlineNanos - clock.nanoTime());
  }

  /** Starts the loop on a new non-daemon thread. */
  public void start(String threadName) {
    Thread t = new Thread(this::runForever, threadName);
    thread = t;
    t.start();
  }

  /** Asks the loop thread to return after the task it is running. */
  public void stop() {
    stopped = true;
    execute(() -> {});
  }

  /** Waits for the loop thread to end. */
  public void join() throws InterruptedException {
    Thread t = thread;
    if (t != null) {
      t.join();
    }
  }

  private void runForever() {
    while (!stopped) {
      runPending();
      if (stopped) {
        break;
      }
      long wait = nanosUntilNextTimer();
      try {
        Runnable task =
            wait < 0 ? mailbox.take() : mailbox.poll(Math.max(wait, 1), TimeUnit.NANOSECONDS);
        if (task != null) {
          runSafely(task);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      onUncaught.accept(e);
    }
  }

  private void assertInLoop() {
    if (!inLoop()) {
      throw new IllegalStateException("must be called on the supervisor loop thread");
    }
  }

  /** A pending timer; cancelling it is cheap and safe from the loop. */
  public static final class Timer implements Comparable<Timer> {
    private final long deadlineNanos;
    private final long sequence;
    private final Runnable task;
    private boolean cancelled;

    private Timer(long deadlineNanos, long sequence, Runnable task) {
      this.deadlineNanos = deadlineNanos;
      this.sequence = sequence;
      this.task = task;
    }

    public void cancel() {
      cancelled = true;
    }

    public long deadlineNanos() {
      return deadlineNanos;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }
}
