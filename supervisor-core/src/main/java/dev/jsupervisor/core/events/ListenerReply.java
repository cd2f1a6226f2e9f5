package dev.jsupervisor.core.events;

import java.util.List;

/**
 * One thing a listener said on stdout, as recognised by {@link ListenerReplyParser}, with the
 * warnings supervisord would log for it (already prefixed with the listener's name).
 */
public record ListenerReply(Kind kind, List<String> warnings) {

  /** What happened to the listener and to the event it held. */
  public enum Kind {
    /** {@code READY\n}: ACKNOWLEDGED -> READY. */
    READY,
    /** A result with body {@code OK}: the event is done; BUSY -> ACKNOWLEDGED. */
    ACCEPTED,
    /** A well-formed result with any other body: the event goes back; BUSY -> ACKNOWLEDGED. */
    REJECTED,
    /** A protocol violation while BUSY: the event goes back and the listener is UNKNOWN. */
    VIOLATION_WHILE_BUSY,
    /** A protocol violation with no event held: the listener is UNKNOWN. */
    VIOLATION
  }

  public ListenerReply {
    warnings = List.copyOf(warnings);
  }

  /** True when the event the listener held must be buffered again. */
  public boolean rejectsEvent() {
    return kind == Kind.REJECTED || kind == Kind.VIOLATION_WHILE_BUSY;
  }
}
