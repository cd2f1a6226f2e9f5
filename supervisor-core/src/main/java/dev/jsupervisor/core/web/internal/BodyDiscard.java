package dev.jsupervisor.core.web.internal;

import org.eclipse.jetty.io.Content;

/**
 * Reads and drops a request body that will be refused, up to a bound, before the refusal is
 * sent. A server that answers while the client is still sending and then closes makes the
 * client see a reset instead of the answer; reading the rest first lets the answer arrive.
 */
public final class BodyDiscard {
  private final Content.Source source;
  private final long limit;
  private final Runnable whenDone;
  private long seen;

  private BodyDiscard(Content.Source source, long limit, Runnable whenDone) {
    this.source = source;
    this.limit = limit;
    this.whenDone = whenDone;
  }

  /**
   * Drops the body of {@code source} without blocking, then runs {@code whenDone} once: at the
   * end of the body, on a read failure, or when more than {@code limit} bytes have arrived (the
   * caller should then close the connection).
   * {@code whenDone} may run on this thread or on one of Jetty's.
   */
  public static void drain(Content.Source source, long limit, Runnable whenDone) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    new BodyDiscard(source, limit, whenDone).readAvailable();
  }

  private void readAvailable() {
    while (true) {
      Content.Chunk chunk = source.read();
      if (chunk == null) {
        source.demand(this::readAvailable);
        return;
      }
      boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
      seen += chunk.remaining();
      chunk.release();
      if (end || seen > limit) {
        whenDone.run();
        return;
      }
    }
  }
}
