package dev.jsupervisor.core.metrics;

import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends a page in slices of {@link #SLICE} bytes, each after the last is written: the JDK copies
 * a heap buffer into a temporary direct buffer of its size to write it to a socket and keeps
 * that per thread, so a whole ~770 KB page would leave a 770 KB native buffer behind on every
 * server thread that ever sent one.
 */
final class SlicedWrite implements Callback {
  static final int SLICE = 64 * 1024;

  private final Response response;
  private final ByteBuffer page;
  private final Callback done;

  private SlicedWrite(Response response, ByteBuffer page, Callback done) {
    this.response = response;
    this.page = page;
    this.done = done;
  }

  /** Writes {@code page} (its remaining bytes) as the whole body, then completes {@code done}. */
  static void send(Response response, ByteBuffer page, Callback done) {
    new SlicedWrite(response, page, done).next();
  }

  private void next() {
    int n = Math.min(SLICE, page.remaining());
    ByteBuffer slice = page.slice(page.position(), n);
    page.position(page.position() + n);
    boolean last = !page.hasRemaining();
    response.write(last, slice, last ? done : this);
  }

  @Override
  public void succeeded() {
    next();
  }

  @Override
  public void failed(Throwable x) {
    done.failed(x);
  }
}
