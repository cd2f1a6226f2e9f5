package dev.jsupervisor.core.rpc.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Sends a {@link ReplyBytes} as a response body with its Content-Length, one chunk per write
 * and each write after the previous one completed, and releases the chunks to their pool once
 * the last write is done or failed.
 */
final class ReplyWriter extends IteratingCallback {
  private final Response response;
  private final ReplyBytes body;
  private final ByteBuffer[] parts;
  private final Callback done;
  private int next;

  private ReplyWriter(Response response, ReplyBytes body, Callback done) {
    this.response = response;
    this.body = body;
    this.parts = body.buffers();
    this.done = done;
  }

  /** Writes {@code body} (status and content type already set) and then completes {@code done}. */
  static void send(Response response, ReplyBytes body, Callback done) {
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.size());
    new ReplyWriter(response, body, done).iterate();
  }

  @Override
  protected Action process() {
    if (next == parts.length) {
      if (parts.length == 0) {
        response.write(true, ByteBuffer.allocate(0), this);
        next++;
        return Action.SCHEDULED;
      }
      return Action.SUCCEEDED;
    }
    if (next > parts.length) {
      return Action.SUCCEEDED;
    }
    ByteBuffer part = parts[next++];
    response.write(next == parts.length, part, this);
    return Action.SCHEDULED;
  }

  @Override
  protected void onCompleteSuccess() {
    body.release();
    done.succeeded();
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    body.release();
    done.failed(cause);
  }
}
