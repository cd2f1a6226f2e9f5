package dev.jsupervisor.core.metrics;

import java.util.Locale;

/** The two text formats a scraper can ask for, and the choice between them from its Accept. */
public enum ExpositionFormat {
  /** Prometheus text format 0.0.4, what node_exporter serves. */
  PROMETHEUS("text/plain; version=0.0.4; charset=utf-8"),
  /** OpenMetrics 1.0.0, served only when the Accept header names it. */
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /**
   * OpenMetrics when {@code accept} lists {@code application/openmetrics-text} with a non-zero
   * quality (Prometheus 2.x does by default), the Prometheus text format otherwise.
   */
  public static ExpositionFormat negotiate(String accept) {
    if (accept == null) {
      return PROMETHEUS;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (parts.length == 0 || !parts[0].trim().equalsIgnoreCase("application/openmetrics-text")) {
        continue;
      }
      if (qualityOf(parts) > 0) {
        return OPENMETRICS;
      }
    }
    return PROMETHEUS;
  }

  private static double qualityOf(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
