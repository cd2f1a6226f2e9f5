package dev.jsupervisor.core.web.live.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One open {@code text/event-stream} response: frames are written one at a time; frames that
 * arrive while a write is in flight wait in a bounded backlog. A client whose backlog overflows
 * (it reads slower than the daemon changes) or whose write fails is dropped; it never slows
 * anyone else.
 */
public final class SseClient {
  /** Bytes a client may have waiting before it is dropped. */
  public static final int MAX_BACKLOG_BYTES = 256 * 1024;

  private final Response response;
  private final Callback done;
  private final Consumer<SseClient> onClose;
  private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
  private int backlogBytes;
  private boolean writing;
  private boolean closed;

  public SseClient(Response response, Callback done, Consumer<SseClient> onClose) {
    this.response = response;
    this.done = done;
    this.onClose = onClose;
  }

  /** Queues a frame; false when the client is (now) closed. */
  public boolean send(byte[] frame) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (writing) {
        if (backlogBytes + frame.length > MAX_BACKLOG_BYTES) {
          closeLocked(new IllegalStateException("event stream client too slow"));
          return false;
        }
        backlog.add(frame);
        backlogBytes += frame.length;
        return true;
      }
      writing = true;
    }
    write(frame);
    return true;
  }

  private void write(byte[] frame) {
    response.write(false, ByteBuffer.wrap(frame), Callback.from(this::written, this::fail));
  }

  private void written() {
    byte[] next;
    synchronized (this) {
      next = backlog.poll();
      if (next == null || closed) {
        writing = false;
        return;
      }
      backlogBytes -= next.length;
    }
    write(next);
  }

  /** Drops the client because its connection failed. */
  public void fail(Throwable cause) {
    synchronized (this) {
      closeLocked(cause);
    }
  }

  /** Ends the stream normally (the server stops). */
  public void finish() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      backlog.clear();
    }
    onClose.accept(this);
    response.write(true, ByteBuffer.allocate(0), done);
  }

  private void closeLocked(Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    backlog.clear();
    onClose.accept(this);
    done.failed(cause);
  }
}
