package dev.jsupervisor.core.ctl;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a controller writes: whole lines, or raw text for log streams. The fleet mode wraps it
 * to prefix every line with the server it came from.
 */
interface Output {
  /** Writes {@code text} and a newline. */
  void line(String text);

  /** Writes streamed text as it arrives (no newline added). */
  void text(String chunk);

  /** Lines straight to {@code out}; whole lines are written atomically. */
  static Output to(PrintStream out) {
    return new Output() {
      @Override
      public void line(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
          out.write(bytes, 0, bytes.length);
          out.flush();
        }
      }

      @Override
      public void text(String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
          out.write(bytes, 0, bytes.length);
          out.flush();
        }
      }
    };
  }

  /** Prefixes each line (also each line of streamed text) with {@code prefix}. */
  static Output prefixed(Output target, String prefix) {
    return new Output() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public void line(String text) {
        for (String l : text.split("\n", -1)) {
          target.line(prefix + l);
        }
      }

      @Override
      public synchronized void text(String chunk) {
        partial.append(chunk);
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
          target.line(prefix + partial.substring(0, nl));
          partial.delete(0, nl + 1);
        }
      }
    };
  }
}
