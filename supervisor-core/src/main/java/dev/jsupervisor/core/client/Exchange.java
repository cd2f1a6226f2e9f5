package dev.jsupervisor.core.client;

import dev.jsupervisor.core.client.internal.ChunkedInputStream;
import dev.jsupervisor.core.client.internal.Connection;
import dev.jsupervisor.core.client.internal.HttpResponseHead;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * One answer being read: its head and a body stream framed by Content-Length or chunking.
 * Closing it returns the connection to its endpoint when the body was read to its end and the
 * server keeps the connection open; otherwise the connection is closed.
 */
final class Exchange implements AutoCloseable {
  private static final int MAX_DRAIN = 64 * 1024;
  private final Endpoint endpoint;
  private final Connection connection;
  final HttpResponseHead head;
  private final InputStream body;
  private final boolean framed;
  private boolean closed;

  Exchange(Endpoint endpoint, Connection connection, HttpResponseHead head) throws IOException {
    this.endpoint = endpoint;
    this.connection = connection;
    this.head = head;
    long length = head.contentLength();
    if (head.isChunked()) {
      body = new ChunkedInputStream(connection.input());
      framed = true;
    } else if (length >= 0) {
      body = new LengthLimitedInput(connection.input(), length);
      framed = true;
    } else {
      body = connection.input(); // to EOF; the connection cannot be reused
      framed = false;
    }
  }

  /** The body; the caller must not close the connection's stream itself. */
  InputStream body() {
    return body;
  }

  /** Closes the connection whatever state the body is in (for endless log tails). */
  void abort() {
    closed = true;
    connection.close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean reusable = framed && !head.closesConnection();
    if (reusable) {
      try {
        // The XML parser stops at the end tag; a trailing newline may still be unread.
        byte[] sink = new byte[4096];
        int total = 0;
        int n;
        while ((n = body.read(sink)) > 0) {
          total += n;
          if (total > MAX_DRAIN) {
            reusable = false;
            break;
          }
        }
      } catch (IOException e) {
        reusable = false;
      }
    }
    if (reusable) {
      endpoint.release(connection);
    } else {
      connection.close();
    }
  }

  /** Exactly {@code length} bytes, then end of stream. */
  private static final class LengthLimitedInput extends InputStream {
    private final InputStream in;
    private long remaining;

    LengthLimitedInput(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException("connection closed with " + remaining + " body bytes missing");
      }
      remaining -= n;
      return n;
    }

    @Override
    public void close() {
      // the connection outlives the body
    }
  }
}
