package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.events.EventBus;
import dev.jsupervisor.core.rpc.HttpSurface;
import dev.jsupervisor.core.rpc.SupervisorApi;
import java.util.List;

/**
 * Wires the metrics into a daemon: one event tally for the daemon's life (so counters survive a
 * server restart on reload), and a {@code /metrics} surface on every HTTP server.
 */
public final class Metrics {
  private Metrics() {}

  /** Starts counting {@code bus}'s events now and returns the surfaces for each server. */
  public static HttpSurface.Factory surfaces(SupervisorApi api, EventBus bus) {
    EventTally tally = new EventTally();
    bus.observe(tally);
    return config -> List.of(new MetricsSurface(api, tally));
  }
}
