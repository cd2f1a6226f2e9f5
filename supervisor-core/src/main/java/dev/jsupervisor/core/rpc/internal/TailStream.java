package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.rpc.LogFollower;
import dev.jsupervisor.core.rpc.ServerLog;
import dev.jsupervisor.core.util.LogLevel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One {@code tail -f} response: copies a follower's chunks to the client one write at a time, and
 * probes the connection while the log is quiet so that a client that hung up releases its
 * follower and socket within one probe interval, not at the log's next write.
 *
 * <p>Jetty does not read a connection while its request is being handled, so a hang-up is
 * otherwise only seen when a write fails. The probe is a non-blocking read: end of stream or an
 * error means the client is gone. A tail client has nothing to send while it reads the stream
 * except stray line breaks (supervisorctl ends its request with an extra CRLF, which HTTP allows
 * before a request line); anything else is taken as misuse and ends the stream too.
 */
public final class TailStream {
  private final LogFollower follower;
  private final Response response;
  private final Callback callback;
  private final EndPoint endPoint;
  private final Scheduler scheduler;
  private final long probeMillis;
  private final ServerLog log;
  private final AtomicBoolean finished = new AtomicBoolean();
  /** True while the stream waits on the follower with no write in flight. */
  private volatile boolean quiet;

  TailStream(LogFollower follower, Response response, Callback callback, EndPoint endPoint,
      Scheduler scheduler, long probeMillis, ServerLog log) {
    this.follower = follower;
    this.response = response;
    this.callback = callback;
    this.endPoint = endPoint;
    this.scheduler = scheduler;
    this.probeMillis = probeMillis;
    this.log = log;
  }

  /**
   * Answers {@code request} with a 200 {@code text/plain} stream of the follower's bytes (headers
   * the caller already put stay), outliving the connection's idle timeout: the stream is quiet for
   * as long as the log is, and its own probe notices a client that went away.
   */
  public static void serve(LogFollower follower, Request request, Response response,
      Callback callback, long probeMillis, ServerLog log) {
    request.addIdleTimeoutListener(timeout -> false);
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.getHeaders().put("X-Accel-Buffering", "no");
    TailStream stream = new TailStream(follower, response, callback,
        request.getConnectionMetaData().getConnection().getEndPoint(),
        request.getComponents().getScheduler(), probeMillis, log);
    request.addFailureListener(stream::fail);
    stream.start();
  }

  /** Sends the response head at once (as supervisord does, even for an empty log), then chunks. */
  void start() {
    scheduleProbe();
    response.write(false, ByteBuffer.allocate(0), Callback.from(this::pump, this::fail));
  }

  /** Ends the stream because the request failed (e.g. the server stops). */
  void fail(Throwable cause) {
    if (finished.compareAndSet(false, true)) {
      follower.close();
      callback.failed(cause);
    }
  }

  private void pump() {
    if (finished.get()) {
      return;
    }
    CompletableFuture<byte[]> next;
    try {
      next = follower.next();
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    quiet = true;
    next.whenComplete((bytes, error) -> {
      quiet = false;
      if (finished.get()) {
        return;
      }
      if (error != null || bytes == null || bytes.length == 0) {
        if (error != null) {
          log.log(LogLevel.WARN, "log tail ended: " + error.getMessage());
        }
        if (finished.compareAndSet(false, true)) {
          follower.close();
          response.write(true, ByteBuffer.allocate(0), callback);
        }
        return;
      }
      response.write(false, ByteBuffer.wrap(bytes), Callback.from(this::pump, this::fail));
    });
  }

  private void scheduleProbe() {
    scheduler.schedule(this::probe, probeMillis, TimeUnit.MILLISECONDS);
  }

  private void probe() {
    if (finished.get()) {
      return;
    }
    if (quiet && clientGone()) {
      fail(new EofException("tail client went away"));
      return;
    }
    scheduleProbe();
  }

  private boolean clientGone() {
    ByteBuffer sink = ByteBuffer.allocate(64);
    try {
      int n;
      while (true) {
        sink.clear().flip(); // Jetty fills buffers kept in read mode
        n = endPoint.fill(sink);
        if (n <= 0) {
          return n < 0;
        }
        if (!onlyLineBreaks(sink)) {
          return true;
        }
      }
    } catch (IOException e) {
      return true;
    }
  }

  static boolean onlyLineBreaks(ByteBuffer bytes) {
    for (int i = bytes.position(); i < bytes.limit(); i++) {
      byte b = bytes.get(i);
      if (b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
