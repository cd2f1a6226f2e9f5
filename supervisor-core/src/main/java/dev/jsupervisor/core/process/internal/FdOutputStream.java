package dev.jsupervisor.core.process.internal;

import dev.jsupervisor.core.process.Errno;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Blocking, unbuffered writes to a pipe descriptor this stream owns; a reader that went away is
 * an {@code IOException} (EPIPE), never a signal. Closed once, by the thread that writes it.
 */
public final class FdOutputStream extends OutputStream {
  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();

  public FdOutputStream(int fd) {
    this.fd = fd;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed.get()) {
      throw new IOException("Stream closed");
    }
    byte[] rest = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
    while (rest.length > 0) {
      long n = LibC.write(fd, rest, rest.length);
      if (n == -1) {
        int errno = LibC.errno();
        if (errno == LibC.EINTR) {
          continue;
        }
        throw new IOException("write: " + Errno.name(errno));
      }
      rest = n == rest.length ? new byte[0] : Arrays.copyOfRange(rest, (int) n, rest.length);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LibC.close(fd);
    }
  }
}
