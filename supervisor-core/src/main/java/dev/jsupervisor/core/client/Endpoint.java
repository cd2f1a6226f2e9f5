package dev.jsupervisor.core.client;

import dev.jsupervisor.core.client.internal.Connection;
import dev.jsupervisor.core.client.internal.HttpResponseHead;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One server's address, credentials and idle keep-alive connections. Threads borrow a
 * connection per request and give it back when the answer was read to its end, so concurrent
 * calls use as many connections as there are callers and sequential calls reuse one.
 */
final class Endpoint implements AutoCloseable {
  private static final int MAX_IDLE = 16;

  final ServerUrl url;
  final String authorization;
  final int connectTimeoutMillis;
  final int readTimeoutMillis;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  Endpoint(ServerUrl url, String authorization, int connectTimeoutMillis, int readTimeoutMillis) {
    this.url = url;
    this.authorization = authorization;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  /** The Host header value: supervisorctl sends {@code localhost} over UNIX sockets. */
  String hostHeader() {
    if (url.isUnix()) {
      return "localhost";
    }
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == 80 ? host : host + ":" + url.port();
  }

  /** An idle connection that still looks alive, or null. */
  Connection pollIdle() {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      if (c.isReusable()) {
        return c;
      }
      c.close();
    }
    return null;
  }

  /** Opens a fresh connection, mapping failures to supervisorctl's wording. */
  Connection connect() {
    SocketAddress address =
        url.isUnix()
            ? UnixDomainSocketAddress.of(url.socketPath())
            : new InetSocketAddress(url.host(), url.port());
    try {
      if (url.isUnix() && !Files.exists(url.socketPath())) {
        throw new FileNotFoundException(url.socketPath().toString());
      }
      return Connection.open(address, connectTimeoutMillis, readTimeoutMillis);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  void release(Connection c) {
    if (closed || idle.size() >= MAX_IDLE) {
      c.close();
    } else {
      idle.offerFirst(c);
    }
  }

  /** Maps an I/O failure on this server to a {@link ClientException}. */
  ClientException failure(IOException e) {
    String message = String.valueOf(e.getMessage());
    if (e instanceof FileNotFoundException || message.contains("No such file")) {
      return ClientException.of(ClientException.Kind.NO_SUCH_FILE, url + " no such file", e);
    }
    if (e instanceof ConnectException || message.contains("Connection refused")) {
      return ClientException.of(ClientException.Kind.REFUSED, url + " refused connection", e);
    }
    if (e instanceof SocketTimeoutException) {
      return ClientException.of(ClientException.Kind.TIMEOUT, url + " timed out: " + message, e);
    }
    if (e instanceof UnknownHostException) {
      return ClientException.of(ClientException.Kind.IO, url + " unknown host " + message, e);
    }
    if (e instanceof InterruptedIOException) {
      return ClientException.of(ClientException.Kind.IO, url + " call interrupted", e);
    }
    return ClientException.of(ClientException.Kind.IO, url + " connection failed: " + message, e);
  }

  /**
   * Sends one request and reads the answer's head, opening a new connection when a reused one
   * turns out to have been closed by the server (then the request is sent once more).
   */
  Exchange send(byte[] request) {
    Connection c = pollIdle();
    boolean reused = c != null;
    if (c == null) {
      c = connect();
    }
    try {
      try {
        c.write(request);
        HttpResponseHead head = HttpResponseHead.read(c.input());
        if (head != null) {
          return new Exchange(this, c, head);
        }
        if (!reused) {
          throw new IOException("server closed the connection without answering");
        }
      } catch (IOException e) {
        if (!reused || e instanceof InterruptedIOException) {
          throw e;
        }
      }
      // The idle connection died between calls: supervisord closes them after restarts.
      c.close();
      c = connect();
      c.write(request);
      HttpResponseHead head = HttpResponseHead.read(c.input());
      if (head == null) {
        throw new IOException("server closed the connection without answering");
      }
      return new Exchange(this, c, head);
    } catch (IOException e) {
      c.close();
      throw failure(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      c.close();
    }
  }
}
