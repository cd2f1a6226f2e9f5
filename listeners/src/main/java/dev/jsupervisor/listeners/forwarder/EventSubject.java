package dev.jsupervisor.listeners.forwarder;

/**
 * The NATS subject an event is published on:
 * {@code <prefix>.<host>.<EVENT_NAME>.<group>.<process>}, every token made safe for NATS.
 */
public final class EventSubject {
  /** The token that stands for a part an event does not have (a tick has no process). */
  public static final String NONE = "_";

  /** Longest token kept; longer names are cut, since NATS subjects are bounded in practice. */
  static final int MAX_TOKEN = 128;

  private EventSubject() {}

  /** The subject for one event; {@code group} and {@code process} may be null. */
  public static String of(String prefix, String host, String eventName, String group,
      String process) {
    return prefix + '.' + token(host) + '.' + token(eventName) + '.' + token(group) + '.'
        + token(process);
  }

  /**
   * One subject token: anything NATS treats as syntax ({@code .}, {@code *}, {@code >}),
   * whitespace, control and non-ASCII characters become {@code _}; empty or null is {@link
   * #NONE}.
   */
  public static String token(String raw) {
    if (raw == null || raw.isEmpty()) {
      return NONE;
    }
    int length = Math.min(raw.length(), MAX_TOKEN);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = raw.charAt(i);
      boolean safe = c > ' ' && c < 0x7f && c != '.' && c != '*' && c != '>';
      b.append(safe ? c : '_');
    }
    return b.toString();
  }

  /**
   * Checks a subject prefix (one or more dot-separated tokens, no wildcards).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static String checkPrefix(String prefix) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("the subject prefix is empty");
    }
    for (String part : prefix.split("\\.", -1)) {
      if (part.isEmpty() || !part.equals(token(part))) {
        throw new IllegalArgumentException("subject prefix '" + prefix
            + "' must be dot-separated tokens without spaces, '*' or '>'");
      }
    }
    return prefix;
  }
}
