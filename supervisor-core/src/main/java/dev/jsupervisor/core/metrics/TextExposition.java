package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.metrics.MetricFamily.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
  private static final byte[] HELP = ascii("# HELP ");
  private static final byte[] TYPE = ascii("# TYPE ");

  private static final String[] NO_VALUES = {};

  private final ExpositionFormat format;
  private final PageBuffer out;
  private final String[] oneValue = new String[1];
  private MetricFamily current;
  /** The current family's sample name, and {@code [,]label="} for each of its labels. */
  private byte[] sampleName;
  private byte[][] labelOpen;
  /** Leading label names already checked against the current family. */
  private List<String> checkedLeading;

  /** A page in a buffer of its own, sized for {@code expectedChars}. */
  public TextExposition(ExpositionFormat format, int expectedChars) {
    this(format, new PageBuffer(expectedChars, Integer.MAX_VALUE));
  }

  /** A page written at the end of {@code out}. */
  public TextExposition(ExpositionFormat format, PageBuffer out) {
    this.format = format;
    this.out = out;
  }

  /** Starts {@code family}: its samples follow until the next call. */
  public TextExposition family(MetricFamily family) {
    current = family;
    checkedLeading = null;
    String name = familyName(family);
    out.bytes(HELP).utf8(name).ascii(' ');
    out.escaped(family.help(), format == ExpositionFormat.OPENMETRICS);
    out.ascii('\n');
    out.bytes(TYPE).utf8(name).ascii(' ').utf8(typeWord(family)).ascii('\n');
    sampleName = ascii(family.name());
    List<String> labels = family.labelNames();
    labelOpen = new byte[labels.size() + 1][];
    for (int i = 0; i < labels.size(); i++) {
      labelOpen[i] = ascii((i > 0 ? "," : "") + labels.get(i) + "=\"");
    }
    labelOpen[labels.size()] = ascii(labels.isEmpty() ? "le=\"" : ",le=\"");
    return this;
  }

  /** One sample of the current family; {@code labelValues} follow its label names in order. */
  public TextExposition sample(double value, String... labelValues) {
    check(0, labelValues);
    notHistogram();
    line(null, null, value, labelValues, null);
    return this;
  }

  /**
   * One sample of the current family whose first labels are {@code leading} (written once,
   * reused on every line of the process), the others {@code labelValues} in order.
   */
  public TextExposition sample(double value, LabelText leading, String... labelValues) {
    checkLeading(leading);
    check(leading.names().size(), labelValues);
    notHistogram();
    line(null, leading, value, labelValues, null);
    return this;
  }

  /** As {@link #sample(double, LabelText, String...)} with only the leading labels. */
  public TextExposition sample(double value, LabelText leading) {
    return sample(value, leading, NO_VALUES);
  }

  /** As {@link #sample(double, LabelText, String...)} with one label after the leading ones. */
  public TextExposition sample(double value, LabelText leading, String labelValue) {
    // One array for every such line of the page (a page is written by one thread).
    oneValue[0] = labelValue;
    return sample(value, leading, oneValue);
  }

  /**
   * One histogram of the current (histogram) family: {@code cumulative[i]} observations were at
   * most {@code bounds[i]}; the {@code +Inf} bucket is {@code count}.
   */
  public TextExposition histogram(double[] bounds, long[] cumulative, double sum, long count,
      String... labelValues) {
    check(0, labelValues);
    if (current.type() != Type.HISTOGRAM || bounds.length != cumulative.length) {
      throw new IllegalArgumentException(current.name() + ": not a histogram or bad buckets");
    }
    for (int i = 0; i < bounds.length; i++) {
      line("_bucket", null, cumulative[i], labelValues, formatValue(bounds[i]));
    }
    line("_bucket", null, count, labelValues, "+Inf");
    line("_sum", null, sum, labelValues, null);
    line("_count", null, count, labelValues, null);
    return this;
  }

  private void notHistogram() {
    if (current.type() == Type.HISTOGRAM) {
      throw new IllegalStateException(current.name() + " is a histogram: use histogram()");
    }
  }

  private void check(int leading, String[] labelValues) {
    if (current == null) {
      throw new IllegalStateException("sample before any family");
    }
    if (leading + labelValues.length != current.labelNames().size()) {
      throw new IllegalArgumentException(
          current.name() + " takes " + current.labelNames().size() + " label values, got "
              + (leading + labelValues.length));
    }
  }

  private void checkLeading(LabelText leading) {
    if (current == null) {
      throw new IllegalStateException("sample before any family");
    }
    List<String> names = leading.names();
    if (names == checkedLeading) {
      return;
    }
    List<String> own = current.labelNames();
    if (names.size() > own.size() || !own.subList(0, names.size()).equals(names)) {
      throw new IllegalArgumentException(
          current.name() + " has labels " + own + ", not leading " + names);
    }
    checkedLeading = names;
  }

  /** {@code name+suffix{leading,labels[,le="le"]} value}. */
  private void line(String suffix, LabelText leading, double value, String[] labelValues,
      String le) {
    out.bytes(sampleName);
    if (suffix != null) {
      out.utf8(suffix);
    }
    int first = 0;
    if (leading != null || labelValues.length > 0 || le != null) {
      out.ascii('{');
      if (leading != null) {
        out.bytes(leading.encoded());
        first = leading.names().size();
      }
      for (int i = 0; i < labelValues.length; i++) {
        out.bytes(labelOpen[first + i]).escaped(labelValues[i], true).ascii('"');
      }
      if (le != null) {
        out.bytes(labelOpen[labelOpen.length - 1]).utf8(le).ascii('"');
      }
      out.ascii('}');
    }
    out.ascii(' ');
    appendValue(value);
    out.ascii('\n');
  }

  private static String formatValue(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? (long) value + ".0" : String.valueOf(value);
  }

  /** Ends the page (OpenMetrics with {@code # EOF}) and returns the buffer it is in. */
  public PageBuffer end() {
    if (format == ExpositionFormat.OPENMETRICS) {
      out.utf8("# EOF\n");
    }
    return out;
  }

  /** Ends the page and returns it as text. */
  public String finish() {
    return end().toString();
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

  private void appendValue(double value) {
    if (Double.isNaN(value)) {
      out.utf8("NaN");
    } else if (Double.isInfinite(value)) {
      out.utf8(value > 0 ? "+Inf" : "-Inf");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.decimal((long) value);
    } else {
      out.utf8(Double.toString(value));
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
