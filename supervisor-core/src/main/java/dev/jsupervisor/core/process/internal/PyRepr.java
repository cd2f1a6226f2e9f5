package dev.jsupervisor.core.process.internal;

/** Python's {@code repr()} of str and bytes values, as supervisord embeds them with {@code %r}. */
public final class PyRepr {
  private PyRepr() {}

  /** {@code 'abc'}; double quotes when the text holds a single quote and no double quote. */
  public static String of(String s) {
    char quote = quoteFor(s.indexOf('\'') >= 0, s.indexOf('"') >= 0);
    StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      append(out, c, quote, c < 0x20 || (c >= 0x7f && c <= 0xa0));
    }
    return out.append(quote).toString();
  }

  /** {@code b'...'} with every byte outside printable ASCII as {@code \xNN}. */
  public static String ofBytes(byte[] data) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte b : data) {
      hasSingle |= b == '\'';
      hasDouble |= b == '"';
    }
    char quote = quoteFor(hasSingle, hasDouble);
    StringBuilder out = new StringBuilder(data.length + 3).append('b').append(quote);
    for (byte b : data) {
      int c = b & 0xff;
      append(out, c, quote, c < 0x20 || c >= 0x7f);
    }
    return out.append(quote).toString();
  }

  private static char quoteFor(boolean hasSingle, boolean hasDouble) {
    return hasSingle && !hasDouble ? '"' : '\'';
  }

  private static void append(StringBuilder out, int c, char quote, boolean unprintable) {
    if (c == quote || c == '\\') {
      out.append('\\').append((char) c);
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (unprintable) {
      out.append(String.format("\\x%02x", c));
    } else {
      out.append((char) c);
    }
  }
}
