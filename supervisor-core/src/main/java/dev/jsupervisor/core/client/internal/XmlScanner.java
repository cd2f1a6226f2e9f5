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

  private final String in;
  private int pos;
  private String name;
  private final StringBuilder text = new StringBuilder();
  private String pendingEnd;

  XmlScanner(String document) throws XmlRpcProtocolException {
    this.in = document;
    if (in.startsWith("\uFEFF")) {
      pos = 1;
    }
    if (in.startsWith("<?xml", pos) && pos + 5 < in.length() && isSpace(in.charAt(pos + 5))) {
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

  /** Where the scanner stands, for error messages: {@code line L column C}. */
  String position() {
    return position(pos);
  }

  Token next() throws XmlRpcProtocolException {
    if (pendingEnd != null) {
      name = pendingEnd;
      pendingEnd = null;
      return Token.END;
    }
    while (in.startsWith("<!--", pos)) {
      skipComment();
    }
    if (pos >= in.length()) {
      return Token.EOF;
    }
    if (in.charAt(pos) != '<' || in.startsWith("<![CDATA[", pos)) {
      readText();
      return Token.TEXT;
    }
    int start = pos;
    if (in.startsWith("<!DOCTYPE", pos)) {
      throw error("a DOCTYPE is not allowed", start);
    }
    if (in.startsWith("<!", pos)) {
      throw error("markup declarations are not allowed", start);
    }
    if (in.startsWith("<?", pos)) {
      throw error("processing instructions are not allowed", start);
    }
    if (in.startsWith("</", pos)) {
      pos += 2;
      name = readName();
      skipSpace();
      expect('>', "'>' to close </" + name);
      return Token.END;
    }
    pos++;
    name = readName();
    while (true) {
      boolean spaced = skipSpace();
      if (pos >= in.length()) {
        throw error("the document ends inside the tag <" + name, start);
      }
      char c = in.charAt(pos);
      if (c == '>') {
        pos++;
        return Token.START;
      }
      if (c == '/') {
        pos++;
        expect('>', "'>' after '/' in <" + name);
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
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c == '<') {
        if (in.startsWith("<![CDATA[", pos)) {
          readCdata();
          continue;
        }
        if (in.startsWith("<!--", pos)) {
          skipComment();
          continue;
        }
        return;
      }
      if (c == '&') {
        readReference();
      } else if (c == '\r') {
        text.append('\n');
        pos += pos + 1 < in.length() && in.charAt(pos + 1) == '\n' ? 2 : 1;
      } else {
        checkChar(c, pos);
        text.append(c);
        pos++;
      }
    }
  }

  private void readCdata() throws XmlRpcProtocolException {
    int start = pos;
    int end = in.indexOf("]]>", pos + 9);
    if (end < 0) {
      throw error("the document ends inside a CDATA section", start);
    }
    for (int i = pos + 9; i < end; i++) {
      char c = in.charAt(i);
      if (c == '\r') {
        text.append('\n');
        if (i + 1 < end && in.charAt(i + 1) == '\n') {
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
    int end = in.indexOf("-->", pos + 4);
    if (end < 0) {
      throw error("the document ends inside a comment", pos);
    }
    pos = end + 3;
  }

  /** A reference at {@code pos} ('&'): one of the five predefined entities or a character. */
  private void readReference() throws XmlRpcProtocolException {
    int start = pos;
    int semicolon = in.indexOf(';', pos);
    if (semicolon < 0 || semicolon - pos > 12) {
      throw error("'&' starts no complete reference (write &amp; for a literal '&')", start);
    }
    String ref = in.substring(pos + 1, semicolon);
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
    if (pos >= in.length() || (in.charAt(pos) != '"' && in.charAt(pos) != '\'')) {
      throw error("expected a quoted value for the attribute " + attribute, pos);
    }
    char quote = in.charAt(pos++);
    int start = pos;
    while (pos < in.length() && in.charAt(pos) != quote) {
      char c = in.charAt(pos);
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
    if (pos >= in.length()) {
      throw error("the document ends inside the value of the attribute " + attribute, start);
    }
    pos++;
  }

  /** {@code <?xml version="1.0" encoding="..."?>}: only UTF-8 (or its ASCII subset) is read. */
  private void readDeclaration() throws XmlRpcProtocolException {
    int start = pos;
    int end = in.indexOf("?>", pos);
    if (end < 0) {
      throw error("the document ends inside the XML declaration", start);
    }
    String declaration = in.substring(pos + 5, end);
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
    while (pos < in.length() && isNameChar(in.charAt(pos), pos == start)) {
      pos++;
    }
    if (pos == start) {
      throw error(pos >= in.length() ? "the document ends inside a tag" : "expected a name", pos);
    }
    return in.substring(start, pos);
  }

  private boolean skipSpace() {
    int start = pos;
    while (pos < in.length() && isSpace(in.charAt(pos))) {
      pos++;
    }
    return pos > start;
  }

  private void expect(char c, String what) throws XmlRpcProtocolException {
    if (pos >= in.length()) {
      throw error("the document ends where " + what + " was expected", pos);
    }
    if (in.charAt(pos) != c) {
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
    for (int i = 0; i < at && i < in.length(); i++) {
      if (in.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + " column " + (at - lineStart + 1);
  }
}
