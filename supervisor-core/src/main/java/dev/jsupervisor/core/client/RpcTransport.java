package dev.jsupervisor.core.client;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.client.internal.BoundedBody;
import dev.jsupervisor.core.client.internal.HttpRequests;
import dev.jsupervisor.core.client.internal.XmlRpcProtocolException;
import dev.jsupervisor.core.client.internal.XmlRpcRequestWriter;
import dev.jsupervisor.core.client.internal.XmlRpcResponseReader;
import java.io.IOException;

/**
 * Carries XML-RPC calls as {@code POST /RPC2} over an endpoint's pooled keep-alive connections
 * (TCP or UNIX socket). Faults come out as {@link RpcFault}, transport trouble and answers that
 * are not XML-RPC as {@link ClientException}.
 */
final class RpcTransport {
  /** The largest answer read; a whole 50 MB log as XML text stays under it. */
  static final int MAX_ANSWER_BYTES = 128 * 1024 * 1024;

  private final Endpoint endpoint;

  RpcTransport(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  Object call(String method, Object[] params) {
    byte[] body;
    try {
      body = XmlRpcRequestWriter.write(method, params);
    } catch (IllegalArgumentException e) {
      throw ClientException.of(
          ClientException.Kind.IO, endpoint.url + " call " + method + " failed: " + e.getMessage(), e);
    }
    Exchange exchange =
        endpoint.send(HttpRequests.post("/RPC2", endpoint.hostHeader(), endpoint.authorization, body));
    int status = exchange.head.status();
    if (status != 200) {
      exchange.close();
      throw ClientException.httpStatus(endpoint.url, status, exchange.head.reason());
    }
    byte[] answer;
    try {
      long length = exchange.head.isChunked() ? -1 : exchange.head.contentLength();
      answer = BoundedBody.read(exchange.body(), length, MAX_ANSWER_BYTES);
    } catch (IOException e) {
      exchange.abort();
      throw endpoint.failure(e);
    } catch (XmlRpcProtocolException e) {
      exchange.abort();
      throw notXmlRpc(e);
    }
    exchange.close(); // read to its end: the connection goes back to the pool
    try {
      return XmlRpcResponseReader.read(answer);
    } catch (XmlRpcProtocolException e) {
      throw notXmlRpc(e);
    }
  }

  private ClientException notXmlRpc(XmlRpcProtocolException e) {
    return ClientException.of(
        ClientException.Kind.IO, endpoint.url + " sent an answer that is not XML-RPC: " + e.getMessage(), e);
  }
}
