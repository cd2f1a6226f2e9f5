package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.config.HttpServerConfig;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A surface served beside {@code /RPC2} on an HTTP server (web pages, metrics), behind the same
 * Basic auth: the routes offer it every request that is not XML-RPC or a log tail, in order, and
 * the first surface that claims the path owns the exchange. A surface sees the daemon only
 * through what it was built with ({@link SupervisorApi}, the event bus).
 */
public interface HttpSurface {

  /**
   * Serves the request when {@code path} (decoded, starting with {@code /}) is one of this
   * surface's, completing {@code callback}; returns false, touching nothing, otherwise.
   */
  boolean handle(String path, Request request, Response response, Callback callback)
      throws Exception;

  /** Releases what the surface holds (event observers, streams) when its server stops. */
  default void close() {}

  /** Makes the surfaces of one configured server section (one per section, so per-server state). */
  @FunctionalInterface
  interface Factory {
    /** No surfaces: the server answers only XML-RPC and log tails. */
    Factory NONE = config -> List.of();

    List<HttpSurface> forServer(HttpServerConfig config);

    /** Told every XML-RPC request of the servers these surfaces serve beside (metrics). */
    default RpcObserver rpcObserver() {
      return RpcObserver.NONE;
    }
  }
}
