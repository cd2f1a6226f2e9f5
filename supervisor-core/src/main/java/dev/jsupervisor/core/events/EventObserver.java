package dev.jsupervisor.core.events;

/**
 * An in-process watcher of every event the daemon emits (web pages, metrics), whether or not a
 * listener pool wants it; it takes no serial and cannot hold an event back. Called on the
 * daemon's loop thread, so it must only hand the event over (to a queue, an atomic) and return.
 */
@FunctionalInterface
public interface EventObserver {
  void onEvent(Event event);
}
