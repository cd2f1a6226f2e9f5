package dev.jsupervisor.core.web.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters of a page request read as supervisord reads them: the query string (first of a
 * repeated key wins), then a form body whose pairs override it (in a body the last one wins); a
 * pair without {@code =} or with a blank value counts as absent; {@code +} is a space; a
 * malformed {@code %} escape stays as it was written and bytes that are not UTF-8 become U+FFFD,
 * so no input is an error.
 */
public final class FormParameters {
  /** At most this many pairs are read from the query string and from the body each. */
  public static final int MAX_PAIRS = 256;

  private final Map<String, String> values = new HashMap<>();

  private FormParameters() {}

  /**
   * @param query the raw query string, or null
   * @param body the raw request body (any content type, as supervisord), or null
   */
  public static FormParameters parse(String query, String body) {
    FormParameters form = new FormParameters();
    form.read(query, false);
    form.read(body, true);
    return form;
  }

  /** The value, or null when absent (blank counts as absent). */
  public String get(String key) {
    return values.get(key);
  }

  private void read(String text, boolean laterWins) {
    if (text == null || text.isEmpty()) {
      return;
    }
    int pairs = 0;
    int start = 0;
    while (start <= text.length() && pairs < MAX_PAIRS) {
      int end = text.indexOf('&', start);
      if (end < 0) {
        end = text.length();
      }
      pairs++;
      int eq = text.indexOf('=', start);
      if (eq >= 0 && eq < end && eq + 1 < end) {
        String key = decode(text.substring(start, eq));
        String value = decode(text.substring(eq + 1, end));
        if (laterWins) {
          values.put(key, value);
        } else {
          values.putIfAbsent(key, value);
        }
      }
      start = end + 1;
    }
  }

  /** Percent-decoding as Python's {@code unquote_plus} with {@code errors='replace'}. */
  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
        continue;
      }
      flush(bytes, out);
      out.append(c == '+' ? ' ' : c);
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      // new String(...) replaces malformed UTF-8 with U+FFFD, as Python's errors='replace'.
      out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
