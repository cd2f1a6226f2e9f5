package dev.jsupervisor.core.process.internal;

import com.sun.jna.Memory;
import dev.jsupervisor.core.process.Errno;
import dev.jsupervisor.core.process.ImmediateOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Blocking, unbuffered writes to a pipe descriptor this stream owns; a reader that went away is
 * an {@code IOException} (EPIPE), never a signal. Closed once, by the thread that writes it.
 * {@link #tryWriteNow} writes a small block only when the pipe has room for it.
 */
public final class FdOutputStream extends OutputStream implements ImmediateOutput {
  /**
   * Writes up to this size into a pipe whose poll says writable never block: the pipe has a free
   * page (Linux's POLLOUT for pipes), and a write of at most one page needs only one.
   */
  static final int ATOMIC_WRITE_BYTES = 4096;

  private static final short POLLOUT = 0x4;

  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** One struct pollfd for {@link #tryWriteNow}, made on its first use. */
  private Memory pollFd;

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

  /**
   * Writes {@code data} (at most {@value #ATOMIC_WRITE_BYTES} bytes) when the pipe has room for
   * it now; false, writing nothing, when it has not. A reader that went away is the write's
   * EPIPE. Not to be called while another thread writes this stream.
   */
  @Override
  public boolean tryWriteNow(byte[] data) throws IOException {
    if (data.length > ATOMIC_WRITE_BYTES || closed.get()) {
      return false;
    }
    if (pollFd == null) {
      pollFd = new Memory(8);
    }
    pollFd.setInt(0, fd);
    pollFd.setShort(4, POLLOUT);
    pollFd.setShort(6, (short) 0);
    if (LibC.poll(pollFd, 1, 0) != 1 || (pollFd.getShort(6) & POLLOUT) == 0) {
      return false;
    }
    write(data, 0, data.length);
    return true;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LibC.close(fd);
    }
  }
}
