package dev.jsupervisor.core.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.events.PoolStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * A small HTTP server that serves only {@code GET /metrics}, without auth (the JDK's server, so
 * no second Jetty): the supervisor-exporter listener's page, and jsupervisord's optional
 * loopback-only {@code [jsupervisor_metrics]} port. Each scrape takes the process list anew
 * (gauges are rebuilt every time) and adds the counters tallied from events.
 */
public final class MetricsHttpServer implements AutoCloseable {
  /** What the page needs from the supervisor (over XML-RPC, or the daemon's own API). */
  public interface Supervisor {
    List<ProcessInfo> allProcessInfo();

    long pid();

    /** The daemon's listener pools; a listener cannot see them. */
    default List<PoolStats> pools() {
      return List.of();
    }
  }

  private final HttpServer server;
  private final Supervisor supervisor;
  private final EventTally tally;
  private final RpcTally rpc;
  private final LazyPage page;
  private final boolean ownPage;
  private final SpareBuffer buffers = new SpareBuffer();

  private MetricsHttpServer(HttpServer server, Supervisor supervisor, EventTally tally,
      RpcTally rpc, LazyPage page, boolean ownPage) {
    this.server = server;
    this.page = page;
    this.ownPage = ownPage;
    this.supervisor = supervisor;
    this.tally = tally;
    this.rpc = rpc;
  }

  /**
   * Binds {@code address} and serves on one thread (scrapes are rare and short).
   *
   * @param rpc the daemon's XML-RPC counts, or null (the exporter has none)
   */
  public static MetricsHttpServer start(InetSocketAddress address, Supervisor supervisor,
      EventTally tally, RpcTally rpc) throws IOException {
    return start(address, supervisor, tally, rpc, new LazyPage(), true, r -> {
      Thread t = new Thread(r, "metrics-http");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * As {@link #start(InetSocketAddress, Supervisor, EventTally, RpcTally)}, with the daemon's page,
   * served on a thread made by {@code threads}.
   */
  static MetricsHttpServer start(InetSocketAddress address, Supervisor supervisor,
      EventTally tally, RpcTally rpc, LazyPage page, ThreadFactory threads) throws IOException {
    return start(address, supervisor, tally, rpc, page, false, threads);
  }

  private static MetricsHttpServer start(InetSocketAddress address, Supervisor supervisor,
      EventTally tally, RpcTally rpc, LazyPage page, boolean ownPage, ThreadFactory threads)
      throws IOException {
    HttpServer http = HttpServer.create(address, 16);
    MetricsHttpServer server =
        new MetricsHttpServer(http, supervisor, tally, rpc, page, ownPage);
    http.createContext("/", server::handle);
    http.setExecutor(Executors.newSingleThreadExecutor(threads));
    http.start();
    return server;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        reply(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics\n");
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
        return;
      }
      ExpositionFormat format =
          ExpositionFormat.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
      List<ProcessInfo> processes;
      try {
        processes = supervisor.allProcessInfo();
      } catch (RuntimeException e) {
        reply(exchange, 503, "text/plain; charset=utf-8",
            "supervisor not answering: " + e.getMessage() + "\n");
        return;
      }
      PageBuffer body = buffers.take(MetricsPage.expectedBytes(processes));
      try {
        page.get().renderTo(body, format, processes, tally, rpc, supervisor.pools(), supervisor.pid());
        exchange.getResponseHeaders().set("Content-Type", format.contentType());
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length());
        if (!head) {
          try (OutputStream out = exchange.getResponseBody()) {
            body.writeTo(out, SlicedWrite.SLICE);
          }
        }
      } finally {
        buffers.give(body);
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (ownPage) {
      page.close();
    }
  }
}
