package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.RpcFault;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one call, read with Python's leniency where supervisord has it (truthy
 * booleans, signals as int or string) and INCORRECT_PARAMETERS everywhere else.
 */
public final class Args {
  private final List<Object> values;

  public Args(List<Object> values) {
    this.values = values;
  }

  public int size() {
    return values.size();
  }

  public String string(int i) {
    Object v = values.get(i);
    if (v instanceof String s) {
      return s;
    }
    throw incorrect();
  }

  public int integer(int i) {
    Object v = values.get(i);
    if (v instanceof Integer n) {
      return n;
    }
    if (v instanceof Boolean b) { // Python's bool is an int
      return b ? 1 : 0;
    }
    throw incorrect();
  }

  /** Python truthiness, as supervisord tests its {@code wait} flags; absent means true. */
  public boolean flag(int i) {
    if (i >= values.size()) {
      return true;
    }
    Object v = values.get(i);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** A signal given as a name or a number; numbers are passed on as text. */
  public String signal(int i) {
    Object v = values.get(i);
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Integer n) {
      return n.toString();
    }
    throw incorrect();
  }

  /** stdin text; anything else is {@code INCORRECT_PARAMETERS: <value>} as supervisord says. */
  public String stdinChars(int i) {
    Object v = values.get(i);
    if (v instanceof String s) {
      return s;
    }
    throw new RpcFault(Fault.INCORRECT_PARAMETERS, String.valueOf(v));
  }

  public List<Object> array(int i) {
    Object v = values.get(i);
    if (v instanceof List<?> list) {
      @SuppressWarnings("unchecked")
      List<Object> objects = (List<Object>) list;
      return objects;
    }
    throw incorrect();
  }

  static RpcFault incorrect() {
    return new RpcFault(Fault.INCORRECT_PARAMETERS);
  }
}
