package dev.jsupervisor.core.api;

/**
 * A process name argument as supervisord reads it: {@code name}, {@code group:name},
 * {@code group:*} or {@code group:} (xmlrpc-api.md §3).
 *
 * @param group the group part (the whole text when it has no colon)
 * @param process the process part, or null for a whole group ({@code group:*} / {@code group:})
 */
public record Namespec(String group, String process) {

  /** Splits on the first colon only; a bare name means group and process of that name. */
  public static Namespec parse(String spec) {
    int colon = spec.indexOf(':');
    if (colon < 0) {
      return new Namespec(spec, spec);
    }
    String group = spec.substring(0, colon);
    String process = spec.substring(colon + 1);
    if (process.isEmpty() || process.equals("*")) {
      process = null;
    }
    return new Namespec(group, process);
  }

  public boolean isWholeGroup() {
    return process == null;
  }

  /** supervisord's display name: {@code name} when group equals name, else {@code group:name}. */
  public static String display(String group, String process) {
    return group.equals(process) ? process : group + ":" + process;
  }
}
