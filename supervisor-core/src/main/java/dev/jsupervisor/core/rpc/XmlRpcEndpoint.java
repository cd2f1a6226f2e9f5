package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.util.LogLevel;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.internal.MethodRegistry;
import dev.jsupervisor.core.rpc.internal.ReplyBytes;
import dev.jsupervisor.core.rpc.internal.WireValues;
import dev.jsupervisor.core.rpc.internal.XmlRpcCodec;
import dev.jsupervisor.core.util.SecureXml;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.xmlrpc.XmlRpcException;

/**
 * Serves supervisord's XML-RPC API (xmlrpc-api.md) over a {@link SupervisorApi}: parses a
 * methodCall body, resolves the method exactly as supervisord does, waits for deferred results
 * without holding a thread, and renders the methodResponse.
 *
 * <p>Outcomes mirror supervisord: results and faults are {@code 200}; a body that is not a
 * parsable methodCall (including any DOCTYPE, which the hardened parser refuses) or has an empty
 * method name is {@code 400}; an exception other than an {@link RpcFault} escaping the API is
 * {@code 500}. One instance, holding one method table bound to the API, serves every request.
 */
public final class XmlRpcEndpoint {
  private final MethodRegistry registry;
  private final XmlRpcCodec codec = new XmlRpcCodec();
  private final ServerLog log;
  private final RpcObserver observer;
  private final Set<String> known;

  public XmlRpcEndpoint(SupervisorApi api, ServerLog log) {
    this(api, log, RpcObserver.NONE);
  }

  /** As {@link #XmlRpcEndpoint(SupervisorApi, ServerLog)}, telling {@code observer} each request. */
  public XmlRpcEndpoint(SupervisorApi api, ServerLog log, RpcObserver observer) {
    SecureXml.install();
    this.registry = new MethodRegistry(api);
    this.log = log;
    this.observer = observer;
    this.known = Set.copyOf(registry.names());
  }

  /**
   * The answer to one request: an HTTP status and, for 200, the XML body (a fault's or not),
   * whose chunks the sender releases once they are written.
   */
  public record Reply(int status, ReplyBytes content, boolean fault) {
    public Reply(int status, ReplyBytes content) {
      this(status, content, false);
    }

    /** A copy of the body, null when there is none. */
    public byte[] body() {
      return content == null ? null : content.toByteArray();
    }
  }

  /** Every method name this endpoint answers, sorted (what system.listMethods returns). */
  public List<String> methodNames() {
    return registry.names();
  }

  /** Handles one POSTed body; parsing happens on the calling thread. */
  public CompletableFuture<Reply> handle(InputStream body) {
    if (observer == RpcObserver.NONE) {
      return answer(body);
    }
    long start = System.nanoTime();
    String[] method = new String[1];
    return answer(body, method).whenComplete((reply, error) -> observer.onRequest(
        method[0] != null && known.contains(method[0]) ? method[0] : null,
        error != null || reply.status() != 200 ? RpcObserver.Outcome.ERROR
            : reply.fault() ? RpcObserver.Outcome.FAULT : RpcObserver.Outcome.OK,
        System.nanoTime() - start));
  }

  private CompletableFuture<Reply> answer(InputStream body) {
    return answer(body, new String[1]);
  }

  /** Answers one body; {@code method[0]} gets the method name once it is parsed. */
  private CompletableFuture<Reply> answer(InputStream body, String[] method) {
    XmlRpcCodec.Call request;
    try {
      request = codec.parse(body);
    } catch (XmlRpcException | RuntimeException e) {
      log.log(LogLevel.ERROR, "XML-RPC request could not be parsed: " + describe(e));
      return CompletableFuture.completedFuture(new Reply(400, null));
    }
    String name = request.methodName();
    method[0] = name;
    if (name == null || name.isEmpty()) {
      log.log(LogLevel.ERROR, "XML-RPC request without a method name");
      return CompletableFuture.completedFuture(new Reply(400, null));
    }
    List<Object> params = new ArrayList<>(request.params().size());
    for (Object param : request.params()) {
      params.add(WireValues.fromWire(param));
    }
    return registry.call(name, params).handle((value, error) -> render(name, value, error));
  }

  private Reply render(String method, Object value, Throwable error) {
    try {
      if (error == null) {
        return new Reply(200, codec.renderResultBytes(value));
      }
      Throwable cause = MethodRegistry.unwrap(error);
      if (cause instanceof RpcFault fault) {
        return new Reply(200, codec.renderFaultBytes(fault.code(), fault.faultString()), true);
      }
      log.log(LogLevel.ERROR, "XML-RPC method " + method + " failed: " + describe(cause));
      return new Reply(500, null);
    } catch (RuntimeException e) {
      log.log(LogLevel.ERROR, "XML-RPC response of " + method + " could not be written: "
          + describe(e));
      return new Reply(500, null);
    }
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + ": " + root.getMessage();
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
