package dev.jsupervisor.core.rpc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One XML-RPC method: its full name, documented parameters and return value (the source of both
 * {@code system.methodHelp} and {@code system.methodSignature}), and how to invoke it.
 */
public record RpcMethod(
    String name,
    String summary,
    List<Param> params,
    int requiredParams,
    Param returns,
    Invoker invoker) {

  /** A documented parameter or return value: XML-RPC type, name and meaning. */
  public record Param(String type, String name, String doc) {}

  /** Runs the call; may throw an RpcFault or return a future that fails with one. */
  @FunctionalInterface
  public interface Invoker {
    CompletableFuture<?> invoke(Args args);
  }

  /** {@code [return type, parameter types...]}. */
  public List<String> signature() {
    List<String> sig = new ArrayList<>();
    sig.add(returns.type());
    params.forEach(p -> sig.add(p.type()));
    return sig;
  }

  /** The help text: a summary, then one {@code @param}/{@code @return} line per value. */
  public String help() {
    StringBuilder sb = new StringBuilder(summary).append("\n\n");
    for (Param p : params) {
      sb.append("@param ").append(p.type()).append(' ').append(p.name()).append(' ')
          .append(p.doc()).append('\n');
    }
    sb.append("@return ").append(returns.type()).append(' ').append(returns.name()).append(' ')
        .append(returns.doc()).append('\n');
    return sb.toString();
  }

  /** Checks the argument count, then invokes. */
  public CompletableFuture<?> call(List<Object> values) {
    if (values.size() < requiredParams || values.size() > params.size()) {
      throw Args.incorrect();
    }
    return invoker.invoke(new Args(values));
  }
}
