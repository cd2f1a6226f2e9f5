package dev.jsupervisor.core.metrics;

import java.util.List;

/**
 * The leading labels of a sample written out once, {@code name="v",group="w"} escaped and
 * UTF-8 encoded, so a page that repeats a process's labels on a dozen lines encodes them once.
 */
public final class LabelText {
  private final List<String> names;
  private final byte[] encoded;

  private LabelText(List<String> names, byte[] encoded) {
    this.names = names;
    this.encoded = encoded;
  }

  /** {@code names[i]="values[i]"}, comma separated, values escaped as in a sample. */
  public static LabelText of(List<String> names, String... values) {
    if (names.isEmpty() || names.size() != values.length) {
      throw new IllegalArgumentException(
          "labels " + names + " need as many values, got " + values.length);
    }
    PageBuffer out = new PageBuffer(64);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.ascii(',');
      }
      out.utf8(names.get(i)).ascii('=').ascii('"').escaped(values[i], true).ascii('"');
    }
    return new LabelText(List.copyOf(names), out.toByteArray());
  }

  /** The label names written, in order. */
  public List<String> names() {
    return names;
  }

  byte[] encoded() {
    return encoded;
  }
}
