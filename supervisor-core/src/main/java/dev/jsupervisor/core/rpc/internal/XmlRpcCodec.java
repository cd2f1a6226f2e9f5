package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.util.SecureXml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.serializer.TypeSerializer;
import org.apache.xmlrpc.serializer.TypeSerializerImpl;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.server.XmlRpcStreamServer;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Apache XML-RPC's stream server used as a codec only: {@link #parse} reads a methodCall with the
 * library's request parser,
 * {@link #renderResult}/{@link #renderFault} write a methodResponse. Dispatch happens elsewhere
 * so deferred calls never hold the parser. Extensions and exceptions are off on every config:
 * no {@code ex:serializable}, {@code ex:i8}, {@code ex:nil} or {@code faultCause}.
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
    setXMLWriterFactory(Utf8XmlWriter.FACTORY);
    setTypeFactory(new TypedStrings(this));
  }

  /**
   * Writes strings as {@code <string>} elements, as supervisord does; untyped {@code <value>}
   * text is valid XML-RPC, but Go's mattn/go-xmlrpc (node_exporter's supervisord collector)
   * skips to the next element and misreads the struct.
   */
  private static final class TypedStrings extends TypeFactoryImpl {
    private static final TypeSerializer STRING = new TypeSerializerImpl() {
      @Override
      public void write(ContentHandler handler, Object value) throws SAXException {
        write(handler, "string", value.toString());
      }
    };

    TypedStrings(XmlRpcController controller) {
      super(controller);
    }

    @Override
    public TypeSerializer getSerializer(XmlRpcStreamConfig config, Object value)
        throws SAXException {
      return value instanceof String ? STRING : super.getSerializer(config, value);
    }
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

  public byte[] renderResult(Object wireValue) throws XmlRpcException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeResponse(newRequestConfig(), out, wireValue);
    return out.toByteArray();
  }

  public byte[] renderFault(int code, String faultString) throws XmlRpcException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeError(newRequestConfig(), out, new XmlRpcException(code, faultString));
    return out.toByteArray();
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
