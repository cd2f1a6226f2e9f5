package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.util.SecureXml;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.server.XmlRpcStreamServer;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The daemon's XML-RPC codec: {@link #parse} reads a methodCall with Apache XML-RPC's request
 * parser (extensions off: no {@code ex:serializable}, {@code ex:i8} or {@code ex:nil}) behind
 * the hardened SAX parser; {@link #renderResult}/{@link #renderFault} write a methodResponse in
 * supervisord's exact shape ({@link PythonMarshaller}). Dispatch happens elsewhere so deferred
 * calls never hold the parser.
 */
public final class XmlRpcCodec extends XmlRpcStreamServer {
  /** Element nesting allowed in a request; supervisord's calls need fewer than 20. */
  public static final int MAX_ELEMENT_DEPTH = 200;

  private static final String MAX_DEPTH_PROPERTY =
      "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

  private static final ErrorHandler THROWING = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  /** Stands in for the last request's handler, so an idle reader holds no request's values. */
  private static final DefaultHandler NO_HANDLER = new DefaultHandler();

  private final SAXParserFactory saxFactory = SecureXml.newHardenedFactory();
  /**
   * One reader per HTTP thread, reused: a new JDK parser costs about 100 KB of garbage and a
   * fresh scanner set per request, and it resets itself at the start of every parse.
   */
  private final ThreadLocal<XMLReader> readers = new ThreadLocal<>();

  public XmlRpcCodec() {
    XmlRpcServerConfigImpl serverConfig = new XmlRpcServerConfigImpl();
    serverConfig.setEnabledForExtensions(false);
    serverConfig.setEnabledForExceptions(false);
    serverConfig.setContentLengthOptional(false);
    serverConfig.setEncoding("UTF-8");
    setConfig(serverConfig);
  }

  /** A parsed methodCall: the method name as sent (maybe null or empty) and the raw params. */
  public record Call(String methodName, List<Object> params) {}

  /**
   * Parses a methodCall with the hardened SAX parser, refusing documents nested deeper than
   * {@value #MAX_ELEMENT_DEPTH} elements (the library's parsers recurse once per level).
   *
   * @throws XmlRpcException for any XML or XML-RPC error
   */
  public Call parse(InputStream body) throws XmlRpcException {
    XmlRpcRequestParser handler = new XmlRpcRequestParser(newRequestConfig(), getTypeFactory());
    XMLReader reader = readers.get();
    try {
      if (reader == null) {
        reader = newReader();
        readers.set(reader);
      }
      reader.setContentHandler(handler);
      reader.parse(new InputSource(body));
      reader.setContentHandler(NO_HANDLER);
    } catch (SAXException | IOException e) {
      readers.remove(); // a reader that failed mid-document is not trusted again
      throw new XmlRpcException("cannot parse the request: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      readers.remove();
      // The library's handler trips over some misplaced elements (a <param> outside <params>).
      throw new XmlRpcException("cannot parse the request: " + e, e);
    }
    List<?> params = handler.getParams();
    return new Call(handler.getMethodName(), params == null ? List.of() : List.copyOf(params));
  }

  private XMLReader newReader() throws SAXException {
    SAXParser parser;
    synchronized (saxFactory) {
      try {
        parser = saxFactory.newSAXParser();
      } catch (ParserConfigurationException e) {
        throw new SAXException(e);
      }
    }
    parser.setProperty(MAX_DEPTH_PROPERTY, MAX_ELEMENT_DEPTH);
    XMLReader reader = parser.getXMLReader();
    // Without a handler the JDK parser also prints every error to stderr: a client could fill
    // the daemon's console with text of its choosing. The caller logs the thrown error once.
    reader.setErrorHandler(THROWING);
    return reader;
  }

  /** A methodResponse carrying {@code wireValue} (see {@link WireValues#toWire}). */
  public byte[] renderResult(Object wireValue) {
    return PythonMarshaller.result(wireValue);
  }

  /**
   * As {@link #renderResult}, into pooled chunks the caller releases once they are sent.
   *
   * @throws IllegalArgumentException for a value with no wire form
   * @throws IllegalStateException for an answer longer than {@link ReplyBytes#MAX_BYTES}
   */
  public ReplyBytes renderResultBytes(Object wireValue) {
    ReplyBytes out = new ReplyBytes();
    try {
      PythonMarshaller.result(wireValue, out);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /** A methodResponse carrying a fault. */
  public byte[] renderFault(int code, String faultString) {
    return PythonMarshaller.fault(code, faultString);
  }

  /** As {@link #renderFault}, into pooled chunks the caller releases once they are sent. */
  public ReplyBytes renderFaultBytes(int code, String faultString) {
    ReplyBytes out = new ReplyBytes();
    try {
      PythonMarshaller.fault(code, faultString, out);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private static XmlRpcStreamRequestConfig newRequestConfig() {
    XmlRpcHttpRequestConfigImpl config = new XmlRpcHttpRequestConfigImpl();
    config.setEnabledForExtensions(false);
    config.setEnabledForExceptions(false);
    config.setGzipCompressing(false);
    config.setGzipRequesting(false);
    config.setEncoding("UTF-8");
    return config;
  }
}
