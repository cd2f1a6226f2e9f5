package dev.jsupervisor.core.events;

import java.util.List;

/**
 * What a listener pool looks like from outside the daemon's loop (metrics): read from any
 * thread, as of the pool's last dispatch.
 *
 * @param buffered events waiting in the buffer
 * @param overflows events discarded because the buffer was full
 * @param redeliveries events put back at the head (listener died, respawned or rejected them)
 * @param listeners each listener process's protocol state, in configuration order
 */
public record PoolStats(String name, int bufferSize, int buffered, long overflows,
    long redeliveries, List<ListenerStat> listeners) {

  /** One listener process and its protocol state. */
  public record ListenerStat(String name, ListenerState state) {}
}
