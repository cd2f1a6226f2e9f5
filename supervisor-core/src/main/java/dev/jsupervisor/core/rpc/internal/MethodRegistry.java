package dev.jsupervisor.core.rpc.internal;

import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.SupervisorApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Resolves and runs calls by full method name, supervisord style: {@code supervisor.*} from the
 * API plus the {@code system.*} introspection methods and {@code system.multicall}. One instance
 * serves every request; results come back already in wire form.
 */
public final class MethodRegistry {
  private static final String MULTICALL = "system.multicall";

  private final MethodSet methods = new MethodSet();

  public MethodRegistry(SupervisorApi api) {
    SupervisorMethods.defineAll(methods, api);
    defineSystem();
  }

  /** Every method name, sorted. */
  public List<String> names() {
    return methods.names();
  }

  public RpcMethod method(String name) {
    return methods.get(name);
  }

  /**
   * Runs one call. The future completes with the wire value, or exceptionally with an
   * {@link RpcFault} (sent as a fault) or any other exception (a server bug).
   */
  public CompletableFuture<Object> call(String name, List<Object> params) {
    RpcMethod m = methods.get(name);
    if (m == null) {
      return CompletableFuture.failedFuture(new RpcFault(Fault.UNKNOWN_METHOD));
    }
    try {
      CompletableFuture<?> result = m.call(params);
      if (result == null) {
        return CompletableFuture.failedFuture(new IllegalStateException(name + " returned no future"));
      }
      return result.thenApply(WireValues::toWire);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The cause that matters inside a CompletableFuture failure. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private void defineSystem() {
    methods.define("system.listMethods", "List the names of every method this server offers.")
        .returns("array", "result", "Method names, sorted")
        .invoke(a -> completedFuture(methods.names()));
    methods.define("system.methodHelp", "Describe a method.")
        .param("string", "name", "The full method name")
        .returns("string", "help", "The method's description and parameter list")
        .invoke(a -> completedFuture(known(a.string(0)).help()));
    methods.define("system.methodSignature", "Report the types a method takes and returns.")
        .param("string", "name", "The full method name")
        .returns("array", "result", "The return type followed by the parameter types")
        .invoke(a -> completedFuture(known(a.string(0)).signature()));
    methods.define(MULTICALL, "Run several calls in one request, one after the other; each "
            + "result is the plain value of its call, or a struct with faultCode and faultString.")
        .param("array", "calls", "Structs with methodName and params")
        .returns("array", "results", "One result per call, in order")
        .invoke(a -> multicall(a.array(0)));
  }

  private RpcMethod known(String name) {
    RpcMethod m = methods.get(name);
    if (m == null) {
      throw new RpcFault(Fault.SIGNATURE_UNSUPPORTED);
    }
    return m;
  }

  private CompletableFuture<List<Object>> multicall(List<Object> calls) {
    List<Object> results = new ArrayList<>(calls.size());
    CompletableFuture<Void> chain = completedFuture(null);
    for (Object call : calls) {
      // Each call starts only when the previous one (deferred or not) has finished.
      chain = chain.thenCompose(ignored -> runOne(call)).thenAccept(results::add);
    }
    return chain.thenApply(ignored -> results);
  }

  private CompletableFuture<Object> runOne(Object call) {
    Object name = call instanceof Map<?, ?> m ? m.get("methodName") : null;
    if (!(name instanceof String methodName)) {
      return completedFuture(faultStruct(new RpcFault(Fault.INCORRECT_PARAMETERS, "No methodName")));
    }
    if (methodName.equals(MULTICALL)) {
      return completedFuture(faultStruct(
          new RpcFault(Fault.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden")));
    }
    Object params = ((Map<?, ?>) call).get("params");
    List<Object> args;
    if (params == null) {
      args = List.of();
    } else if (params instanceof List<?> list) {
      args = new ArrayList<>(list);
    } else {
      return completedFuture(faultStruct(new RpcFault(Fault.INCORRECT_PARAMETERS)));
    }
    return call(methodName, args).handle((value, error) -> {
      if (error == null) {
        return value;
      }
      Throwable cause = unwrap(error);
      if (cause instanceof RpcFault fault) {
        return faultStruct(fault);
      }
      return faultStruct(new RpcFault(Fault.FAILED,
          cause.getClass().getSimpleName() + ":" + cause.getMessage()));
    });
  }

  private static Map<String, Object> faultStruct(RpcFault fault) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("faultCode", fault.code());
    m.put("faultString", fault.faultString());
    return m;
  }
}
