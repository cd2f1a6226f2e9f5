package dev.jsupervisor.core.events;

import java.util.Objects;

/** An event as one pool holds it: with its global serial and that pool's serial. */
public record BufferedEvent(long serial, long poolSerial, Event event) {
  public BufferedEvent {
    Objects.requireNonNull(event, "event");
  }
}
