package dev.jsupervisor.core.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The metrics port keeps serving while a client stalls mid-request: the others are answered at
 * once, and the stalled connection is closed by the JDK server's request bound.
 */
class MetricsHttpServerTest {
  /** Far beyond the request bound (10 s) plus the JDK's 1 s timer: only a hang reaches it. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private static final MetricsHttpServer.Supervisor IDLE = new MetricsHttpServer.Supervisor() {
    @Override
    public List<ProcessInfo> allProcessInfo() {
      return List.of();
    }

    @Override
    public long pid() {
      return ProcessHandle.current().pid();
    }
  };

  @Test
  void aClientThatStallsMidRequestHoldsNoScrapeAndIsClosed() throws Exception {
    try (MetricsHttpServer server = MetricsHttpServer.start(
            new InetSocketAddress("127.0.0.1", 0), IDLE, new EventTally(), null);
        Socket stalled = new Socket("127.0.0.1", server.port())) {
      OutputStream out = stalled.getOutputStream();
      out.write('G');
      out.flush();
      await("a server thread reading the stalled request").atMost(DEADLINE)
          .until(MetricsHttpServerTest::aThreadIsReadingARequest);

      HttpClient client = HttpClient.newHttpClient();
      CompletableFuture<HttpResponse<String>> scrape = client.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      await("the concurrent scrape answered").atMost(DEADLINE).until(scrape::isDone);
      HttpResponse<String> page = scrape.get();
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("jsupervisor_events_total"), page.body());

      InputStream in = stalled.getInputStream();
      CompletableFuture<Integer> end = CompletableFuture.supplyAsync(() -> {
        try {
          return in.read();
        } catch (IOException e) {
          return -1; // reset: closed as well
        }
      });
      await("the stalled connection closed").atMost(DEADLINE).until(end::isDone);
      assertEquals(-1, end.get(), "the server closed the stalled connection without a reply");
    }
  }

  /** Whether some thread is inside the JDK server's request-line reader. */
  private static boolean aThreadIsReadingARequest() {
    return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack)
        .anyMatch(frame -> frame.getClassName().equals("sun.net.httpserver.Request")
            && frame.getMethodName().equals("readLine")));
  }

  @Test
  void unknownPathsAndMethodsGetClearErrorsAndTheServerKeepsServing() throws Exception {
    try (MetricsHttpServer server = MetricsHttpServer.start(
        new InetSocketAddress("127.0.0.1", 0), IDLE, new EventTally(), null)) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> notFound = client.send(
          HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertEquals(404, notFound.statusCode());
      HttpResponse<String> post = client.send(
          HttpRequest.newBuilder(URI.create(base + "/metrics"))
              .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
      assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }
}
