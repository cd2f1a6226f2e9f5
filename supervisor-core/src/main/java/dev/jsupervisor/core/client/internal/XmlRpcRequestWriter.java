package dev.jsupervisor.core.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Encodes an XML-RPC {@code methodCall} as UTF-8 bytes, writing the same types Apache XML-RPC's
 * client wrote with extensions off: Integer ({@code i4}), Boolean, String (untyped), Double,
 * Date, byte[] (base64), Map (struct), Object[] and List (array). Any other value is an
 * {@link IllegalArgumentException} naming its type.
 */
public final class XmlRpcRequestWriter {
  private final StringBuilder out = new StringBuilder(256);

  private XmlRpcRequestWriter() {}

  public static byte[] write(String method, Object... params) {
    XmlRpcRequestWriter w = new XmlRpcRequestWriter();
    w.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall><methodName>");
    w.escaped(method);
    w.out.append("</methodName><params>");
    if (params != null) {
      for (Object param : params) {
        w.out.append("<param>");
        w.value(param, 1);
        w.out.append("</param>");
      }
    }
    w.out.append("</params></methodCall>");
    return w.out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void value(Object v, int depth) {
    if (depth > XmlRpcResponseReader.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "values are nested deeper than " + XmlRpcResponseReader.MAX_DEPTH + " levels");
    }
    out.append("<value>");
    if (v instanceof String s) {
      escaped(s);
    } else if (v instanceof Integer) {
      out.append("<i4>").append(v).append("</i4>");
    } else if (v instanceof Boolean b) {
      out.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
    } else if (v instanceof Double) {
      out.append("<double>").append(v).append("</double>");
    } else if (v instanceof byte[] bytes) {
      out.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
    } else if (v instanceof Date date) {
      out.append("<dateTime.iso8601>");
      dateTime(LocalDateTime.ofInstant(date.toInstant(), ZoneId.systemDefault()));
      out.append("</dateTime.iso8601>");
    } else if (v instanceof Map<?, ?> map) {
      out.append("<struct>");
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append("<member><name>");
        escaped(String.valueOf(e.getKey()));
        out.append("</name>");
        value(e.getValue(), depth + 1);
        out.append("</member>");
      }
      out.append("</struct>");
    } else if (v instanceof Object[] || v instanceof List) {
      out.append("<array><data>");
      for (Object item : v instanceof List<?> list ? list.toArray() : (Object[]) v) {
        value(item, depth + 1);
      }
      out.append("</data></array>");
    } else {
      throw new IllegalArgumentException(
          (v == null ? "null" : v.getClass().getSimpleName()) + " values cannot be sent over XML-RPC");
    }
    out.append("</value>");
  }

  /** yyyyMMddTHH:mm:ss, the form supervisord and Apache XML-RPC use. */
  private void dateTime(LocalDateTime t) {
    pad(t.getYear(), 4);
    pad(t.getMonthValue(), 2);
    pad(t.getDayOfMonth(), 2);
    out.append('T');
    pad(t.getHour(), 2);
    out.append(':');
    pad(t.getMinute(), 2);
    out.append(':');
    pad(t.getSecond(), 2);
  }

  private void pad(int n, int width) {
    String digits = Integer.toString(n);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }

  /**
   * Character data: the markup characters as entities, a carriage return as a reference so it
   * survives line-end normalization, other control characters as references the server then
   * refuses, as it refused them raw from the old client.
   */
  private void escaped(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n') {
            out.append("&#").append((int) c).append(';');
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
