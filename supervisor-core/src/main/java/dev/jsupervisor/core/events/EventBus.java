package dev.jsupervisor.core.events;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Routes emitted events to the listener pools subscribed to their type, in pool priority
 * order, and numbers them: the global serial is taken only when at least one pool accepts the
 * event, so events nobody listens to consume no number (events.md §4). Lives as long as the
 * daemon, so serials continue across reloads. Used only from the daemon's loop thread.
 */
public final class EventBus {
  /** Changed on the loop thread; copy-on-write so that {@link #pools()} works from any thread. */
  private final List<ListenerPool> pools = new CopyOnWriteArrayList<>();
  /** Registered from any thread (servers start beside the loop); read on the loop thread. */
  private final List<EventObserver> observers = new CopyOnWriteArrayList<>();
  private long lastSerial = -1;

  /** Adds a pool; among pools of equal priority, earlier subscribers come first. */
  public void subscribe(ListenerPool pool) {
    if (pools.contains(pool)) {
      throw new IllegalArgumentException("pool " + pool.name() + " is already subscribed");
    }
    pools.add(pool);
    pools.sort(Comparator.comparingInt(ListenerPool::priority));
  }

  /** Removes a pool (group removed or reload); it receives nothing more. */
  public void unsubscribe(ListenerPool pool) {
    pools.remove(pool);
  }

  /** The subscribed pools in delivery order (a snapshot; callable from any thread). */
  public List<ListenerPool> pools() {
    return List.copyOf(pools);
  }

  /** Adds an in-process observer that sees every event published from now on. */
  public void observe(EventObserver observer) {
    observers.add(observer);
  }

  /** Removes an observer (its server stopped). */
  public void unobserve(EventObserver observer) {
    observers.remove(observer);
  }

  /**
   * Hands {@code event} to every subscribed pool, then to every observer, and returns the serial it got, or empty
   * when no pool wanted it.
   */
  public OptionalLong publish(Event event) {
    long serial = -1;
    for (ListenerPool pool : pools) {
      if (!pool.subscribesTo(event.type())) {
        continue;
      }
      if (serial < 0) {
        lastSerial = lastSerial == Long.MAX_VALUE ? 0 : lastSerial + 1;
        serial = lastSerial;
      }
      pool.accept(serial, event);
    }
    for (EventObserver observer : observers) {
      observer.onEvent(event);
    }
    return serial < 0 ? OptionalLong.empty() : OptionalLong.of(serial);
  }
}
