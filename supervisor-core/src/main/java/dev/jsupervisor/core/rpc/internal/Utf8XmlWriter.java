package dev.jsupervisor.core.rpc.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.serializer.XmlWriterFactory;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;

/**
 * Writes the XML of an XML-RPC answer as UTF-8 text, as supervisord does: only {@code &}, {@code
 * <} and {@code >} are escaped, and a character outside the Basic Multilingual Plane (an emoji
 * in a log line) goes out as its four UTF-8 bytes. The library's own writer sends such a
 * character as two numeric references to its UTF-16 halves, which are not XML characters, so
 * Python's client (and ours) refuse the whole answer. A lone half becomes U+FFFD.
 */
final class Utf8XmlWriter implements ContentHandler {
  /** Makes one writer per answer; install with {@code setXMLWriterFactory}. */
  static final XmlWriterFactory FACTORY = Utf8XmlWriter::create;

  private final Writer out;

  private Utf8XmlWriter(OutputStream out) {
    this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
  }

  private static ContentHandler create(XmlRpcStreamConfig config, OutputStream out) {
    return new Utf8XmlWriter(out);
  }

  @Override
  public void startDocument() throws SAXException {
    write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  }

  @Override
  public void endDocument() throws SAXException {
    try {
      out.flush();
    } catch (IOException e) {
      throw new SAXException(e);
    }
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    StringBuilder tag = new StringBuilder().append('<').append(name(localName, qName));
    for (int i = 0; i < atts.getLength(); i++) {
      tag.append(' ').append(name(atts.getLocalName(i), atts.getQName(i))).append("=\"");
      escape(atts.getValue(i), tag, true);
      tag.append('"');
    }
    write(tag.append('>').toString());
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    write("</" + name(localName, qName) + ">");
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    StringBuilder text = new StringBuilder(length + 16);
    escape(new String(ch, start, length), text, false);
    write(text.toString());
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
    characters(ch, start, length);
  }

  /** Appends {@code s} escaped; surrogate pairs stay pairs, lone halves become U+FFFD. */
  static void escape(String s, StringBuilder to, boolean inAttribute) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> to.append("&amp;");
        case '<' -> to.append("&lt;");
        case '>' -> to.append("&gt;");
        case '"' -> to.append(inAttribute ? "&quot;" : "\"");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            to.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            to.append('\uFFFD');
          } else {
            to.append(c);
          }
        }
      }
    }
  }

  private static String name(String localName, String qName) {
    return qName == null || qName.isEmpty() ? localName : qName;
  }

  private void write(String s) throws SAXException {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new SAXException(new UncheckedIOException(e));
    }
  }

  @Override
  public void setDocumentLocator(Locator locator) {}

  @Override
  public void startPrefixMapping(String prefix, String uri) {}

  @Override
  public void endPrefixMapping(String prefix) {}

  @Override
  public void processingInstruction(String target, String data) {}

  @Override
  public void skippedEntity(String name) {}
}
