package dev.jsupervisor.core.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the samples of a Prometheus text page into {@code name{sorted labels}} to value, so that
 * two pages can be compared whatever their label order and float spelling (tests only).
 */
public final class ExpositionSamples {
  private ExpositionSamples() {}

  /** Every sample whose metric name starts with {@code prefix}. */
  public static Map<String, Double> parse(String page, String prefix) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : page.split("\n")) {
      if (line.isEmpty() || line.startsWith("#") || !line.startsWith(prefix)) {
        continue;
      }
      int brace = line.indexOf('{');
      int space;
      String key;
      if (brace >= 0) {
        int close = closingBrace(line, brace);
        key = line.substring(0, brace) + normalizedLabels(line.substring(brace + 1, close));
        space = close + 1;
      } else {
        space = line.indexOf(' ');
        key = line.substring(0, space);
      }
      String value = line.substring(space).trim().split(" ")[0];
      samples.put(key, Double.parseDouble(value.replace("+Inf", "Infinity")
          .replace("-Inf", "-Infinity")));
    }
    return samples;
  }

  private static int closingBrace(String line, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed labels: " + line);
  }

  private static String normalizedLabels(String labels) {
    Map<String, String> sorted = new TreeMap<>();
    int i = 0;
    while (i < labels.length()) {
      int eq = labels.indexOf('=', i);
      String name = labels.substring(i, eq).trim();
      int j = eq + 2;
      StringBuilder value = new StringBuilder();
      while (labels.charAt(j) != '"') {
        if (labels.charAt(j) == '\\') {
          value.append(labels.charAt(j));
          j++;
        }
        value.append(labels.charAt(j));
        j++;
      }
      sorted.put(name, value.toString());
      i = j + 1;
      while (i < labels.length() && (labels.charAt(i) == ',' || labels.charAt(i) == ' ')) {
        i++;
      }
    }
    StringBuilder out = new StringBuilder("{");
    sorted.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(k).append("=\"")
        .append(v).append('"'));
    return out.append('}').toString();
  }
}
