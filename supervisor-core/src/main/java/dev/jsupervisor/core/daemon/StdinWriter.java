package dev.jsupervisor.core.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Writes to one child's stdin on a thread of its own, in order, so a child that does not read
 * (a stuck event listener) can never block the supervisor loop.
 */
final class StdinWriter {
  private final OutputStream stdin;
  private final ExecutorService thread;
  private final Consumer<IOException> onError;
  private volatile boolean failed;

  StdinWriter(String name, OutputStream stdin, Consumer<IOException> onError) {
    this.stdin = stdin;
    this.onError = onError;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "stdin-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues bytes; they are written and flushed in order. */
  void write(byte[] data) {
    thread.execute(
        () -> {
          if (failed) {
            return;
          }
          try {
            stdin.write(data);
            stdin.flush();
          } catch (IOException e) {
            failed = true;
            onError.accept(e);
          }
        });
  }

  /** Closes stdin after what is queued and lets the thread end. */
  void close() {
    thread.execute(
        () -> {
          try {
            stdin.close();
          } catch (IOException e) {
            // The child is gone; nothing else to do.
          }
        });
    thread.shutdown();
  }
}
