package dev.jsupervisor.core.rpc.internal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.server.XmlRpcStreamServer;

/**
 * Apache XML-RPC's stream server used as a codec only: {@link #parse} reads a methodCall,
 * {@link #renderResult}/{@link #renderFault} write a methodResponse. Dispatch happens elsewhere
 * so deferred calls never hold the parser. Extensions and exceptions are off on every config:
 * no {@code ex:serializable}, {@code ex:i8}, {@code ex:nil} or {@code faultCause}.
 */
public final class XmlRpcCodec extends XmlRpcStreamServer {

  public XmlRpcCodec() {
    XmlRpcServerConfigImpl serverConfig = new XmlRpcServerConfigImpl();
    serverConfig.setEnabledForExtensions(false);
    serverConfig.setEnabledForExceptions(false);
    serverConfig.setContentLengthOptional(false);
    serverConfig.setEncoding("UTF-8");
    setConfig(serverConfig);
  }

  /** Parses a methodCall; any XML or XML-RPC error is an XmlRpcException. */
  public XmlRpcRequest parse(InputStream body) throws XmlRpcException {
    return getRequest(newRequestConfig(), body);
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
