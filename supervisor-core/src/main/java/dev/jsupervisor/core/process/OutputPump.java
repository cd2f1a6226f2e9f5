package dev.jsupervisor.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads one child pipe on its own thread and hands each chunk (up to 128 KiB, as read) to a
 * listener; it knows nothing of process state.
 */
public final class OutputPump implements Runnable {
  /** supervisord's read size per pipe read. */
  public static final int CHUNK_SIZE = 128 * 1024;

  /** Receives the pipe's data on the pump thread. */
  public interface Listener {
    void onChunk(byte[] chunk);

    /** The pipe closed (or failed); called exactly once, last. */
    void onEof();
  }

  private final InputStream in;
  private final Listener listener;

  public OutputPump(InputStream in, Listener listener) {
    this.in = in;
    this.listener = listener;
  }

  /** Starts a daemon thread pumping {@code in} into {@code listener}. */
  public static Thread start(String threadName, InputStream in, Listener listener) {
    Thread thread = new Thread(new OutputPump(in, listener), threadName);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * The first read buffer. Most children write little, and a daemon with hundreds of them
   * would otherwise hold hundreds of idle 128 KiB buffers; a read that fills the buffer
   * doubles it, up to {@link #CHUNK_SIZE}.
   */
  static final int INITIAL_BUFFER = 4 * 1024;

  @Override
  public void run() {
    byte[] buffer = new byte[INITIAL_BUFFER];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (n > 0) {
          listener.onChunk(Arrays.copyOf(buffer, n));
          if (n == buffer.length && buffer.length < CHUNK_SIZE) {
            buffer = new byte[Math.min(CHUNK_SIZE, buffer.length * 2)];
          }
        }
      }
    } catch (IOException e) {
      // A pipe closed under us (the process was discarded): the same as end of output.
    } finally {
      listener.onEof();
    }
  }
}
