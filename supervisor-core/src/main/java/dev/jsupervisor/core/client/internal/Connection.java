package dev.jsupervisor.core.client.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One client connection over TCP or a UNIX-domain socket with connect and read timeouts.
 * The channel runs non-blocking under a private selector because UNIX channels have no
 * {@code Socket} adaptor to carry a read timeout. Used by one thread at a time.
 */
public final class Connection implements Closeable {
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final int readTimeoutMillis;
  private final InputStream input = new BufferedChannelInput();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
  private boolean used;

  private Connection(SocketChannel channel, Selector selector, SelectionKey key, int readTimeout) {
    this.channel = channel;
    this.selector = selector;
    this.key = key;
    this.readTimeoutMillis = readTimeout;
    readBuffer.flip();
  }

  /** Connects; a timeout of 0 waits without limit. */
  public static Connection open(SocketAddress address, int connectTimeoutMillis, int readTimeoutMillis)
      throws IOException {
    SocketChannel channel =
        address instanceof UnixDomainSocketAddress
            ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
    Selector selector = null;
    try {
      channel.configureBlocking(false);
      selector = Selector.open();
      SelectionKey key = channel.register(selector, 0);
      if (!channel.connect(address)) {
        key.interestOps(SelectionKey.OP_CONNECT);
        if (selector.select(connectTimeoutMillis) == 0) {
          throw new SocketTimeoutException("connect timed out");
        }
        selector.selectedKeys().clear();
        channel.finishConnect();
      }
      return new Connection(channel, selector, key, readTimeoutMillis);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
  }

  /** Whether a request was already sent on this connection (a retry may then be in order). */
  public boolean wasUsed() {
    return used;
  }

  /** False when the peer has closed an idle connection or sent bytes nobody asked for. */
  public boolean isReusable() {
    if (!channel.isOpen() || readBuffer.hasRemaining()) {
      return false;
    }
    try {
      readBuffer.clear();
      int n = channel.read(readBuffer);
      readBuffer.flip();
      return n == 0;
    } catch (IOException e) {
      return false;
    }
  }

  public void write(byte[] bytes) throws IOException {
    used = true;
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      if (channel.write(buffer) == 0) {
        await(SelectionKey.OP_WRITE);
      }
    }
  }

  /** The bytes from the server, buffered. */
  public InputStream input() {
    return input;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  private void await(int op) throws IOException {
    key.interestOps(op);
    int ready = selector.select(readTimeoutMillis);
    selector.selectedKeys().clear();
    key.interestOps(0);
    if (ready == 0) {
      if (Thread.currentThread().isInterrupted()) {
        throw new java.io.InterruptedIOException("interrupted while waiting for the server");
      }
      throw new SocketTimeoutException(
          "no answer from the server within " + readTimeoutMillis + " ms");
    }
  }

  /** Refills from the channel, waiting at most the read timeout for each chunk. */
  private final class BufferedChannelInput extends InputStream {
    @Override
    public int read() throws IOException {
      if (!fill()) {
        return -1;
      }
      return readBuffer.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, readBuffer.remaining());
      readBuffer.get(b, off, n);
      return n;
    }

    @Override
    public int available() {
      return readBuffer.remaining();
    }

    private boolean fill() throws IOException {
      while (!readBuffer.hasRemaining()) {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        readBuffer.flip();
        if (n < 0) {
          return false;
        }
        if (n == 0) {
          await(SelectionKey.OP_READ);
        }
      }
      return true;
    }
  }
}
