package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.process.ImmediateOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Writes to one child's stdin on a thread of its own, in order, so a child that does not read
 * (a stuck event listener) can never block the supervisor loop. What waits to be written is
 * capped, so a child that never reads cannot make the daemon hold unbounded memory. The thread
 * starts with the first write that cannot be made at once: most children never get any input,
 * and an event listener that keeps up gets each envelope written straight from the caller (one
 * thread hand-off less per event).
 */
final class StdinWriter {
  /** Bytes that may wait for one child's stdin. */
  static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

  private final java.util.concurrent.atomic.AtomicLong queued =
      new java.util.concurrent.atomic.AtomicLong();
  private final OutputStream stdin;
  private final String name;
  private final Consumer<IOException> onError;
  private volatile boolean failed;
  /**
   * The writing thread, made on the first write (write and close come from one thread): most
   * children never get input, and an executor that is never used still costs a finalizer pass.
   */
  private ExecutorService thread;

  StdinWriter(String name, OutputStream stdin, Consumer<IOException> onError) {
    this.name = name;
    this.stdin = stdin;
    this.onError = onError;
  }

  /**
   * Queues bytes; they are written and flushed in order. Returns false, queueing nothing, when
   * the child already has {@link #MAX_QUEUED_BYTES} waiting.
   */
  boolean write(byte[] data) {
    if (queued.get() == 0 && stdin instanceof ImmediateOutput now && !failed) {
      // Nothing queued, so the thread is not writing: writing here keeps the order.
      try {
        if (now.tryWriteNow(data)) {
          return true;
        }
      } catch (IOException e) {
        failed = true;
        onError.accept(e);
        return true;
      }
    }
    if (queued.addAndGet(data.length) > MAX_QUEUED_BYTES) {
      queued.addAndGet(-data.length);
      return false;
    }
    if (thread == null) {
      thread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "stdin-" + name);
                t.setDaemon(true);
                return t;
              });
    }
    thread.execute(
        () -> {
          try {
            if (!failed) {
              stdin.write(data);
              stdin.flush();
            }
          } catch (IOException e) {
            failed = true;
            onError.accept(e);
          } finally {
            queued.addAndGet(-data.length);
          }
        });
    return true;
  }

  /** Closes stdin after what is queued and lets the thread end. */
  void close() {
    if (thread == null) {
      // No thread was ever started, so none can be writing: close here rather than start one.
      closeQuietly();
      return;
    }
    thread.execute(this::closeQuietly);
    thread.shutdown();
  }

  private void closeQuietly() {
    try {
      stdin.close();
    } catch (IOException e) {
      // The child is gone; nothing else to do.
    }
  }
}
