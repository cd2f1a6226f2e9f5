package dev.jsupervisor.core.process;

import dev.jsupervisor.core.process.internal.ChildPoller;
import dev.jsupervisor.core.process.internal.FdInputStream;
import dev.jsupervisor.core.process.internal.ReadBuffer;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one child pipe and hands each chunk (up to 128 KiB, as read) to a listener, holding back
 * while too much of what it handed over is still unhandled; it knows nothing of process state.
 * A native pipe ({@code posix_spawn} children) is read by the one shared poll thread; any other
 * stream by a thread of its own.
 */
public final class OutputPump {
  /** supervisord's read size per pipe read. */
  public static final int CHUNK_SIZE = 128 * 1024;

  /** Receives the pipe's data on the reading thread. */
  public interface Listener {
    /**
     * A chunk of output. Its bytes count against the pump's budget until {@code release} runs
     * (once, on any thread); while the budget is spent the pipe is not read, so it fills and the
     * child blocks in write, as under supervisord.
     */
    void onChunk(byte[] chunk, Runnable release);

    /** The pipe closed (or failed) and is closed; called exactly once, last. */
    void onEof();
  }

  private OutputPump() {}

  /**
   * Pumps {@code in} into {@code listener}, which then owns nothing: the pump closes {@code in}
   * at its end.
   *
   * @param threadName the reading thread's name, when it gets one
   * @param budget bytes that may be handed over and not yet released
   */
  public static void start(String threadName, InputStream in, int budget, Listener listener) {
    if (in instanceof FdInputStream && ChildPoller.available()) {
      try {
        ChildPoller.get().pump((FdInputStream) in, budget, listener);
        return;
      } catch (PosixException e) {
        // No poller (out of descriptors when it was first needed): a thread reads it instead.
      }
    }
    Thread thread = new Thread(() -> pumpOnThisThread(in, budget, listener), threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private static void pumpOnThisThread(InputStream in, int budget, Listener listener) {
    Budget inFlight = new Budget(budget);
    ReadBuffer buffer = new ReadBuffer();
    try (in) {
      while (true) {
        inFlight.awaitRoom();
        int n = in.read(buffer.array());
        if (n < 0) {
          break;
        }
        if (n > 0) {
          int taken = n;
          inFlight.take(taken);
          listener.onChunk(buffer.take(taken), () -> inFlight.release(taken));
        }
      }
    } catch (IOException e) {
      // A pipe closed under us (the process was discarded): the same as end of output.
    } finally {
      listener.onEof();
    }
  }

  /** Bytes handed over and not yet released; the pipe is read only while they are under budget. */
  private static final class Budget {
    private final long limit;
    private long inFlight;

    Budget(long limit) {
      this.limit = limit;
    }

    /** Waits while the budget is spent. */
    synchronized void awaitRoom() {
      boolean interrupted = false;
      while (inFlight >= limit) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized void take(long n) {
      inFlight += n;
    }

    synchronized void release(long n) {
      inFlight -= n;
      notifyAll();
    }
  }
}
