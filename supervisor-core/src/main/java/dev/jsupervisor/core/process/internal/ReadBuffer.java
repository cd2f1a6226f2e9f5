package dev.jsupervisor.core.process.internal;

import dev.jsupervisor.core.process.OutputPump;
import java.util.Arrays;

/**
 * One pipe's read buffer. Most children write little, and a daemon with hundreds of them would
 * otherwise hold hundreds of idle 128 KiB buffers: it starts at 4 KiB, and a read that fills it
 * doubles it, up to {@link OutputPump#CHUNK_SIZE}.
 */
public final class ReadBuffer {
  static final int INITIAL_SIZE = 4 * 1024;

  private byte[] buffer = new byte[INITIAL_SIZE];

  /** Where the next read goes, all of it. */
  public byte[] array() {
    return buffer;
  }

  /** A copy of the {@code n} bytes just read into {@link #array()}; grows it when they filled it. */
  public byte[] take(int n) {
    byte[] chunk = Arrays.copyOf(buffer, n);
    if (n == buffer.length && buffer.length < OutputPump.CHUNK_SIZE) {
      buffer = new byte[Math.min(OutputPump.CHUNK_SIZE, buffer.length * 2)];
    }
    return chunk;
  }
}
