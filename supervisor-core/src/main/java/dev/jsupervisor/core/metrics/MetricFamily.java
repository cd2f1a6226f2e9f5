package dev.jsupervisor.core.metrics;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric family as it appears on a page: its name, its type and its one-line help, and the
 * label names each of its samples carries, in order.
 */
public record MetricFamily(String name, Type type, String help, List<String> labelNames) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The exposition types used here. */
  public enum Type {
    GAUGE,
    COUNTER,
    HISTOGRAM;

    /** The lower-case word of a {@code # TYPE} line. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public MetricFamily {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(help, "help");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name: " + name);
    }
    labelNames = List.copyOf(labelNames);
    for (String label : labelNames) {
      if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
        throw new IllegalArgumentException("invalid label name in " + name + ": " + label);
      }
    }
  }
}
