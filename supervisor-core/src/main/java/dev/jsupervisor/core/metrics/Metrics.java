package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.events.EventBus;
import dev.jsupervisor.core.events.ListenerPool;
import dev.jsupervisor.core.events.PoolStats;
import dev.jsupervisor.core.config.HttpServerConfig;
import dev.jsupervisor.core.rpc.HttpSurface;
import dev.jsupervisor.core.rpc.RpcObserver;
import dev.jsupervisor.core.rpc.SupervisorApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Wires the metrics into a daemon: one event tally for the daemon's life (so counters survive a
 * server restart on reload), a {@code /metrics} surface on every HTTP server, and the optional
 * unauthenticated loopback port of {@code [jsupervisor_metrics]}.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Starts counting {@code bus}'s events now, opens the no-auth port when {@code sections} has
   * one, and returns the surfaces for each server. Pages are rendered on one thread of the
   * metrics' own that first runs {@code lowerThreadPriority}: a back-to-back scrape loop then
   * takes CPU from the daemon's other clients only when they leave it idle.
   *
   * @throws IllegalArgumentException for a bad {@code [jsupervisor_metrics]} section
   * @throws IOException when its port cannot be bound
   */
  public static HttpSurface.Factory surfaces(SupervisorApi api, EventBus bus,
      Map<String, Map<String, String>> sections, Runnable lowerThreadPriority)
      throws IOException {
    Optional<InetSocketAddress> openPort = MetricsPortConfig.read(sections);
    EventTally tally = new EventTally();
    RpcTally rpc = new RpcTally();
    bus.observe(tally);
    LazyPage page = new LazyPage();
    ThreadFactory renderThreads = r -> {
      Thread t = new Thread(() -> {
        lowerThreadPriority.run();
        r.run();
      }, "metrics-render");
      t.setDaemon(true);
      return t;
    };
    Executor renderer = Executors.newSingleThreadExecutor(renderThreads);
    Supplier<List<PoolStats>> pools =
        () -> bus.pools().stream().map(ListenerPool::stats).toList();
    if (openPort.isPresent()) {
      try {
        MetricsHttpServer.start(openPort.get(), fromApi(api, pools), tally, rpc, page,
            renderThreads);
      } catch (IOException e) {
        throw new IOException("[" + MetricsPortConfig.SECTION + "] cannot listen on "
            + openPort.get() + ": " + e.getMessage(), e);
      }
    }
    return new HttpSurface.Factory() {
      @Override
      public List<HttpSurface> forServer(HttpServerConfig config) {
        return List.of(new MetricsSurface(api, tally, rpc, pools, page, renderer));
      }

      @Override
      public RpcObserver rpcObserver() {
        return rpc;
      }
    };
  }

  private static MetricsHttpServer.Supervisor fromApi(SupervisorApi api,
      Supplier<List<PoolStats>> pools) {
    return new MetricsHttpServer.Supervisor() {
      @Override
      public List<ProcessInfo> allProcessInfo() {
        try {
          return api.getAllProcessInfo()
              .get(MetricsSurface.LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
          throw new CompletionException(String.valueOf(e.getCause() == null ? e : e.getCause()),
              e);
        }
      }

      @Override
      public long pid() {
        return api.getPID();
      }

      @Override
      public List<PoolStats> pools() {
        return pools.get();
      }
    };
  }
}
