package dev.jsupervisor.listeners.sdk;

/** What a listener does with each event; the answer decides whether it is redelivered. */
@FunctionalInterface
public interface EventHandler {

  /** The answer sent back for an event. */
  enum Result {
    /** Done: {@code RESULT 2\nOK}. */
    OK,
    /** Please send it again: {@code RESULT 4\nFAIL}; the supervisor redelivers it at once. */
    FAIL
  }

  /**
   * Handles one event. Throwing is answered as described in {@link EventListener}; it never
   * stops the listener.
   */
  Result handle(ListenerEvent event) throws Exception;
}
