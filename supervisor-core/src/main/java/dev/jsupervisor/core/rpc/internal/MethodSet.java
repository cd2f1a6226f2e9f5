package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.rpc.internal.RpcMethod.Invoker;
import dev.jsupervisor.core.rpc.internal.RpcMethod.Param;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A sorted set of methods with a small builder that keeps each definition on a few lines. */
public final class MethodSet {
  private final Map<String, RpcMethod> methods = new TreeMap<>();

  /** Starts the definition of method {@code name}. */
  public Definition define(String name, String summary) {
    return new Definition(name, summary);
  }

  public RpcMethod get(String name) {
    return methods.get(name);
  }

  /** Full names in string order, as {@code system.listMethods} sends them. */
  public List<String> names() {
    return List.copyOf(methods.keySet());
  }

  public Map<String, RpcMethod> asMap() {
    return Collections.unmodifiableMap(methods);
  }

  /** A method under construction. */
  public final class Definition {
    private final String name;
    private final String summary;
    private final List<Param> params = new ArrayList<>();
    private int required;
    private Param returns;

    private Definition(String name, String summary) {
      this.name = name;
      this.summary = summary;
    }

    public Definition param(String type, String paramName, String doc) {
      if (required != params.size()) {
        throw new IllegalStateException(name + ": required parameter after an optional one");
      }
      params.add(new Param(type, paramName, doc));
      required++;
      return this;
    }

    public Definition optional(String type, String paramName, String doc) {
      params.add(new Param(type, paramName, doc));
      return this;
    }

    public Definition returns(String type, String valueName, String doc) {
      returns = new Param(type, valueName, doc);
      return this;
    }

    public void invoke(Invoker invoker) {
      if (returns == null) {
        throw new IllegalStateException(name + ": no return value documented");
      }
      RpcMethod m = new RpcMethod(name, summary, List.copyOf(params), required, returns, invoker);
      if (methods.putIfAbsent(name, m) != null) {
        throw new IllegalStateException("method defined twice: " + name);
      }
    }
  }
}
