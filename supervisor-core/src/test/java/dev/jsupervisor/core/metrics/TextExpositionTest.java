package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.metrics.MetricFamily.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextExpositionTest {
  private static final MetricFamily COUNTER =
      new MetricFamily("x_events_total", Type.COUNTER, "Events.", List.of("type"));

  @Test
  void writesHelpTypeAndSamplesInPrometheusText() {
    String page = new TextExposition(ExpositionFormat.PROMETHEUS, 16)
        .family(MetricFamilies.NODE_UP)
        .sample(1, "web", "g")
        .family(COUNTER)
        .sample(3, "TICK_5")
        .finish();
    assertEquals("""
        # HELP node_supervisord_up Process Up
        # TYPE node_supervisord_up gauge
        node_supervisord_up{name="web",group="g"} 1
        # HELP x_events_total Events.
        # TYPE x_events_total counter
        x_events_total{type="TICK_5"} 3
        """, page);
  }

  @Test
  void escapesBackslashQuoteAndNewlineInLabelValuesAndHelp() {
    MetricFamily f = new MetricFamily("x", Type.GAUGE, "a \\ b\nc \"q\"", List.of("l"));
    String prom = new TextExposition(ExpositionFormat.PROMETHEUS, 16)
        .family(f).sample(0, "a\\b\"c\nd").finish();
    assertEquals("# HELP x a \\\\ b\\nc \"q\"\n# TYPE x gauge\nx{l=\"a\\\\b\\\"c\\nd\"} 0\n", prom);
    String om = new TextExposition(ExpositionFormat.OPENMETRICS, 16).family(f).finish();
    assertTrue(om.startsWith("# HELP x a \\\\ b\\nc \\\"q\\\"\n"), om);
  }

  @Test
  void writesSpecialAndFractionalValues() {
    MetricFamily f = new MetricFamily("x", Type.GAUGE, "h", List.of("v"));
    String page = new TextExposition(ExpositionFormat.PROMETHEUS, 16).family(f)
        .sample(Double.NaN, "nan").sample(Double.POSITIVE_INFINITY, "inf")
        .sample(Double.NEGATIVE_INFINITY, "minf").sample(0.25, "frac")
        .sample(1.7966e9, "big").sample(1e20, "huge").finish();
    assertEquals(
        List.of("x{v=\"nan\"} NaN", "x{v=\"inf\"} +Inf", "x{v=\"minf\"} -Inf",
            "x{v=\"frac\"} 0.25", "x{v=\"big\"} 1796600000", "x{v=\"huge\"} 1.0E20"),
        page.lines().skip(2).toList());
  }

  @Test
  void openMetricsNamesCountersWithoutTotalAndEndsWithEof() {
    String page = new TextExposition(ExpositionFormat.OPENMETRICS, 16)
        .family(COUNTER).sample(2, "TICK_5").finish();
    assertEquals("""
        # HELP x_events Events.
        # TYPE x_events counter
        x_events_total{type="TICK_5"} 2
        # EOF
        """, page);
  }

  @Test
  void openMetricsKeepsTheNodeExporterStartTimeNameAsAGauge() {
    String page = new TextExposition(ExpositionFormat.OPENMETRICS, 16)
        .family(MetricFamilies.NODE_START_TIME).sample(5, "a", "a").finish();
    assertTrue(page.contains("# TYPE node_supervisord_start_time_seconds gauge\n"), page);
    assertTrue(page.contains("\nnode_supervisord_start_time_seconds{name=\"a\",group=\"a\"} 5\n"),
        page);
  }

  @Test
  void writesHistogramsWithCumulativeBucketsSumAndCount() {
    String page = new TextExposition(ExpositionFormat.PROMETHEUS, 16)
        .family(MetricFamilies.RPC_DURATION)
        .histogram(new double[] {0.001, 0.5, 2}, new long[] {1, 3, 3}, 0.75, 4, "a.b")
        .finish();
    assertEquals(List.of(
        "# TYPE jsupervisor_rpc_request_duration_seconds histogram",
        "jsupervisor_rpc_request_duration_seconds_bucket{method=\"a.b\",le=\"0.001\"} 1",
        "jsupervisor_rpc_request_duration_seconds_bucket{method=\"a.b\",le=\"0.5\"} 3",
        "jsupervisor_rpc_request_duration_seconds_bucket{method=\"a.b\",le=\"2.0\"} 3",
        "jsupervisor_rpc_request_duration_seconds_bucket{method=\"a.b\",le=\"+Inf\"} 4",
        "jsupervisor_rpc_request_duration_seconds_sum{method=\"a.b\"} 0.75",
        "jsupervisor_rpc_request_duration_seconds_count{method=\"a.b\"} 4"),
        page.lines().skip(1).toList());
    TextExposition h = new TextExposition(ExpositionFormat.PROMETHEUS, 16)
        .family(MetricFamilies.RPC_DURATION);
    assertThrows(IllegalStateException.class, () -> h.sample(1, "a.b"));
    assertThrows(IllegalArgumentException.class,
        () -> h.histogram(new double[] {1}, new long[] {1, 2}, 0, 2, "a.b"));
    TextExposition g = new TextExposition(ExpositionFormat.PROMETHEUS, 16)
        .family(MetricFamilies.NODE_UP);
    assertThrows(IllegalArgumentException.class,
        () -> g.histogram(new double[] {1}, new long[] {1}, 0, 1, "a", "b"));
  }

  @Test
  void refusesSamplesWithoutFamilyOrWithTheWrongLabelCount() {
    TextExposition page = new TextExposition(ExpositionFormat.PROMETHEUS, 16);
    assertThrows(IllegalStateException.class, () -> page.sample(1));
    page.family(MetricFamilies.NODE_UP);
    assertThrows(IllegalArgumentException.class, () -> page.sample(1, "only-name"));
  }

  @Test
  void familiesRefuseInvalidNamesAndLabels() {
    assertThrows(IllegalArgumentException.class,
        () -> new MetricFamily("9bad", Type.GAUGE, "h", List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> new MetricFamily("ok", Type.GAUGE, "h", List.of("bad-label")));
    assertThrows(IllegalArgumentException.class,
        () -> new MetricFamily("ok", Type.GAUGE, "h", List.of("__reserved")));
  }

  @Test
  void negotiatesOpenMetricsOnlyWhenAskedForWithNonZeroQuality() {
    assertEquals(ExpositionFormat.PROMETHEUS, ExpositionFormat.negotiate(null));
    assertEquals(ExpositionFormat.PROMETHEUS, ExpositionFormat.negotiate("*/*"));
    assertEquals(ExpositionFormat.PROMETHEUS, ExpositionFormat.negotiate("text/plain"));
    // Prometheus 2.42's scrape Accept header.
    assertEquals(ExpositionFormat.OPENMETRICS, ExpositionFormat.negotiate(
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
            + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    assertEquals(ExpositionFormat.PROMETHEUS,
        ExpositionFormat.negotiate("application/openmetrics-text;q=0, text/plain"));
    assertEquals(ExpositionFormat.PROMETHEUS,
        ExpositionFormat.negotiate("application/openmetrics-text;q=garbage"));
    assertEquals(ExpositionFormat.PROMETHEUS, ExpositionFormat.negotiate(";;,,;"));
  }

  @Test
  void leadingLabelTextWritesTheSameLineAsTheLabelValues() {
    LabelText process = LabelText.of(MetricFamilies.PROCESS_LABELS, "w\"eb", "g");
    String withText = new TextExposition(ExpositionFormat.PROMETHEUS, 16)
        .family(MetricFamilies.PROCESS_STATE).sample(1, process, "RUNNING")
        .family(MetricFamilies.NODE_UP).sample(0, process).finish();
    String withValues = new TextExposition(ExpositionFormat.PROMETHEUS, 16)
        .family(MetricFamilies.PROCESS_STATE).sample(1, "w\"eb", "g", "RUNNING")
        .family(MetricFamilies.NODE_UP).sample(0, "w\"eb", "g").finish();
    assertEquals(withValues, withText);
  }

  @Test
  void leadingLabelTextMustMatchTheFamilysFirstLabels() {
    LabelText process = LabelText.of(MetricFamilies.PROCESS_LABELS, "web", "g");
    TextExposition page = new TextExposition(ExpositionFormat.PROMETHEUS, 16);
    assertThrows(IllegalStateException.class, () -> page.sample(1, process));
    page.family(COUNTER);
    assertThrows(IllegalArgumentException.class, () -> page.sample(1, process));
    page.family(MetricFamilies.PROCESS_STATE);
    assertThrows(IllegalArgumentException.class, () -> page.sample(1, process));
    assertThrows(IllegalArgumentException.class, () -> page.sample(1, process, "a", "b"));
  }

  @Test
  void writesIntoAGivenBufferAfterWhatItHolds() {
    PageBuffer out = new PageBuffer(4).utf8("head\n");
    new TextExposition(ExpositionFormat.OPENMETRICS, out).family(COUNTER).sample(2, "T").end();
    assertEquals("head\n# HELP x_events Events.\n# TYPE x_events counter\n"
        + "x_events_total{type=\"T\"} 2\n# EOF\n", out.toString());
  }
}
