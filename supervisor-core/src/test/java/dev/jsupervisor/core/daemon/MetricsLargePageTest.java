package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import dev.jsupervisor.core.metrics.ExpositionSamples;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page larger than one write slice (100 processes, ~160 KB: three slices), scraped in sequence (the kept
 * buffer reused) and by several scrapers at once (buffers overlapping), arrives whole: as long as
 * its Content-Length, ending in the last family, every process in every per-process family.
 */
class MetricsLargePageTest {
  private static final int PROCESSES = 100;
  private static final String CONFIG = LiveDaemon.CONFIG_HEADER + """

      [inet_http_server]
      port=127.0.0.1:@PORT@

      [program:many]
      command=sleep 1000
      numprocs=%d
      process_name=%%(program_name)s_%%(process_num)03d
      startsecs=0
      stdout_logfile=NONE
      stderr_logfile=NONE
      """.formatted(PROCESSES);

  @RegisterExtension
  final LiveDaemons daemons = new LiveDaemons(d -> {});

  @Test
  void aPageOfManySlicesArrivesWholeInSequenceAndConcurrently() throws Exception {
    LiveDaemon ours = daemons.start(Kind.JSUPERVISORD, CONFIG);
    String url = ours.url() + "/metrics";
    await("all running").atMost(LiveDaemon.PATIENCE).until(() ->
        ours.ctl("status").stdout().lines().filter(l -> l.contains("RUNNING")).count()
            == PROCESSES);
    for (int i = 0; i < 3; i++) {
      assertWhole(ScrapeTarget.get(url, null, null, null));
    }
    ExecutorService scrapers = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> pages = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        pages.add(scrapers.submit(() -> ScrapeTarget.get(url, null, null, null)));
      }
      for (Future<HttpResponse<String>> page : pages) {
        assertWhole(page.get());
      }
    } finally {
      scrapers.shutdownNow();
    }
    assertEquals(List.of(19), renderThreadNiceness(ours.pid()),
        "the page is rendered on one thread, below the daemon's priority");
  }

  /** The nice value of each of the daemon's threads named metrics-render (from /proc). */
  private static List<Integer> renderThreadNiceness(long pid) throws IOException {
    List<Integer> nice = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        if (Files.readString(task.resolve("comm")).strip().equals("metrics-render")) {
          String stat = Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          nice.add(Integer.parseInt(fields[16]));
        }
      }
    }
    return nice;
  }

  private static void assertWhole(HttpResponse<String> response) {
    assertEquals(200, response.statusCode());
    String body = response.body();
    int bytes = body.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes > 2 * 64 * 1024, "a page of " + bytes + " bytes");
    assertEquals(String.valueOf(bytes),
        response.headers().firstValue("Content-Length").orElse(""));
    assertTrue(body.endsWith("jsupervisor_events_total{type=\"PROCESS_GROUP_REMOVED\"} 0\n"),
        body.substring(body.length() - 200));
    for (String family : List.of("node_supervisord_up", "jsupervisor_process_cpu_seconds_total",
        "jsupervisor_process_resident_memory_bytes", "jsupervisor_process_restarts_total")) {
      Map<String, Double> samples = ExpositionSamples.parse(body, family + "{");
      assertEquals(PROCESSES, samples.size(), family);
    }
  }
}
