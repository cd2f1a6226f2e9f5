package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.api.ProcessInfo;
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
 * insertion order); byte[] and Date as Python writes bytes and datetimes (the API sends neither);
 * a {@link ProcessInfo} as its {@link ProcessInfo#toStruct} struct, written without the map.
 * Answers are written into a {@link ReplyBytes}, as UTF-8 in one pass.
 */
public final class PythonMarshaller {
  private static final byte[] HEAD = ascii("<?xml version='1.0'?>\n<methodResponse>\n");
  private static final byte[] TAIL = ascii("</methodResponse>\n");
  private static final byte[] PARAMS_OPEN = ascii("<params>\n<param>\n");
  private static final byte[] PARAMS_CLOSE = ascii("</param>\n</params>\n");
  private static final byte[] FAULT_OPEN = ascii("<fault>\n<value><struct>\n<member>\n"
      + "<name>faultCode</name>\n<value><int>");
  private static final byte[] FAULT_STRING = ascii("</int></value>\n</member>\n<member>\n"
      + "<name>faultString</name>\n<value><string>");
  private static final byte[] FAULT_CLOSE = ascii("</string></value>\n</member>\n"
      + "</struct></value>\n</fault>\n");
  private static final byte[] STRING_OPEN = ascii("<value><string>");
  private static final byte[] STRING_CLOSE = ascii("</string></value>\n");
  private static final byte[] INT_OPEN = ascii("<value><int>");
  private static final byte[] INT_CLOSE = ascii("</int></value>\n");
  private static final byte[] BOOLEAN_TRUE = ascii("<value><boolean>1</boolean></value>\n");
  private static final byte[] BOOLEAN_FALSE = ascii("<value><boolean>0</boolean></value>\n");
  private static final byte[] ARRAY_OPEN = ascii("<value><array><data>\n");
  private static final byte[] ARRAY_CLOSE = ascii("</data></array></value>\n");
  private static final byte[] STRUCT_OPEN = ascii("<value><struct>\n");
  private static final byte[] STRUCT_CLOSE = ascii("</struct></value>\n");
  private static final byte[] MEMBER_OPEN = ascii("<member>\n<name>");
  private static final byte[] NAME_CLOSE = ascii("</name>\n");
  private static final byte[] MEMBER_CLOSE = ascii("</member>\n");
  private static final byte[] AMP = ascii("&amp;");
  private static final byte[] LT = ascii("&lt;");
  private static final byte[] GT = ascii("&gt;");
  /** U+FFFD in UTF-8: what a lone UTF-16 half becomes. */
  private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

  /**
   * The members of {@link ProcessInfo#toStruct}, each from {@code <member>} to its value's type
   * tag, in that order: a process struct is written from these without building its map.
   */
  private static final byte[][] INFO_MEMBERS = infoMembers();

  private PythonMarshaller() {}

  /** A methodResponse carrying one value. */
  public static byte[] result(Object wireValue) {
    ReplyBytes out = new ReplyBytes();
    try {
      result(wireValue, out);
      return out.toByteArray();
    } finally {
      out.release();
    }
  }

  /** Writes a methodResponse carrying one value to {@code out}. */
  public static void result(Object wireValue, ReplyBytes out) {
    out.write(HEAD);
    out.write(PARAMS_OPEN);
    value(wireValue, out);
    out.write(PARAMS_CLOSE);
    out.write(TAIL);
  }

  /** A methodResponse carrying a fault struct. */
  public static byte[] fault(int code, String faultString) {
    ReplyBytes out = new ReplyBytes();
    try {
      fault(code, faultString, out);
      return out.toByteArray();
    } finally {
      out.release();
    }
  }

  /** Writes a methodResponse carrying a fault struct to {@code out}. */
  public static void fault(int code, String faultString, ReplyBytes out) {
    out.write(HEAD);
    out.write(FAULT_OPEN);
    out.writeDecimal(code);
    out.write(FAULT_STRING);
    escape(faultString, out);
    out.write(FAULT_CLOSE);
    out.write(TAIL);
  }

  private static void value(Object v, ReplyBytes out) {
    if (v instanceof String s) {
      out.write(STRING_OPEN);
      escape(s, out);
      out.write(STRING_CLOSE);
    } else if (v instanceof Integer i) {
      out.write(INT_OPEN);
      out.writeDecimal(i);
      out.write(INT_CLOSE);
    } else if (v instanceof Boolean b) {
      out.write(b ? BOOLEAN_TRUE : BOOLEAN_FALSE);
    } else if (v instanceof ProcessInfo info) {
      processInfo(info, out);
    } else if (v instanceof Double d) {
      text("<value><double>" + pythonRepr(d) + "</double></value>\n", out);
    } else if (v instanceof byte[] bytes) {
      // base64.encodebytes: lines of 76 characters, each ending in a newline.
      String encoded = Base64.getEncoder().encodeToString(bytes);
      StringBuilder lines = new StringBuilder("<value><base64>\n");
      for (int from = 0; from < encoded.length(); from += 76) {
        lines.append(encoded, from, Math.min(encoded.length(), from + 76)).append('\n');
      }
      text(lines.append("</base64></value>\n").toString(), out);
    } else if (v instanceof Date date) {
      LocalDateTime t = LocalDateTime.ofInstant(date.toInstant(), ZoneId.systemDefault());
      text("<value><dateTime.iso8601>"
          + String.format("%04d%02d%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
              t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond())
          + "</dateTime.iso8601></value>\n", out);
    } else if (v instanceof List<?> items) {
      out.write(ARRAY_OPEN);
      for (Object item : items) {
        value(item, out);
      }
      out.write(ARRAY_CLOSE);
    } else if (v instanceof Object[] items) {
      value(Arrays.asList(items), out);
    } else if (v instanceof Map<?, ?> map) {
      out.write(STRUCT_OPEN);
      for (Map.Entry<?, ?> member : map.entrySet()) {
        if (!(member.getKey() instanceof String name)) {
          throw new IllegalArgumentException("struct member name is not a string: "
              + member.getKey());
        }
        out.write(MEMBER_OPEN);
        escape(name, out);
        out.write(NAME_CLOSE);
        value(member.getValue(), out);
        out.write(MEMBER_CLOSE);
      }
      out.write(STRUCT_CLOSE);
    } else {
      // Python's marshaller refuses None (allow_none is off) and anything else it cannot type.
      throw new IllegalArgumentException("no XML-RPC form for "
          + (v == null ? "null" : v.getClass().getName()));
    }
  }

  /** {@link ProcessInfo#toStruct}'s struct, written member by member from constant parts. */
  private static void processInfo(ProcessInfo p, ReplyBytes out) {
    out.write(STRUCT_OPEN);
    int m = 0;
    infoString(INFO_MEMBERS[m++], p.name(), out);
    infoString(INFO_MEMBERS[m++], p.group(), out);
    infoInt(INFO_MEMBERS[m++], p.start(), out);
    infoInt(INFO_MEMBERS[m++], p.stop(), out);
    infoInt(INFO_MEMBERS[m++], p.now(), out);
    infoInt(INFO_MEMBERS[m++], p.state().code(), out);
    infoString(INFO_MEMBERS[m++], p.state().name(), out);
    infoString(INFO_MEMBERS[m++], p.spawnerr(), out);
    infoInt(INFO_MEMBERS[m++], p.exitstatus(), out);
    infoString(INFO_MEMBERS[m++], p.stdoutLogfile(), out);
    infoString(INFO_MEMBERS[m++], p.stdoutLogfile(), out);
    infoString(INFO_MEMBERS[m++], p.stderrLogfile(), out);
    infoInt(INFO_MEMBERS[m++], p.pid(), out);
    infoString(INFO_MEMBERS[m], p.description(), out);
    out.write(STRUCT_CLOSE);
  }

  private static void infoString(byte[] member, String s, ReplyBytes out) {
    if (s == null) {
      throw new IllegalArgumentException("no XML-RPC form for null");
    }
    out.write(member);
    escape(s, out);
    out.write(STRING_CLOSE);
    out.write(MEMBER_CLOSE);
  }

  private static void infoInt(byte[] member, int n, ReplyBytes out) {
    out.write(member);
    out.writeDecimal(n);
    out.write(INT_CLOSE);
    out.write(MEMBER_CLOSE);
  }

  private static byte[][] infoMembers() {
    ProcessInfo sample = new ProcessInfo("", "", 0, 0, 0,
        dev.jsupervisor.core.api.ProcessState.STOPPED, "", 0, "", "", 0, "");
    Map<String, Object> struct = sample.toStruct();
    byte[][] members = new byte[struct.size()][];
    int i = 0;
    for (Map.Entry<String, Object> member : struct.entrySet()) {
      String open = member.getValue() instanceof String ? "<value><string>" : "<value><int>";
      members[i++] = ascii("<member>\n<name>" + member.getKey() + "</name>\n" + open);
    }
    return members;
  }

  /** Writes text that needs no escaping (markup and digits) as its UTF-8 bytes. */
  private static void text(String s, ReplyBytes out) {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Writes {@code s} as UTF-8 with Python's three escapes ({@code &}, {@code <}, {@code >});
   * lone UTF-16 halves become U+FFFD.
   */
  static void escape(String s, ReplyBytes out) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '&') {
          out.write(AMP);
        } else if (c == '<') {
          out.write(LT);
        } else if (c == '>') {
          out.write(GT);
        } else {
          out.write(c);
        }
      } else if (c < 0x800) {
        out.write(0xC0 | (c >> 6));
        out.write(0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          out.write(0xF0 | (cp >> 18));
          out.write(0x80 | ((cp >> 12) & 0x3F));
          out.write(0x80 | ((cp >> 6) & 0x3F));
          out.write(0x80 | (cp & 0x3F));
        } else {
          out.write(REPLACEMENT);
        }
      } else {
        out.write(0xE0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      }
    }
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
