package dev.jsupervisor.core.rpc.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Writes XML-RPC answers byte for byte as supervisord 4.2.5 does, which is the layout of Python's
 * {@code xmlrpc.client} marshaller: {@code <?xml version='1.0'?>}, one element per line, every
 * value typed ({@code <string>}, {@code <int>}, {@code <boolean>}, {@code <double>}, {@code
 * <array><data>}, {@code <struct><member>}), never {@code <i4>}, {@code <nil/>} or a bare
 * {@code <value>text</value>}. Clients written against supervisord (Go, PHP, grep and sed) read
 * only that shape.
 *
 * <p>Text is escaped as Python escapes it: {@code &}, {@code <} and {@code >} only; control
 * characters and characters outside the Basic Multilingual Plane go out as their UTF-8 bytes.
 * A lone UTF-16 half (which Python's text cannot hold) becomes U+FFFD. Pure; no I/O.
 *
 * <p>Values are the wire forms of {@link WireValues#toWire}: String, Integer, Boolean, Double,
 * List (or Object[]) and Map with String keys (in their iteration order, as Python keeps
 * insertion order); byte[] and Date as Python writes bytes and datetimes (the API sends neither).
 */
public final class PythonMarshaller {
  private static final String HEAD = "<?xml version='1.0'?>\n<methodResponse>\n";
  private static final String TAIL = "</methodResponse>\n";

  private PythonMarshaller() {}

  /** A methodResponse carrying one value. */
  public static byte[] result(Object wireValue) {
    StringBuilder out = new StringBuilder(256);
    out.append(HEAD).append("<params>\n<param>\n");
    value(wireValue, out);
    out.append("</param>\n</params>\n").append(TAIL);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A methodResponse carrying a fault struct. */
  public static byte[] fault(int code, String faultString) {
    StringBuilder out = new StringBuilder(256);
    out.append(HEAD).append("<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n")
        .append("<value><int>").append(code).append("</int></value>\n</member>\n<member>\n")
        .append("<name>faultString</name>\n<value><string>");
    escape(faultString, out);
    out.append("</string></value>\n</member>\n</struct></value>\n</fault>\n").append(TAIL);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void value(Object v, StringBuilder out) {
    if (v instanceof String s) {
      out.append("<value><string>");
      escape(s, out);
      out.append("</string></value>\n");
    } else if (v instanceof Integer i) {
      out.append("<value><int>").append(i.intValue()).append("</int></value>\n");
    } else if (v instanceof Boolean b) {
      out.append("<value><boolean>").append(b ? '1' : '0').append("</boolean></value>\n");
    } else if (v instanceof Double d) {
      out.append("<value><double>").append(pythonRepr(d)).append("</double></value>\n");
    } else if (v instanceof byte[] bytes) {
      // base64.encodebytes: lines of 76 characters, each ending in a newline.
      String encoded = Base64.getEncoder().encodeToString(bytes);
      out.append("<value><base64>\n");
      for (int from = 0; from < encoded.length(); from += 76) {
        out.append(encoded, from, Math.min(encoded.length(), from + 76)).append('\n');
      }
      out.append("</base64></value>\n");
    } else if (v instanceof Date date) {
      LocalDateTime t = LocalDateTime.ofInstant(date.toInstant(), ZoneId.systemDefault());
      out.append("<value><dateTime.iso8601>")
          .append(String.format("%04d%02d%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
              t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()))
          .append("</dateTime.iso8601></value>\n");
    } else if (v instanceof List<?> items) {
      out.append("<value><array><data>\n");
      for (Object item : items) {
        value(item, out);
      }
      out.append("</data></array></value>\n");
    } else if (v instanceof Object[] items) {
      value(Arrays.asList(items), out);
    } else if (v instanceof Map<?, ?> map) {
      out.append("<value><struct>\n");
      for (Map.Entry<?, ?> member : map.entrySet()) {
        if (!(member.getKey() instanceof String name)) {
          throw new IllegalArgumentException("struct member name is not a string: "
              + member.getKey());
        }
        out.append("<member>\n<name>");
        escape(name, out);
        out.append("</name>\n");
        value(member.getValue(), out);
        out.append("</member>\n");
      }
      out.append("</struct></value>\n");
    } else {
      // Python's marshaller refuses None (allow_none is off) and anything else it cannot type.
      throw new IllegalArgumentException("no XML-RPC form for "
          + (v == null ? "null" : v.getClass().getName()));
    }
  }

  /** Appends {@code s} with Python's three escapes; lone UTF-16 halves become U+FFFD. */
  static void escape(String s, StringBuilder out) {
    int n = s.length();
    int plainFrom = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String replacement;
      if (c == '&') {
        replacement = "&amp;";
      } else if (c == '<') {
        replacement = "&lt;";
      } else if (c == '>') {
        replacement = "&gt;";
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        replacement = "\uFFFD";
      } else {
        continue;
      }
      out.append(s, plainFrom, i).append(replacement);
      plainFrom = i + 1;
    }
    out.append(s, plainFrom, n);
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that read back to the same double,
   * positional when the decimal exponent is in [-4, 16), otherwise {@code 1e+16} style.
   */
  static String pythonRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = shortestRoundTrip(Math.abs(d));
    String digits = exact.unscaledValue().toString();
    int decpt = digits.length() - exact.scale(); // value = 0.digits * 10^decpt
    StringBuilder out = new StringBuilder(24);
    if (d < 0) {
      out.append('-');
    }
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        out.append("0.");
        out.append("0".repeat(-decpt)).append(digits);
      } else if (decpt >= digits.length()) {
        out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
      } else {
        out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int exponent = decpt - 1;
      out.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        out.append('0');
      }
      out.append(abs);
    }
    return out.toString();
  }

  /**
   * The decimal with the fewest digits that reads back to {@code d}, nearest to it (Python's
   * rule); Java 17's {@code Double.toString} sometimes gives more digits than needed.
   */
  private static BigDecimal shortestRoundTrip(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal candidate = exact.round(new java.math.MathContext(digits,
          java.math.RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN))
        .stripTrailingZeros();
  }
}
