package dev.jsupervisor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * examples/prometheus: the scrape config is valid for Prometheus 2.42 and the alert rules pass
 * their promtool unit tests (FATAL, flapping, host down, daemon restarted).
 */
class PrometheusExamplesTest {
  private static final String PROMTOOL = "/usr/bin/promtool";

  private static Path dir() {
    return Launchers.root().resolve("examples/prometheus");
  }

  @Test
  void alertRulesPassTheirUnitTests() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PROMTOOL)), "promtool is not installed");
    Launchers.Result r = Launchers.run(dir().resolve("rules"), Map.of(), 120,
        List.of(PROMTOOL, "test", "rules", "supervisord_test.yml"));
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    assertTrue(r.stdout().contains("SUCCESS"), r.stdout());
  }

  @Test
  void scrapeConfigAndRulesAreValid() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PROMTOOL)), "promtool is not installed");
    Launchers.Result r = Launchers.run(dir(), Map.of(), 120,
        List.of(PROMTOOL, "check", "config", "prometheus.yml"));
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    assertTrue(r.stdout().contains("SUCCESS: 5 rules found"), r.stdout());
  }
}
