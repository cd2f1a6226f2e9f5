package dev.jsupervisor.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An unbounded in-memory pipe between two threads: what an in-process listener gets instead of
 * real stdin/stdout. Unlike {@link java.io.PipedInputStream} it does not care which threads write
 * or whether they are still alive; closing the writing end gives the reader end-of-file.
 */
public final class BytePipe {
  private byte[] buffer = new byte[256];
  private int head;
  private int tail;
  private boolean writerClosed;
  private boolean readerClosed;

  private final InputStream in = new InputStream() {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return take(b, off, len);
    }

    @Override
    public int available() {
      synchronized (BytePipe.this) {
        return tail - head;
      }
    }

    @Override
    public void close() {
      closeReader();
    }
  };

  private final OutputStream out = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      put(b, off, len);
    }

    @Override
    public void close() {
      closeWriter();
    }
  };

  /** The reading end. */
  public InputStream input() {
    return in;
  }

  /** The writing end. */
  public OutputStream output() {
    return out;
  }

  /** Ends the stream: the reader gets what is buffered, then end-of-file. */
  public synchronized void closeWriter() {
    writerClosed = true;
    notifyAll();
  }

  /** The reader is gone: writes fail as on a broken pipe, a blocked read fails. */
  public synchronized void closeReader() {
    readerClosed = true;
    notifyAll();
  }

  private synchronized void put(byte[] b, int off, int len) throws IOException {
    if (writerClosed) {
      throw new IOException("pipe closed by its writer");
    }
    if (readerClosed) {
      throw new IOException("Broken pipe: the reading end is closed");
    }
    if (tail + len > buffer.length) {
      int size = tail - head;
      byte[] bigger = new byte[Math.max(buffer.length, (size + len) * 2)];
      System.arraycopy(buffer, head, bigger, 0, size);
      buffer = bigger;
      head = 0;
      tail = size;
    }
    System.arraycopy(b, off, buffer, tail, len);
    tail += len;
    notifyAll();
  }

  private synchronized int take(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (head == tail && !writerClosed && !readerClosed) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading the pipe");
      }
    }
    if (readerClosed) {
      throw new IOException("pipe closed");
    }
    if (head == tail) {
      return -1;
    }
    int n = Math.min(len, tail - head);
    System.arraycopy(buffer, head, b, off, n);
    head += n;
    return n;
  }
}
