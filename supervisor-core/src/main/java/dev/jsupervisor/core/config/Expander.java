package dev.jsupervisor.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python {@code %}-formatting of a config value against a dict of names ({@code %(here)s},
 * {@code %(process_num)02d}, {@code %%}), with supervisord's error messages.
 *
 * <p>Names map to a {@link String} or an {@link Integer}. Conversions without a {@code (name)}
 * would format the whole dict in Python; nobody relies on that, so they are reported as errors.
 */
public final class Expander {
  /** Stands for the names dict itself, which Python formats when a conversion has no key. */
  private static final Object WHOLE_DICT = new Object();
  /**
   * Widest field or precision accepted. Python pads to any width that fits in memory; a
   * one-line value such as {@code %(a)999999999s} would then allocate gigabytes here.
   */
  static final int MAX_FIELD_SIZE = 65_536;

  private Expander() {}

  /**
   * Expands {@code format}; {@code label} names the value in errors ({@code program:a.command}).
   */
  public static String expand(String format, Map<String, ?> names, String label)
      throws ConfigException {
    try {
      return format(format, names);
    } catch (MissingName e) {
      List<String> available = new ArrayList<>(names.keySet());
      java.util.Collections.sort(available);
      throw new ConfigException("Format string " + PyText.repr(format) + " for "
          + PyText.repr(label) + " contains names (" + PyText.repr(e.name)
          + ") which cannot be expanded. Available names: " + String.join(", ", available));
    } catch (BadFormat e) {
      throw new ConfigException("Format string " + PyText.repr(format) + " for "
          + PyText.repr(label) + " is badly formatted: " + e.getMessage());
    }
  }

  private static final class MissingName extends Exception {
    final String name;

    MissingName(String name) {
      super(null, null, false, false);
      this.name = name;
    }
  }

  private static final class BadFormat extends Exception {
    BadFormat(String message) {
      super(message, null, false, false);
    }
  }

  private static String format(String s, Map<String, ?> names) throws MissingName, BadFormat {
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= n) {
        throw new BadFormat("incomplete format");
      }
      if (s.charAt(i) == '%') {
        out.append('%');
        i++;
        continue;
      }
      Object value = null;
      boolean keyed = false;
      if (s.charAt(i) == '(') {
        int depth = 1;
        int start = ++i;
        while (i < n && depth > 0) {
          char k = s.charAt(i);
          if (k == '(') {
            depth++;
          } else if (k == ')') {
            depth--;
          }
          i++;
        }
        if (depth > 0) {
          throw new BadFormat("incomplete format key");
        }
        String key = s.substring(start, i - 1);
        if (!names.containsKey(key)) {
          throw new MissingName(key);
        }
        value = names.get(key);
        keyed = true;
      }
      String flags = "";
      while (i < n && "-+ #0".indexOf(s.charAt(i)) >= 0) {
        flags += s.charAt(i++);
      }
      int width = -1;
      if (i < n && s.charAt(i) == '*') {
        throw new BadFormat("* wants int");
      }
      int digitsStart = i;
      while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        i++;
      }
      if (i > digitsStart) {
        width = parseSize(s.substring(digitsStart, i));
      }
      int precision = -1;
      if (i < n && s.charAt(i) == '.') {
        i++;
        if (i < n && s.charAt(i) == '*') {
          throw new BadFormat("* wants int");
        }
        int precStart = i;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
          i++;
        }
        precision = i > precStart ? parseSize(s.substring(precStart, i)) : 0;
      }
      while (i < n && "hlL".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (i >= n) {
        throw new BadFormat("incomplete format");
      }
      char conversion = s.charAt(i);
      if ("diuoxXeEfFgGcrsa".indexOf(conversion) < 0) {
        String shown = conversion < 128 ? String.valueOf(conversion) : "?";
        throw new BadFormat("unsupported format character '" + shown + "' (0x"
            + Integer.toHexString(s.codePointAt(i)) + ") at index " + s.codePointCount(0, i));
      }
      i++;
      if (!keyed) {
        if ("sra".indexOf(conversion) >= 0) {
          // Python would print the whole names dict here; nothing useful relies on that.
          throw new BadFormat("format requires a mapping key: %" + conversion
              + " without a (name) is not supported");
        }
        value = WHOLE_DICT; // fails below with Python's message for a dict argument
      }
      out.append(convert(value, conversion, flags, width, precision));
    }
    return out.toString();
  }

  private static int parseSize(String digits) throws BadFormat {
    int size;
    try {
      size = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new BadFormat("width too big");
    }
    if (size > MAX_FIELD_SIZE) {
      throw new BadFormat("width too big (more than " + MAX_FIELD_SIZE + ")");
    }
    return size;
  }

  private static String convert(Object value, char conversion, String flags, int width,
      int precision) throws BadFormat {
    String body;
    boolean numeric = false;
    switch (conversion) {
      case 's':
        body = String.valueOf(value);
        if (precision >= 0 && precision < body.length()) {
          body = body.substring(0, precision);
        }
        break;
      case 'r':
      case 'a':
        body = value instanceof String ? PyText.repr((String) value) : String.valueOf(value);
        if (precision >= 0 && precision < body.length()) {
          body = body.substring(0, precision);
        }
        break;
      case 'c':
        if (value instanceof Integer) {
          body = new String(Character.toChars((Integer) value));
        } else if (value instanceof String && ((String) value).codePointCount(0,
            ((String) value).length()) == 1) {
          body = (String) value;
        } else {
          throw new BadFormat("%c requires int or char");
        }
        break;
      default:
        if (!(value instanceof Integer)) {
          String type = value instanceof String ? "str" : value == WHOLE_DICT ? "dict" : "object";
          String what = "diuoxXc".indexOf(conversion) >= 0 && conversion != 'o'
              && conversion != 'x' && conversion != 'X'
              ? "%" + conversion + " format: a real number is required, not " + type
              : "%" + conversion + " format: an integer is required, not " + type;
          if ("eEfFgG".indexOf(conversion) >= 0) {
            what = "must be real number, not " + type;
          }
          throw new BadFormat(what);
        }
        numeric = true;
        body = number((Integer) value, conversion, flags, precision);
    }
    if (!numeric) {
      return pad("", body, flags, width, false);
    }
    int marker = body.indexOf('\u0000');
    return pad(body.substring(0, marker), body.substring(marker + 1), flags, width, true);
  }

  private static String number(int value, char conversion, String flags, int precision) {
    long abs = Math.abs((long) value);
    String digits;
    String prefix = "";
    switch (conversion) {
      case 'o':
        digits = Long.toOctalString(abs);
        prefix = flags.contains("#") ? "0o" : "";
        break;
      case 'x':
        digits = Long.toHexString(abs);
        prefix = flags.contains("#") ? "0x" : "";
        break;
      case 'X':
        digits = Long.toHexString(abs).toUpperCase(java.util.Locale.ROOT);
        prefix = flags.contains("#") ? "0X" : "";
        break;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        digits = floatText(abs, conversion, precision < 0 ? 6 : precision, flags);
        precision = -1;
        break;
      default:
        digits = Long.toString(abs);
    }
    if (precision > digits.length()) {
      digits = "0".repeat(precision - digits.length()) + digits;
    }
    String sign = value < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
    return sign + prefix + "\u0000" + digits; // \0 splits sign/prefix from digits for padding
  }

  private static String floatText(long abs, char conversion, int precision, String flags) {
    String text;
    switch (Character.toLowerCase(conversion)) {
      case 'e':
        text = String.format(java.util.Locale.ROOT, "%." + precision + "e", (double) abs);
        break;
      case 'f':
        text = String.format(java.util.Locale.ROOT, "%." + precision + "f", (double) abs);
        break;
      default:
        text = new java.math.BigDecimal(abs).round(new java.math.MathContext(
            Math.max(precision, 1))).stripTrailingZeros().toPlainString();
    }
    return Character.isUpperCase(conversion) ? text.toUpperCase(java.util.Locale.ROOT) : text;
  }

  private static String pad(String head, String tail, String flags, int width, boolean numeric) {
    int length = head.length() + tail.codePointCount(0, tail.length());
    if (width <= length) {
      return head + tail;
    }
    String fill;
    if (flags.contains("-")) {
      return head + tail + " ".repeat(width - length);
    } else if (numeric && flags.contains("0")) {
      fill = "0".repeat(width - length);
      return head + fill + tail;
    }
    return " ".repeat(width - length) + head + tail;
  }
}
