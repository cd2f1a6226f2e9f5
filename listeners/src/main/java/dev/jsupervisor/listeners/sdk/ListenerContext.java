package dev.jsupervisor.listeners.sdk;

import java.util.Map;
import java.util.Optional;

/**
 * What the supervisor tells a child through its environment: where to reach the daemon's
 * XML-RPC interface, who the child is, and (optionally, never set by supervisord itself) the
 * credentials to use.
 */
public record ListenerContext(
    Optional<String> serverUrl,
    Optional<String> processName,
    Optional<String> groupName,
    boolean supervised,
    Optional<String> username,
    Optional<String> password) {

  /** The context of this process. */
  public static ListenerContext fromEnvironment() {
    return from(System.getenv());
  }

  /** The context described by {@code env} (SUPERVISOR_* variables). */
  public static ListenerContext from(Map<String, String> env) {
    return new ListenerContext(
        value(env, "SUPERVISOR_SERVER_URL"),
        value(env, "SUPERVISOR_PROCESS_NAME"),
        value(env, "SUPERVISOR_GROUP_NAME"),
        "1".equals(env.get("SUPERVISOR_ENABLED")),
        value(env, "SUPERVISOR_USERNAME"),
        value(env, "SUPERVISOR_PASSWORD"));
  }

  @Override
  public String toString() {
    return "ListenerContext[serverUrl=" + serverUrl + ", processName=" + processName
        + ", groupName=" + groupName + ", supervised=" + supervised + ", username=" + username
        + ", password=" + (password.isPresent() ? "<hidden>" : "none") + "]";
  }

  private static Optional<String> value(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }
}
