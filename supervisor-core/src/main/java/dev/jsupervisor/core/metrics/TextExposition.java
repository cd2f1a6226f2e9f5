package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.metrics.MetricFamily.Type;

/**
 * Writes one metrics page in the Prometheus text format or OpenMetrics: each family's
 * {@code # HELP} and {@code # TYPE} lines, then its samples, with escaped label values. Pure.
 *
 * <p>In OpenMetrics a counter's samples end in {@code _total}; a counter whose name lacks it
 * (node_exporter's {@code node_supervisord_start_time_seconds}) is written there as a gauge, so
 * its series keeps the same name whichever format the scraper asked for.
 */
public final class TextExposition {
  private static final String TOTAL = "_total";

  private final ExpositionFormat format;
  private final StringBuilder out;
  private MetricFamily current;

  public TextExposition(ExpositionFormat format, int expectedChars) {
    this.format = format;
    this.out = new StringBuilder(expectedChars);
  }

  /** Starts {@code family}: its samples follow until the next call. */
  public TextExposition family(MetricFamily family) {
    current = family;
    String name = familyName(family);
    out.append("# HELP ").append(name).append(' ');
    escape(family.help(), format == ExpositionFormat.OPENMETRICS);
    out.append('\n');
    out.append("# TYPE ").append(name).append(' ').append(typeWord(family)).append('\n');
    return this;
  }

  /** One sample of the current family; {@code labelValues} follow its label names in order. */
  public TextExposition sample(double value, String... labelValues) {
    check(labelValues);
    if (current.type() == Type.HISTOGRAM) {
      throw new IllegalStateException(current.name() + " is a histogram: use histogram()");
    }
    line("", value, labelValues, null);
    return this;
  }

  /**
   * One histogram of the current (histogram) family: {@code cumulative[i]} observations were at
   * most {@code bounds[i]}; the {@code +Inf} bucket is {@code count}.
   */
  public TextExposition histogram(double[] bounds, long[] cumulative, double sum, long count,
      String... labelValues) {
    check(labelValues);
    if (current.type() != Type.HISTOGRAM || bounds.length != cumulative.length) {
      throw new IllegalArgumentException(current.name() + ": not a histogram or bad buckets");
    }
    for (int i = 0; i < bounds.length; i++) {
      line("_bucket", cumulative[i], labelValues, formatValue(bounds[i]));
    }
    line("_bucket", count, labelValues, "+Inf");
    line("_sum", sum, labelValues, null);
    line("_count", count, labelValues, null);
    return this;
  }

  private void check(String[] labelValues) {
    if (current == null) {
      throw new IllegalStateException("sample before any family");
    }
    if (labelValues.length != current.labelNames().size()) {
      throw new IllegalArgumentException(
          current.name() + " takes " + current.labelNames().size() + " label values, got "
              + labelValues.length);
    }
  }

  /** {@code name+suffix{labels[,le="le"]} value}. */
  private void line(String suffix, double value, String[] labelValues, String le) {
    out.append(current.name()).append(suffix);
    if (labelValues.length > 0 || le != null) {
      out.append('{');
      for (int i = 0; i < labelValues.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(current.labelNames().get(i)).append("=\"");
        escape(labelValues[i], true);
        out.append('"');
      }
      if (le != null) {
        out.append(labelValues.length > 0 ? ",le=\"" : "le=\"").append(le).append('"');
      }
      out.append('}');
    }
    out.append(' ');
    appendValue(value);
    out.append('\n');
  }

  private static String formatValue(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? (long) value + ".0" : String.valueOf(value);
  }

  /** The page; OpenMetrics ends with {@code # EOF}. */
  public String finish() {
    if (format == ExpositionFormat.OPENMETRICS) {
      out.append("# EOF\n");
    }
    return out.toString();
  }

  private String familyName(MetricFamily family) {
    String name = family.name();
    if (format == ExpositionFormat.OPENMETRICS && isOpenMetricsCounter(family)) {
      return name.substring(0, name.length() - TOTAL.length());
    }
    return name;
  }

  private String typeWord(MetricFamily family) {
    if (format == ExpositionFormat.OPENMETRICS && family.type() == Type.COUNTER) {
      return isOpenMetricsCounter(family) ? "counter" : "gauge";
    }
    return family.type().word();
  }

  private static boolean isOpenMetricsCounter(MetricFamily family) {
    return family.type() == Type.COUNTER && family.name().endsWith(TOTAL);
  }

  /** Backslash and newline always; the double quote in label values (and OpenMetrics help). */
  private void escape(String text, boolean quotes) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '"' -> out.append(quotes ? "\\\"" : "\"");
        default -> out.append(c);
      }
    }
  }

  private void appendValue(double value) {
    if (Double.isNaN(value)) {
      out.append("NaN");
    } else if (Double.isInfinite(value)) {
      out.append(value > 0 ? "+Inf" : "-Inf");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
  }
}
