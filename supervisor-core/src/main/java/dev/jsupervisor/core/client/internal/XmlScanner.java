package dev.jsupervisor.core.client.internal;

/**
 * Splits an XML document into start tags, end tags and text, refusing every XML feature an
 * XML-RPC answer never needs: DOCTYPE and other declarations, entities beyond the five
 * predefined ones and character references, and processing instructions other than the XML
 * declaration. Text comes out with references resolved, CDATA unwrapped and line ends
 * normalized; comments are dropped; attributes are checked for form and ignored.
 */
final class XmlScanner {
  enum Token { START, END, TEXT, EOF }

  /** Element names of XML-RPC answers, most frequent first. */
  private static final String[] KNOWN_NAMES = {
    "value", "member", "name", "string", "int", "struct", "boolean", "array", "data", "i4",
    "params", "param", "methodResponse", "fault", "double", "base64", "dateTime.iso8601"
  };

  private final char[] in;
  private final int length;
  private int pos;
  private String name;
  private final StringBuilder text = new StringBuilder();
  private String pendingEnd;

  XmlScanner(char[] document, int length) throws XmlRpcProtocolException {
    this.in = document;
    this.length = length;
    if (length > 0 && in[0] == '\uFEFF') {
      pos = 1;
    }
    if (startsWith("<?xml", pos) && pos + 5 < length && isSpace(in[pos + 5])) {
      readDeclaration();
    }
  }

  /** The element name of the last START or END token. */
  String name() {
    return name;
  }

  /** The content of the last TEXT token. */
  String text() {
    return text.toString();
  }

  /**
   * The next token, passing over whitespace that stands between two tags (text that is not
   * all whitespace still comes out as a TEXT token).
   */
  Token nextSkippingSpace() throws XmlRpcProtocolException {
    if (pendingEnd == null) {
      char[] chars = in;
      int end = length;
      int p = pos;
      while (p < end && (chars[p] == '\n' || chars[p] == ' ' || chars[p] == '\t' || chars[p] == '\r')) {
        p++;
      }
      if (p == end || (chars[p] == '<' && !startsWith("<![CDATA[", p))) {
        pos = p;
      }
    }
    return next();
  }

  Token next() throws XmlRpcProtocolException {
    if (pendingEnd != null) {
      name = pendingEnd;
      pendingEnd = null;
      return Token.END;
    }
    while (pos < length && in[pos] == '<' && startsWith("<!--", pos)) {
      skipComment();
    }
    if (pos >= length) {
      return Token.EOF;
    }
    int start = pos;
    char second = start + 1 < length ? in[start + 1] : 0;
    if (in[start] != '<' || (second == '!' && startsWith("<![CDATA[", start))) {
      readText();
      return Token.TEXT;
    }
    if (second == '!') {
      throw error(startsWith("<!DOCTYPE", start)
          ? "a DOCTYPE is not allowed" : "markup declarations are not allowed", start);
    }
    if (second == '?') {
      throw error("processing instructions are not allowed", start);
    }
    if (second == '/') {
      pos += 2;
      name = readName();
      skipSpace();
      if (pos >= length || in[pos] != '>') {
        throw error(pos >= length
            ? "the document ends inside the tag </" + name : "expected '>' to close </" + name, pos);
      }
      pos++;
      return Token.END;
    }
    pos++;
    name = readName();
    while (true) {
      boolean spaced = skipSpace();
      if (pos >= length) {
        throw error("the document ends inside the tag <" + name, start);
      }
      char c = in[pos];
      if (c == '>') {
        pos++;
        return Token.START;
      }
      if (c == '/') {
        pos++;
        if (pos >= length || in[pos] != '>') {
          throw error("expected '>' after '/' in <" + name, pos);
        }
        pos++;
        pendingEnd = name;
        return Token.START;
      }
      if (!spaced) {
        throw error("expected a space, '>' or '/>' in the tag <" + name, pos);
      }
      readAttribute();
    }
  }

  /** Text up to the next tag, merging character data, references, CDATA and comments. */
  private void readText() throws XmlRpcProtocolException {
    text.setLength(0);
    while (pos < length) {
      char c = in[pos];
      if (c == '<') {
        if (startsWith("<![CDATA[", pos)) {
          readCdata();
          continue;
        }
        if (startsWith("<!--", pos)) {
          skipComment();
          continue;
        }
        return;
      }
      if (c == '&') {
        readReference();
      } else if (c >= 0x20 && c < 0xFFFE) {
        char[] chars = in;
        int end = length;
        int run = pos + 1;
        while (run < end) {
          char r = chars[run];
          if (r < 0x20 || r >= 0xFFFE || r == '<' || r == '&') {
            break;
          }
          run++;
        }
        text.append(in, pos, run - pos);
        pos = run;
      } else if (c == '\r') {
        text.append('\n');
        pos += pos + 1 < length && in[pos + 1] == '\n' ? 2 : 1;
      } else {
        checkChar(c, pos);
        text.append(c);
        pos++;
      }
    }
  }

  private void readCdata() throws XmlRpcProtocolException {
    int start = pos;
    int end = indexOf("]]>", pos + 9);
    if (end < 0) {
      throw error("the document ends inside a CDATA section", start);
    }
    for (int i = pos + 9; i < end; i++) {
      char c = in[i];
      if (c == '\r') {
        text.append('\n');
        if (i + 1 < end && in[i + 1] == '\n') {
          i++;
        }
      } else {
        checkChar(c, i);
        text.append(c);
      }
    }
    pos = end + 3;
  }

  private void skipComment() throws XmlRpcProtocolException {
    int end = indexOf("-->", pos + 4);
    if (end < 0) {
      throw error("the document ends inside a comment", pos);
    }
    pos = end + 3;
  }

  /** A reference at {@code pos} ('&'): one of the five predefined entities or a character. */
  private void readReference() throws XmlRpcProtocolException {
    int start = pos;
    int semicolon = indexOf(';', pos);
    if (semicolon < 0 || semicolon - pos > 12) {
      throw error("'&' starts no complete reference (write &amp; for a literal '&')", start);
    }
    String ref = substring(pos + 1, semicolon);
    pos = semicolon + 1;
    switch (ref) {
      case "lt" -> text.append('<');
      case "gt" -> text.append('>');
      case "amp" -> text.append('&');
      case "quot" -> text.append('"');
      case "apos" -> text.append('\'');
      default -> {
        if (!ref.startsWith("#")) {
          throw error("the entity &" + ref + "; is not allowed: only &lt; &gt; &amp; &quot; "
              + "&apos; and character references are", start);
        }
        int codePoint;
        try {
          codePoint = ref.startsWith("#x")
              ? Integer.parseInt(ref.substring(2), 16)
              : Integer.parseInt(ref.substring(1), 10);
        } catch (NumberFormatException e) {
          throw error("bad character reference &" + ref + ";", start);
        }
        if (ref.indexOf('-') >= 0 || ref.indexOf('+') >= 0 || !isXmlChar(codePoint)) {
          throw error("the character reference &" + ref + "; names no XML character", start);
        }
        text.appendCodePoint(codePoint);
      }
    }
  }

  private void readAttribute() throws XmlRpcProtocolException {
    String attribute = readName();
    skipSpace();
    expect('=', "'=' after the attribute " + attribute);
    skipSpace();
    if (pos >= length || (in[pos] != '"' && in[pos] != '\'')) {
      throw error("expected a quoted value for the attribute " + attribute, pos);
    }
    char quote = in[pos++];
    int start = pos;
    while (pos < length && in[pos] != quote) {
      char c = in[pos];
      if (c == '<') {
        throw error("'<' in the value of the attribute " + attribute, pos);
      }
      if (c == '&') {
        int mark = text.length();
        readReference(); // checked, then dropped: attributes carry nothing XML-RPC uses
        text.setLength(mark);
      } else {
        checkChar(c, pos);
        pos++;
      }
    }
    if (pos >= length) {
      throw error("the document ends inside the value of the attribute " + attribute, start);
    }
    pos++;
  }

  /** {@code <?xml version="1.0" encoding="..."?>}: only UTF-8 (or its ASCII subset) is read. */
  private void readDeclaration() throws XmlRpcProtocolException {
    int start = pos;
    int end = indexOf("?>", pos);
    if (end < 0) {
      throw error("the document ends inside the XML declaration", start);
    }
    String declaration = substring(pos + 5, end);
    String encoding = pseudoAttribute(declaration, "encoding");
    if (encoding != null) {
      String e = encoding.toUpperCase(java.util.Locale.ROOT);
      if (!e.equals("UTF-8") && !e.equals("UTF8") && !e.equals("US-ASCII") && !e.equals("ASCII")) {
        throw error("the encoding \"" + encoding + "\" is not supported (only UTF-8)", start);
      }
    }
    if (!declaration.contains("version")) {
      throw error("the XML declaration has no version", start);
    }
    pos = end + 2;
  }

  private boolean startsWith(String prefix, int at) {
    if (at + prefix.length() > length) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (in[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(char c, int from) {
    for (int i = from; i < length; i++) {
      if (in[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private int indexOf(String s, int from) {
    for (int i = from; i + s.length() <= length; i++) {
      if (startsWith(s, i)) {
        return i;
      }
    }
    return -1;
  }

  private String substring(int from, int to) {
    return new String(in, from, to - from);
  }

  /** The quoted value after {@code key=} in an XML declaration, or null when absent. */
  private static String pseudoAttribute(String declaration, String key) {
    int at = declaration.indexOf(key);
    if (at < 0) {
      return null;
    }
    int i = at + key.length();
    while (i < declaration.length() && (isSpace(declaration.charAt(i)) || declaration.charAt(i) == '=')) {
      i++;
    }
    if (i >= declaration.length()) {
      return "";
    }
    char quote = declaration.charAt(i);
    int end = declaration.indexOf(quote, i + 1);
    return end < 0 ? declaration.substring(i) : declaration.substring(i + 1, end);
  }

  private String readName() throws XmlRpcProtocolException {
    int start = pos;
    char[] chars = in;
    int end = start;
    if (end < length && isNameChar(chars[end], true)) {
      end++;
      while (end < length && isNameChar(chars[end], false)) {
        end++;
      }
    }
    pos = end;
    if (end == start) {
      throw error(end >= length ? "the document ends inside a tag" : "expected a name", end);
    }
    for (String known : KNOWN_NAMES) {
      if (known.length() == end - start && startsWith(known, start)) {
        return known; // no new string for each of the thousands of tags in a long answer
      }
    }
    return substring(start, end);
  }

  private boolean skipSpace() {
    int start = pos;
    while (pos < length && isSpace(in[pos])) {
      pos++;
    }
    return pos > start;
  }

  private void expect(char c, String what) throws XmlRpcProtocolException {
    if (pos >= length) {
      throw error("the document ends where " + what + " was expected", pos);
    }
    if (in[pos] != c) {
      throw error("expected " + what, pos);
    }
    pos++;
  }

  private void checkChar(char c, int at) throws XmlRpcProtocolException {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
      throw error(String.format("the character U+%04X is not allowed in XML", (int) c), at);
    }
  }

  private static boolean isXmlChar(int cp) {
    return cp == '\t' || cp == '\n' || cp == '\r'
        || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isNameChar(char c, boolean first) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80) {
      return true;
    }
    return !first && ((c >= '0' && c <= '9') || c == '.' || c == '-');
  }

  XmlRpcProtocolException error(String what) {
    return error(what, pos);
  }

  private XmlRpcProtocolException error(String what, int at) {
    return new XmlRpcProtocolException(what + " at " + position(at));
  }

  private String position(int at) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at && i < length; i++) {
      if (in[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + " column " + (at - lineStart + 1);
  }
}
