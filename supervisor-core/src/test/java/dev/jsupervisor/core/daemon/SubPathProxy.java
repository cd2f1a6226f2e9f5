package dev.jsupervisor.core.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A minimal streaming reverse proxy for tests: serves {@code prefix/...} on a loopback port by
 * forwarding to {@code target/...}, as nginx with {@code proxy_buffering off} and
 * {@code X-Forwarded-Host} would; responses are copied chunk by chunk, so event streams flow.
 */
final class SubPathProxy {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect",
      "host", "upgrade", "transfer-encoding", "keep-alive");

  private SubPathProxy() {}

  static HttpServer start(String prefix, String target) throws IOException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // The JDK server's bounds are JVM-wide and fixed by the first server: the metrics' own.
    dev.jsupervisor.core.metrics.MetricsHttpServer.boundJdkServerTimes();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sub-path-proxy");
      t.setDaemon(true);
      return t;
    }));
    server.createContext(prefix + "/", exchange -> {
      try (exchange) {
        forward(client, prefix, target, exchange);
      } catch (IOException | InterruptedException e) {
        // the browser went away (an event stream closed); nothing to answer
      }
    });
    server.start();
    return server;
  }

  private static void forward(HttpClient client, String prefix, String target,
      HttpExchange exchange) throws IOException, InterruptedException {
    URI uri = exchange.getRequestURI();
    String path = uri.getRawPath().substring(prefix.length());
    URI to = URI.create(target + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(to).method(exchange.getRequestMethod(),
        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
        h.getValue().forEach(v -> request.header(h.getKey(), v));
      }
    }
    request.header("X-Forwarded-Host", exchange.getRequestHeaders().getFirst("Host"));
    HttpResponse<InputStream> response = client.send(request.build(),
        HttpResponse.BodyHandlers.ofInputStream());
    response.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    boolean noBody = response.statusCode() == 304 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : 0);
    try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    }
  }
}
