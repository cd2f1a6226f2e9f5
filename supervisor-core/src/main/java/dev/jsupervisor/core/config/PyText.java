package dev.jsupervisor.core.config;

import java.math.BigInteger;

/** Python 3 string rules the config code must reproduce: whitespace, strip, repr and int(). */
final class PyText {
  private PyText() {}

  /** Python's {@code str.isspace()} for one UTF-16 unit (all Python space chars are in the BMP). */
  static boolean isSpace(char c) {
    switch (c) {
      case ' ': case '\t': case '\n': case 0x0b: case '\f': case '\r':
      case 0x1c: case 0x1d: case 0x1e: case 0x1f: case 0x85: case 0xa0:
      case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200a;
    }
  }

  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static String rstrip(String s) {
    int end = s.length();
    while (end > 0 && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Python's {@code repr()} of a str, as it appears inside error messages. */
  static String repr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp < 0x100) {
        out.append(String.format("\\x%02x", cp));
      } else if (cp < 0x10000) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.append(String.format("\\U%08x", cp));
      }
    }
    return out.append(quote).toString();
  }

  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL: case Character.FORMAT: case Character.SURROGATE:
      case Character.PRIVATE_USE: case Character.UNASSIGNED: case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR: case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /**
   * Python's {@code int(text, base)}: surrounding whitespace, a sign, single underscores between
   * digits, and (base 8/16/2 only) an optional matching {@code 0o}/{@code 0x}/{@code 0b} prefix.
   *
   * @return the value, or null when Python would raise ValueError
   */
  static BigInteger parseInt(String text, int base) {
    String s = strip(text);
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (base != 10 && s.length() >= 2 && s.charAt(0) == '0') {
      char p = Character.toLowerCase(s.charAt(1));
      if ((base == 8 && p == 'o') || (base == 16 && p == 'x') || (base == 2 && p == 'b')) {
        s = s.substring(2);
        if (s.startsWith("_")) {
          s = s.substring(1); // Python allows one underscore right after the prefix
        }
      }
    }
    if (s.isEmpty() || s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
      return null;
    }
    StringBuilder digits = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '_') {
        continue;
      }
      int d = Character.digit(cp, base);
      if (d < 0 || (cp > 0x7f && Character.getType(cp) != Character.DECIMAL_DIGIT_NUMBER)) {
        return null;
      }
      digits.append(Character.forDigit(d, base));
    }
    if (digits.length() > 4300) {
      return null; // CPython's int max str digits limit
    }
    BigInteger value = new BigInteger(digits.toString(), base);
    return negative ? value.negate() : value;
  }
}
