package dev.jsupervisor.core.client;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.client.internal.HttpRequests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcStreamTransport;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.xml.sax.SAXException;

/**
 * Carries one XML-RPC call as {@code POST /RPC2} over a pooled keep-alive connection (TCP or
 * UNIX socket). Faults come out as {@link RpcFault}, transport trouble as {@link
 * ClientException}; a new instance serves each call.
 */
final class RpcTransport extends XmlRpcStreamTransport {
  private final Endpoint endpoint;
  private Exchange exchange;

  RpcTransport(XmlRpcClient client, Endpoint endpoint) {
    super(client);
    this.endpoint = endpoint;
  }

  @Override
  protected void writeRequest(ReqWriter writer) throws XmlRpcException, IOException, SAXException {
    // Serialized into memory first so the Content-Length is known before sending.
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    writer.write(buffer);
    byte[] body = buffer.toByteArray();
    byte[] request =
        HttpRequests.post("/RPC2", endpoint.hostHeader(), endpoint.authorization, body);
    exchange = endpoint.send(request);
    int status = exchange.head.status();
    if (status != 200) {
      exchange.close();
      throw ClientException.httpStatus(endpoint.url, status, exchange.head.reason());
    }
  }

  @Override
  protected InputStream getInputStream() {
    return exchange.body();
  }

  @Override
  protected boolean isResponseGzipCompressed(XmlRpcStreamRequestConfig config) {
    return false;
  }

  @Override
  protected Object readResponse(XmlRpcStreamRequestConfig config, InputStream in)
      throws XmlRpcException {
    try {
      return super.readResponse(config, in);
    } catch (XmlRpcException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw endpoint.failure((IOException) cause);
      }
      if (cause != null || e.getClass() != XmlRpcException.class) {
        throw ClientException.of(
            ClientException.Kind.IO,
            endpoint.url + " sent an answer that is not XML-RPC: " + e.getMessage(),
            e);
      }
      throw new RpcFault(e.code, e.getMessage());
    }
  }

  @Override
  protected void close() {
    if (exchange != null) {
      exchange.close();
    }
  }
}
