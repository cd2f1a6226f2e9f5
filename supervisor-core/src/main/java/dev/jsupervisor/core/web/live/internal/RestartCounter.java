package dev.jsupervisor.core.web.live.internal;

import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventObserver;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.ProcessStateChange;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts, per process, the spawns after its first one since the daemon started (every entry into
 * STARTING is a spawn). Registered at start so no spawn is missed; on the loop thread it only
 * bumps an atomic counter.
 */
public final class RestartCounter implements EventObserver {
  /** Processes tracked at most; beyond that new names are not counted (bounded memory). */
  static final int MAX_PROCESSES = 100_000;

  private final Map<String, AtomicInteger> spawns = new ConcurrentHashMap<>();

  @Override
  public void onEvent(Event event) {
    if (event.type() != EventType.PROCESS_STATE_STARTING) {
      return;
    }
    ProcessStateChange change = ProcessStateChange.of(event);
    if (change == null) {
      return;
    }
    String key = key(change.group(), change.name());
    AtomicInteger count = spawns.get(key);
    if (count == null && spawns.size() < MAX_PROCESSES) {
      count = spawns.computeIfAbsent(key, k -> new AtomicInteger());
    }
    if (count != null) {
      count.incrementAndGet();
    }
  }

  /** Spawns of {@code group}/{@code name} beyond the first, 0 when it never started. */
  public int restarts(String group, String name) {
    AtomicInteger count = spawns.get(key(group, name));
    return count == null ? 0 : Math.max(0, count.get() - 1);
  }

  private static String key(String group, String name) {
    return group + '\u0000' + name;
  }
}
