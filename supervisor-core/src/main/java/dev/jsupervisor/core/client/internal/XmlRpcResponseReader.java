package dev.jsupervisor.core.client.internal;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.client.internal.XmlScanner.Token;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an XML-RPC {@code methodResponse} from its bytes into the values Apache XML-RPC's
 * client produced: Integer (int, i4, and i8 when it fits), Boolean, String, Double, Date,
 * byte[] (base64), LinkedHashMap (struct) and Object[] (array); no params gives null. A fault
 * is thrown as {@link RpcFault}. Anything else, including nesting deeper than {@value
 * #MAX_DEPTH} values, is an {@link XmlRpcProtocolException}.
 */
public final class XmlRpcResponseReader {
  /** Arrays and structs nested in one another; supervisord's deepest answers use three. */
  public static final int MAX_DEPTH = 64;

  private final XmlScanner scanner;
  private Token token;

  private XmlRpcResponseReader(XmlScanner scanner) {
    this.scanner = scanner;
  }

  /**
   * The answer's value.
   *
   * @throws RpcFault when the answer is a fault
   * @throws XmlRpcProtocolException when it is not a well-formed XML-RPC answer
   */
  public static Object read(byte[] body) throws XmlRpcProtocolException {
    CharBuffer chars = utf8(body);
    XmlRpcResponseReader reader =
        new XmlRpcResponseReader(new XmlScanner(chars.array(), chars.position()));
    return reader.methodResponse();
  }

  private Object methodResponse() throws XmlRpcProtocolException {
    expectStart("methodResponse");
    Object result;
    String section = nextStart("<params> or <fault>");
    if (section.equals("params")) {
      result = null;
      if (nextTag() == Token.START) {
        requireName("param");
        expectStart("value");
        result = value(1);
        expectEnd("param");
        nextTag();
      }
      requireEnd("params");
    } else if (section.equals("fault")) {
      expectStart("value");
      Object fault = value(1);
      expectEnd("fault");
      expectEnd("methodResponse");
      expectEndOfDocument();
      throw fault(fault);
    } else {
      throw scanner.error("expected <params> or <fault> but found <" + section + ">");
    }
    expectEnd("methodResponse");
    expectEndOfDocument();
    return result;
  }

  private void expectEndOfDocument() throws XmlRpcProtocolException {
    if (nextTag() != Token.EOF) {
      throw scanner.error("unexpected content after </methodResponse>");
    }
  }

  private RpcFault fault(Object value) throws XmlRpcProtocolException {
    if (!(value instanceof Map<?, ?> struct) || !(struct.get("faultCode") instanceof Integer)) {
      throw scanner.error("a fault must be a struct with an int faultCode");
    }
    Object faultString = struct.get("faultString");
    if (faultString != null && !(faultString instanceof String)) {
      throw scanner.error("a fault's faultString must be a string");
    }
    return new RpcFault((Integer) struct.get("faultCode"), faultString == null ? "" : (String) faultString);
  }

  /** The content of a {@code <value>} whose start tag was just read, through its end tag. */
  private Object value(int depth) throws XmlRpcProtocolException {
    if (depth > MAX_DEPTH) {
      throw scanner.error("values are nested deeper than " + MAX_DEPTH + " levels");
    }
    String text = "";
    token = scanner.next();
    if (token == Token.TEXT) {
      text = scanner.text();
      token = scanner.next();
    }
    if (token == Token.END) {
      requireName("value");
      return text; // an untyped value is a string, spaces and all
    }
    if (token != Token.START) {
      throw scanner.error("the document ends inside <value>");
    }
    if (!text.isBlank()) {
      throw scanner.error("<value> holds both text and <" + scanner.name() + ">");
    }
    String type = scanner.name();
    Object result = switch (type) {
      case "string" -> text(type);
      case "int", "i4", "i8" -> integer(type, text(type).strip());
      case "boolean" -> bool(text(type).strip());
      case "double" -> real(text(type).strip());
      case "dateTime.iso8601" -> dateTime(text(type).strip());
      case "base64" -> base64(text(type));
      case "struct" -> struct(depth);
      case "array" -> array(depth);
      default -> throw scanner.error("unknown value type <" + type + ">");
    };
    expectEnd("value");
    return result;
  }

  private Map<String, Object> struct(int depth) throws XmlRpcProtocolException {
    Map<String, Object> members = new LinkedHashMap<>();
    while (nextTag() == Token.START) {
      requireName("member");
      expectStart("name");
      String name = text("name");
      expectStart("value");
      Object value = value(depth + 1);
      if (members.putIfAbsent(name, value) != null) {
        throw scanner.error("the struct has the member \"" + name + "\" twice");
      }
      expectEnd("member");
    }
    requireEnd("struct");
    return members;
  }

  private Object[] array(int depth) throws XmlRpcProtocolException {
    expectStart("data");
    List<Object> items = new ArrayList<>();
    while (nextTag() == Token.START) {
      requireName("value");
      items.add(value(depth + 1));
    }
    requireEnd("data");
    expectEnd("array");
    return items.toArray();
  }

  /** The text of an element whose start tag was just read, through its end tag. */
  private String text(String element) throws XmlRpcProtocolException {
    String text = "";
    token = scanner.next();
    if (token == Token.TEXT) {
      text = scanner.text();
      token = scanner.next();
    }
    if (token == Token.START) {
      throw scanner.error("<" + element + "> may hold text only, not <" + scanner.name() + ">");
    }
    requireEnd(element);
    return text;
  }

  private Integer integer(String type, String digits) throws XmlRpcProtocolException {
    try {
      long n = Long.parseLong(digits);
      if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
        return (int) n;
      }
    } catch (NumberFormatException e) {
      throw scanner.error("<" + type + "> holds \"" + digits + "\", not an integer");
    }
    throw scanner.error("<" + type + "> holds " + digits + ", beyond a 32-bit integer");
  }

  private Boolean bool(String digit) throws XmlRpcProtocolException {
    switch (digit) {
      case "1": return Boolean.TRUE;
      case "0": return Boolean.FALSE;
      default: throw scanner.error("<boolean> holds \"" + digit + "\", not 0 or 1");
    }
  }

  private Double real(String digits) throws XmlRpcProtocolException {
    try {
      return Double.valueOf(digits);
    } catch (NumberFormatException e) {
      throw scanner.error("<double> holds \"" + digits + "\", not a number");
    }
  }

  /** {@code yyyyMMddTHH:mm:ss} in this JVM's time zone, as Apache's client read it. */
  private Date dateTime(String s) throws XmlRpcProtocolException {
    try {
      if (s.length() != 17 || s.charAt(8) != 'T' || s.charAt(11) != ':' || s.charAt(14) != ':') {
        throw new IllegalArgumentException();
      }
      LocalDateTime local = LocalDateTime.of(
          digits(s, 0, 4), digits(s, 4, 6), digits(s, 6, 8),
          digits(s, 9, 11), digits(s, 12, 14), digits(s, 15, 17));
      return Date.from(local.atZone(ZoneId.systemDefault()).toInstant());
    } catch (RuntimeException e) {
      throw scanner.error("<dateTime.iso8601> holds \"" + s + "\", not yyyyMMddTHH:mm:ss");
    }
  }

  private static int digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        throw new IllegalArgumentException();
      }
    }
    return Integer.parseInt(s, from, to, 10);
  }

  private byte[] base64(String text) throws XmlRpcProtocolException {
    try {
      return Base64.getDecoder().decode(text.replaceAll("[ \\t\\n\\r]", ""));
    } catch (IllegalArgumentException e) {
      throw scanner.error("<base64> is not base64: " + e.getMessage());
    }
  }

  // --- structure --------------------------------------------------------------------------

  /** The next tag, skipping whitespace between tags; other text there is an error. */
  private Token nextTag() throws XmlRpcProtocolException {
    token = scanner.nextSkippingSpace();
    if (token == Token.TEXT) {
      if (!scanner.text().isBlank()) {
        throw scanner.error("unexpected text \"" + abbreviate(scanner.text().strip()) + "\"");
      }
      token = scanner.next();
    }
    return token;
  }

  private String nextStart(String wanted) throws XmlRpcProtocolException {
    if (nextTag() != Token.START) {
      throw unexpected(wanted);
    }
    return scanner.name();
  }

  private void expectStart(String name) throws XmlRpcProtocolException {
    nextTag();
    if (token != Token.START || !scanner.name().equals(name)) {
      throw unexpected("<" + name + ">");
    }
  }

  private void expectEnd(String name) throws XmlRpcProtocolException {
    nextTag();
    requireEnd(name);
  }

  private void requireEnd(String name) throws XmlRpcProtocolException {
    if (token != Token.END || !scanner.name().equals(name)) {
      throw unexpected("</" + name + ">");
    }
  }

  private void requireName(String name) throws XmlRpcProtocolException {
    if (!scanner.name().equals(name)) {
      throw unexpected("<" + name + ">");
    }
  }

  private XmlRpcProtocolException unexpected(String wanted) {
    String found = switch (token) {
      case START -> "<" + scanner.name() + ">";
      case END -> "</" + scanner.name() + ">";
      case TEXT -> "text";
      case EOF -> "the end of the document";
    };
    return scanner.error("expected " + wanted + " but found " + found);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** The decoded characters, from 0 to the buffer's position. */
  private static CharBuffer utf8(byte[] body) throws XmlRpcProtocolException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new XmlRpcProtocolException("the answer is not valid UTF-8 at byte " + in.position());
    }
    decoder.flush(out);
    return out;
  }
}
