package dev.jsupervisor.testkit;

import java.util.List;

/**
 * One XML-RPC call the listener made to the fake supervisor.
 *
 * @param sequence 0 for the first call, counting up (shown as #n in messages)
 * @param method the full method name, e.g. {@code supervisor.startProcess}
 * @param args the arguments as the API received them
 * @param virtualMillis the fake's wall clock when the call arrived
 */
public record RecordedCall(long sequence, String method, List<Object> args, long virtualMillis) {

  public RecordedCall {
    args = List.copyOf(args);
  }

  /** The first argument as text, typically the process name. */
  public String firstArg() {
    return args.isEmpty() ? null : String.valueOf(args.get(0));
  }

  /** True when the method matches, given either fully or without the {@code supervisor.} prefix. */
  public boolean is(String name) {
    return method.equals(CallLog.qualify(name));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(method).append('(');
    for (int i = 0; i < args.size(); i++) {
      sb.append(i == 0 ? "" : ", ");
      Object a = args.get(i);
      sb.append(a instanceof String s ? "'" + s + "'" : String.valueOf(a));
    }
    return sb.append(')').toString();
  }
}
