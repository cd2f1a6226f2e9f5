package dev.jsupervisor.core.rpc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately strict reader of methodResponses: it accepts only supervisord 4.2.5's exact
 * layout (Python's marshaller: typed values, one element per line, single-quoted declaration,
 * only the three escapes) and fails on anything else, so a change of shape is caught without the
 * real supervisord. Returns a String, Integer, Boolean, Double, List or Map (or a {@link Fault});
 * byte[] for base64 and the text of a dateTime, which the API never sends.
 */
public final class StrictSupervisordXml {
  /** A fault answer. */
  public record Fault(int code, String text) {}

  private final String xml;
  private int at;

  private StrictSupervisordXml(String xml) {
    this.xml = xml;
  }

  public static Object read(byte[] body) {
    StrictSupervisordXml r = new StrictSupervisordXml(
        new String(body, java.nio.charset.StandardCharsets.UTF_8));
    r.expect("<?xml version='1.0'?>\n<methodResponse>\n");
    Object result;
    if (r.xml.startsWith("<fault>\n", r.at)) {
      r.expect("<fault>\n");
      Object v = r.value();
      r.expect("</fault>\n");
      if (!(v instanceof Map<?, ?> m) || m.size() != 2
          || !(m.get("faultCode") instanceof Integer code)
          || !(m.get("faultString") instanceof String text)
          || !List.copyOf(m.keySet()).equals(List.of("faultCode", "faultString"))) {
        throw new IllegalArgumentException("fault is not {faultCode:int, faultString:string}: " + v);
      }
      result = new Fault(code, text);
    } else {
      r.expect("<params>\n<param>\n");
      result = r.value();
      r.expect("</param>\n</params>\n");
    }
    r.expect("</methodResponse>\n");
    if (r.at != r.xml.length()) {
      r.fail("trailing text");
    }
    return result;
  }

  private Object value() {
    expect("<value>");
    Object v;
    if (take("<string>")) {
      v = text("</string>");
    } else if (take("<int>")) {
      String n = until("</int>");
      if (!n.matches("-?(0|[1-9][0-9]*)")) {
        fail("bad int " + n);
      }
      v = Integer.valueOf(n);
    } else if (take("<boolean>")) {
      String b = until("</boolean>");
      if (!b.equals("0") && !b.equals("1")) {
        fail("bad boolean " + b);
      }
      v = b.equals("1");
    } else if (take("<double>")) {
      v = Double.valueOf(until("</double>"));
    } else if (take("<base64>\n")) {
      String lines = until("</base64>");
      if (!lines.isEmpty() && !lines.matches("([A-Za-z0-9+/=]{1,76}\n)+")) {
        fail("base64 not in lines of 76 " + lines);
      }
      v = java.util.Base64.getMimeDecoder().decode(lines);
    } else if (take("<dateTime.iso8601>")) {
      String t = until("</dateTime.iso8601>");
      if (!t.matches("\\d{4}\\d\\d\\d\\dT\\d\\d:\\d\\d:\\d\\d")) {
        fail("bad dateTime " + t);
      }
      v = t;
    } else if (take("<array><data>\n")) {
      List<Object> items = new ArrayList<>();
      while (!take("</data></array>")) {
        items.add(value());
      }
      v = items;
    } else if (take("<struct>\n")) {
      Map<String, Object> members = new LinkedHashMap<>();
      while (!take("</struct>")) {
        expect("<member>\n<name>");
        String name = text("</name>");
        expect("\n");
        if (members.put(name, value()) != null) {
          fail("duplicate member " + name);
        }
        expect("</member>\n");
      }
      v = members;
    } else {
      fail("untyped or unknown value");
      return null;
    }
    expect("</value>\n");
    return v;
  }

  private String text(String end) {
    String raw = until(end);
    if (raw.indexOf('<') >= 0 || raw.indexOf('>') >= 0) {
      fail("unescaped markup in " + raw);
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '&') {
        out.append(c);
        continue;
      }
      String[][] escapes = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}};
      boolean known = false;
      for (String[] e : escapes) {
        if (raw.startsWith(e[0], i)) {
          out.append(e[1]);
          i += e[0].length() - 1;
          known = true;
          break;
        }
      }
      if (!known) {
        fail("escape other than &amp; &lt; &gt; in " + raw);
      }
    }
    return out.toString();
  }

  private String until(String end) {
    int stop = xml.indexOf(end, at);
    if (stop < 0) {
      fail("no " + end);
    }
    String s = xml.substring(at, stop);
    at = stop + end.length();
    return s;
  }

  private boolean take(String s) {
    if (xml.startsWith(s, at)) {
      at += s.length();
      return true;
    }
    return false;
  }

  private void expect(String s) {
    if (!take(s)) {
      fail("expected " + s.replace("\n", "\\n"));
    }
  }

  private void fail(String why) {
    int from = Math.max(0, at - 40);
    throw new IllegalArgumentException(why + " at " + at + " near: "
        + xml.substring(from, Math.min(xml.length(), at + 40)).replace("\n", "\\n"));
  }
}
