package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.rpc.HttpSurface;
import dev.jsupervisor.core.rpc.SupervisorApi;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import dev.jsupervisor.core.events.PoolStats;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves {@code GET /metrics} on one HTTP server: the process list is taken from the daemon's
 * loop (one getAllProcessInfo, as a poller's), the page is rendered on a thread of the metrics'
 * own, below the daemon's priority.
 */
public final class MetricsSurface implements HttpSurface {
  public static final String PATH = "/metrics";
  /** A scrape gives up on a daemon loop that does not answer in this time. */
  static final long LOOP_TIMEOUT_SECONDS = 10;

  private final SupervisorApi api;
  private final EventTally tally;
  private final RpcTally rpc;
  private final Supplier<List<PoolStats>> pools;
  /** The daemon's page, made on the first scrape (a daemon nobody scrapes loads none of it). */
  private final LazyPage page;
  private final SpareBuffer buffers = new SpareBuffer();
  private final Executor renderer;

  /**
   * A surface rendering with {@code page} (the daemon's one page, shared by its servers) on
   * {@code renderer}.
   */
  MetricsSurface(SupervisorApi api, EventTally tally, RpcTally rpc,
      Supplier<List<PoolStats>> pools, LazyPage page, Executor renderer) {
    this.page = page;
    this.renderer = renderer;
    this.api = api;
    this.tally = tally;
    this.rpc = rpc;
    this.pools = pools;
  }

  @Override
  public boolean handle(String path, Request request, Response response, Callback callback) {
    if (!path.equals(PATH)) {
      return false;
    }
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    if (!head && !HttpMethod.GET.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "text/plain; charset=utf-8",
          "only GET and HEAD\n", false);
      return true;
    }
    ExpositionFormat format =
        ExpositionFormat.negotiate(request.getHeaders().get(HttpHeader.ACCEPT));
    // The page is rendered on the renderer's thread, which runs below the daemon's other
    // threads: a scrape takes CPU time only when nothing else of the daemon wants it.
    api.getAllProcessInfo()
        .orTimeout(LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .whenCompleteAsync((processes, error) -> {
          if (error != null) {
            // Shutting down (SHUTDOWN_STATE) or a loop that does not answer: no page, not a
            // stale one.
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
            unavailable(response, callback, String.valueOf(cause));
            return;
          }
          try {
            render(processes, format, head, response, callback);
          } catch (RuntimeException e) {
            callback.failed(e);
          }
        }, renderer);
    return true;
  }

  private void render(List<ProcessInfo> processes, ExpositionFormat format, boolean head,
      Response response, Callback callback) {
    PageBuffer body = buffers.take(MetricsPage.expectedBytes(processes));
    page.get().renderTo(body, format, processes, tally, rpc, pools.get(), api.getPID());
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length());
    // The buffer goes back for the next scrape once Jetty is done with its bytes.
    Callback sent = Callback.from(() -> buffers.give(body), callback);
    if (head) {
      response.write(true, ByteBuffer.allocate(0), sent);
    } else {
      SlicedWrite.send(response, body.view(), sent);
    }
  }

  private static void unavailable(Response response, Callback callback, String why) {
    send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "text/plain; charset=utf-8",
        "supervisor not answering: " + why + "\n", false);
  }

  private static void send(Response response, Callback callback, int status, String type,
      String body, boolean headOnly) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, headOnly ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
  }
}
