package dev.jsupervisor.listeners.exporter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.metrics.EventTally;
import dev.jsupervisor.core.metrics.MetricsHttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A supervisord that accepts the exporter's connection but never answers: each scrape answers
 * 503 once the client's read timeout passes, as when the daemon is unreachable, and the port
 * keeps serving.
 */
class ExporterSilentSupervisorTest {
  /** Far beyond the read timeout (10 s): only a hang reaches it. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void aSupervisorThatNeverAnswersMakesTheScrapeAnswer503() throws Exception {
    // The kernel completes the handshake into the backlog: connected, sent to, never answered.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SupervisorClient client = Main.client(Map.of("SUPERVISOR_SERVER_URL",
            "http://127.0.0.1:" + silent.getLocalPort()));
        MetricsHttpServer server = MetricsHttpServer.start(
            new InetSocketAddress("127.0.0.1", 0), Main.rpc(client), new EventTally(), null)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest scrape = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build();
      for (int i = 0; i < 2; i++) {
        CompletableFuture<HttpResponse<String>> page =
            http.sendAsync(scrape, HttpResponse.BodyHandlers.ofString());
        await("scrape " + i + " answered").atMost(DEADLINE).until(page::isDone);
        assertEquals(503, page.get().statusCode());
        assertTrue(page.get().body().startsWith("supervisor not answering: "),
            page.get().body());
      }
    }
  }
}
