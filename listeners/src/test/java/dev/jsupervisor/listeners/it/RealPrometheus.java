package dev.jsupervisor.listeners.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Prometheus 2.42 on a loopback port with its data in a temp dir, and the two API
 * answers the fleet test reads: instant-query vectors and alerts (tests only).
 */
final class RealPrometheus implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** One vector element: {"metric":{labels},"value":[time,"value"]}. */
  private static final Pattern SAMPLE =
      Pattern.compile("\\{\"metric\":\\{([^}]*)\\},\"value\":\\[[^,]+,\"([^\"]+)\"\\]\\}");
  /** One alert: {"labels":{labels},"annotations":{...},"state":"firing",...}. */
  private static final Pattern ALERT =
      Pattern.compile("\\{\"labels\":\\{([^}]*)\\},\"annotations\":\\{[^}]*\\},\"state\":\"(\\w+)\"");
  private static final Pattern LABEL = Pattern.compile("\"([^\"]+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** A vector element or an alert: its labels and its value (an alert's state). */
  record Series(Map<String, String> labels, String value) {}

  private final Process process;
  private final int port;

  private RealPrometheus(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(BINARY), "prometheus is not installed");
  }

  /** Starts Prometheus on {@code config} (a prometheus.yml text) in {@code dir}. */
  static RealPrometheus start(Path dir, String config) throws IOException {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    int port = LoopbackPorts.free();
    Process p = new ProcessBuilder(List.of(BINARY.toString(), "--config.file=" + file,
            "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
            "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    RealPrometheus prometheus = new RealPrometheus(p, port);
    await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> prometheus.get("/-/ready").statusCode() == 200);
    return prometheus;
  }

  /** The result vector of an instant query. */
  List<Series> query(String promql) throws IOException, InterruptedException {
    String body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .body();
    if (!body.contains("\"status\":\"success\"")) {
      throw new AssertionError("query " + promql + " failed: " + body);
    }
    return parse(SAMPLE, body);
  }

  /** Every active alert, value = its state (pending or firing). */
  List<Series> alerts() throws IOException, InterruptedException {
    return parse(ALERT, get("/api/v1/alerts").body());
  }

  private static List<Series> parse(Pattern element, String body) {
    List<Series> out = new ArrayList<>();
    Matcher m = element.matcher(body);
    while (m.find()) {
      Map<String, String> labels = new LinkedHashMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      out.add(new Series(labels, m.group(2)));
    }
    return out;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
