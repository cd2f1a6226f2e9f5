package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.client.SupervisorClient;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a supervisord 4.2.5 main loop turning while a command waits on it. That loop sleeps up
 * to a second when nothing happens, and only then moves a process to RUNNING or answers a
 * {@code wait=true} call; a cheap call at a short interval wakes it, so a waiting start or
 * stop finishes when the state is reached instead of at the loop's next timeout. jsupervisord
 * reacts at once anyway and answers these calls for almost nothing.
 */
final class KeepAwake implements AutoCloseable {
  /** How often the loop is woken while a command waits: the pace of the quick commands' poll. */
  static final long INTERVAL_NANOS = Settler.POLL_NANOS;

  private final Thread thread;
  private volatile boolean done;

  private KeepAwake(SupervisorClient client) {
    thread = new Thread(() -> run(client), "keep-awake");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts waking the server behind {@code client} until {@link #close}. */
  static KeepAwake start(SupervisorClient client) {
    return new KeepAwake(client);
  }

  private void run(SupervisorClient client) {
    LockSupport.parkNanos(INTERVAL_NANOS);
    while (!done) {
      try {
        client.getState();
      } catch (RuntimeException e) {
        // The command's own calls report a broken server; this one only nudges it.
        return;
      }
      LockSupport.parkNanos(INTERVAL_NANOS);
    }
  }

  @Override
  public void close() {
    done = true;
    LockSupport.unpark(thread);
  }
}
