package dev.jsupervisor.core.process.internal;

import dev.jsupervisor.core.process.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Blocking reads from a pipe descriptor this stream owns. Its owner closes it, once, from the
 * thread that reads it: closing under a blocked reader would let the descriptor number be reused
 * by an unrelated file that the reader then drains.
 */
public final class FdInputStream extends InputStream {
  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();

  public FdInputStream(int fd) {
    this.fd = fd;
  }

  /** The descriptor, for a poller that reads it in this stream's stead (and closes the stream). */
  int fd() {
    return fd;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (closed.get()) {
      throw new IOException("Stream closed");
    }
    // JNA passes whole arrays, so a read into the middle of one goes through a scratch array.
    byte[] target = off == 0 ? b : new byte[len];
    long n;
    do {
      n = LibC.read(fd, target, len);
    } while (n == -1 && LibC.errno() == LibC.EINTR);
    if (n == -1) {
      throw new IOException("read: " + Errno.name(LibC.errno()));
    }
    if (n == 0) {
      return -1;
    }
    if (target != b) {
      System.arraycopy(target, 0, b, off, (int) n);
    }
    return (int) n;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LibC.close(fd);
    }
  }
}
