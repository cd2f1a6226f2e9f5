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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * A small HTTP server that serves only {@code GET /metrics}, without auth (the JDK's server, so
 * no second Jetty): the supervisor-exporter listener's page, and jsupervisord's optional
 * loopback-only {@code [jsupervisor_metrics]} port. Each scrape takes the process list anew
 * (gauges are rebuilt every time) and adds the counters tallied from events.
 */
public final class MetricsHttpServer implements AutoCloseable {
  /**
   * Exchanges served at once: a client slow to send its request or to read its page holds one
   * thread until the JDK's bounds below close its connection, and the others serve the rest.
   */
  static final int THREADS = 3;
  /** The JDK server's bound on reading a request (seconds), unless the operator set one. */
  static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
  static final long MAX_REQUEST_SECONDS = 10;
  /**
   * The JDK server's bound from a request's end to its response's last byte (seconds), unless the
   * operator set one. It covers asking the supervisor (the daemon waits 10 s for its loop, the
   * exporter up to 10 s to connect and 10 s for each answer) and sending the page.
   */
  static final String MAX_RESPONSE_TIME = "sun.net.httpserver.maxRspTime";
  static final long MAX_RESPONSE_SECONDS = 60;

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
  private final ExecutorService executor;
  private final Supervisor supervisor;
  private final EventTally tally;
  private final RpcTally rpc;
  private final LazyPage page;
  private final boolean ownPage;
  private final SpareBuffer buffers = new SpareBuffer();

  private MetricsHttpServer(HttpServer server, ExecutorService executor, Supervisor supervisor,
      EventTally tally, RpcTally rpc, LazyPage page, boolean ownPage) {
    this.server = server;
    this.executor = executor;
    this.page = page;
    this.ownPage = ownPage;
    this.supervisor = supervisor;
    this.tally = tally;
    this.rpc = rpc;
  }

  /**
   * Bounds how long the JDK's HTTP server lets a connection take to send its request and to read
   * its response, where the operator has not ({@code -Dsun.net.httpserver.maxReqTime=} / {@code
   * maxRspTime=}, in seconds). JDK 17 reads a request on an executor thread in blocking mode and
   * by default waits without limit, so a client that sends {@code G} and stalls, or never reads a
   * large page, would hold a server thread for good. The JDK offers no per-server setting: these
   * properties are JVM-wide and read once, when its {@code ServerConfig} class initialises (the
   * first {@code HttpServer} created in the JVM), so they must be set before that. In
   * jsupervisord and the exporter this class makes the only JDK server; a test that makes its
   * own JDK server calls this first, so that the test order does not decide the bounds.
   */
  public static synchronized void boundJdkServerTimes() {
    if (System.getProperty(MAX_REQUEST_TIME) == null) {
      System.setProperty(MAX_REQUEST_TIME, Long.toString(MAX_REQUEST_SECONDS));
    }
    if (System.getProperty(MAX_RESPONSE_TIME) == null) {
      System.setProperty(MAX_RESPONSE_TIME, Long.toString(MAX_RESPONSE_SECONDS));
    }
  }

  /**
   * Binds {@code address} and serves on {@link #THREADS} threads (scrapes are rare and short; more
   * than one so that one slow client cannot hold the port).
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
   * served on threads made by {@code threads}.
   */
  static MetricsHttpServer start(InetSocketAddress address, Supervisor supervisor,
      EventTally tally, RpcTally rpc, LazyPage page, ThreadFactory threads) throws IOException {
    return start(address, supervisor, tally, rpc, page, false, threads);
  }

  private static MetricsHttpServer start(InetSocketAddress address, Supervisor supervisor,
      EventTally tally, RpcTally rpc, LazyPage page, boolean ownPage, ThreadFactory threads)
      throws IOException {
    boundJdkServerTimes();
    HttpServer http = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, threads);
    MetricsHttpServer server =
        new MetricsHttpServer(http, executor, supervisor, tally, rpc, page, ownPage);
    http.createContext("/", server::handle);
    http.setExecutor(executor);
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
    executor.shutdown();
    if (ownPage) {
      page.close();
    }
  }
}
