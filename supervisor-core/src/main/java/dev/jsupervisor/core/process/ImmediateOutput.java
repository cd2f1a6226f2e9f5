package dev.jsupervisor.core.process;

import java.io.IOException;

/**
 * An output that can take a small write on the caller's thread when that write cannot block, so
 * a caller that must never block (the daemon's loop) can skip handing the bytes to a writer
 * thread.
 */
public interface ImmediateOutput {
  /**
   * Writes all of {@code data} now when the write is certain not to block, and returns true;
   * otherwise writes nothing and returns false.
   *
   * @throws IOException when the write was tried and failed (the reader went away)
   */
  boolean tryWriteNow(byte[] data) throws IOException;
}
