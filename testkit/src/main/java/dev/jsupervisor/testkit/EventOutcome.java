package dev.jsupervisor.testkit;

/** What the listener answered to one event. */
public enum EventOutcome {
  /** {@code RESULT 2\nOK}: supervisord considers the event handled. */
  ACCEPTED,
  /** {@code RESULT 4\nFAIL}: supervisord puts the event back and sends it again. */
  REJECTED
}
