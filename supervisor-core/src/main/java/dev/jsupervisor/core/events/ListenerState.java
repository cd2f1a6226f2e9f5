package dev.jsupervisor.core.events;

/** The protocol state of one event listener process, apart from its process state (events.md §1). */
public enum ListenerState {
  /** May be sent one event. */
  READY(10),
  /** An event was sent; waiting for its result. */
  BUSY(20),
  /** Initial state after every spawn and after each result; waiting for {@code READY\n}. */
  ACKNOWLEDGED(30),
  /** The listener broke the protocol; it gets no events until it is respawned. */
  UNKNOWN(40);

  private final int code;

  ListenerState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
