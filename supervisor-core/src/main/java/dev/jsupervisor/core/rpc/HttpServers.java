package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.util.LogLevel;

import dev.jsupervisor.core.config.HttpServerConfig;
import dev.jsupervisor.core.rpc.internal.BasicAuth;
import dev.jsupervisor.core.rpc.internal.DaemonHttpConnectionFactory;
import dev.jsupervisor.core.rpc.internal.HttpRoutes;
import dev.jsupervisor.core.rpc.internal.UnixSocketFile;
import dev.jsupervisor.core.rpc.internal.XmlRpcCodec;
import dev.jsupervisor.core.util.SecureXml;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The daemon's HTTP servers on Jetty 12 core: one TCP connector per {@code [inet_http_server]}
 * and one UNIX-domain connector per {@code [unix_http_server]}, each serving XML-RPC on
 * {@code /RPC2}, {@code /logtail/...} and {@code /mainlogtail}, with its own Basic auth.
 *
 * <p>Limits, set on purpose:
 *
 * <ul>
 *   <li>Request headers: {@value #MAX_HEADER_BYTES} bytes (Jetty answers 431 beyond).
 *   <li>Request body: {@value #MAX_BODY_BYTES} bytes, announced by Content-Length (413 beyond,
 *       411 without one); the largest real request, a multicall from a big fleet, is far smaller.
 *   <li>Request read deadline: {@value #REQUEST_DEADLINE_MS} ms from a request's first byte to its
 *       last; a client that trickles its head or body is disconnected then, however steadily it
 *       sends. Answering and streaming the reply are not counted.
 *   <li>Idle timeout: {@value #IDLE_TIMEOUT_MS} ms on a connection with no request in flight.
 *       supervisorctl opens one keep-alive connection per proxy and drops it when done, so idle
 *       connections are normal and must not live forever; tail streams are exempt.
 *   <li>Tail streams ({@code tail -f}): a quiet stream checks every {@value
 *       HttpRoutes#TAIL_PROBE_MILLIS} ms that its client is still connected, so one that hung up
 *       releases its follower and socket within that time even when the log never grows.
 *   <li>Accept queue: {@value #ACCEPT_QUEUE} pending connections per server.
 *   <li>Threads: at most {@value #MAX_THREADS}. Deferred calls (start/stop with wait) do not hold
 *       a thread while they wait: the reply is written when the API's future completes. Threads
 *       are only busy parsing, writing and with Jetty's selector/acceptor work, so a few hundred
 *       concurrent clients are served in parallel.
 * </ul>
 *
 * <p>HTTP/1.1 connections are persistent (what Python's http.client expects); every non-stream
 * response has a Content-Length; XML-RPC replies are {@code text/xml}. Results and faults are 200.
 * Every response starts with supervisord's {@code Server: Medusa/1.12} and a {@code Date}; a 401
 * carries {@code Connection: close} and {@code WWW-Authenticate: Basic realm="default"}, and error
 * pages are supervisord's, byte for byte ({@code SupervisordHttpParityTest} compares them).
 */
public final class HttpServers implements AutoCloseable {
  static final int MAX_HEADER_BYTES = 8 * 1024;
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final long IDLE_TIMEOUT_MS = 5 * 60 * 1000;
  /**
   * How long one request, head and body, may take to arrive once its first byte has. A client
   * that trickles its request (slowloris) is cut off then; the largest legal request (1 MiB)
   * still arrives at 100 KiB/s.
   */
  public static final long REQUEST_DEADLINE_MS = 10_000;
  static final int MAX_THREADS = 200;
  /**
   * Pending connections the kernel holds before accept. The JDK default of 50 overflows when a
   * fleet's clients connect at once, and a full UNIX-socket queue refuses connects outright.
   */
  static final int ACCEPT_QUEUE = 1024;

  private final Server server;
  private final Map<String, AbstractConnector> connectors;
  private final List<UnixSocketFile> socketFiles;
  private final List<HttpSurface> surfaces;

  private HttpServers(Server server, Map<String, AbstractConnector> connectors,
      List<UnixSocketFile> socketFiles, List<HttpSurface> surfaces) {
    this.server = server;
    this.connectors = connectors;
    this.socketFiles = socketFiles;
    this.surfaces = surfaces;
  }

  /**
   * Loads and initialises the servers' classes on a background thread, by building an XML-RPC
   * codec and a server that is never started: their static set-up (Jetty's header and MIME
   * tables, its version resource, its thread pool; the XML parser factories) took ~0.15 s of a
   * fresh JVM between reading the config and the first spawns; the daemon now does it while it
   * reads its config. Measured on 2 cores: ~0.1 s sooner to the first spawn.
   */
  public static void prepareInBackground() {
    Thread t = new Thread(() -> {
      try {
        SecureXml.install();
        new XmlRpcCodec();
        Server server = newServer();
        server.addConnector(new UnixDomainServerConnector(server, 1, 1,
            new DaemonHttpConnectionFactory(httpConfiguration(), REQUEST_DEADLINE_MS)));
      } catch (RuntimeException | LinkageError e) {
        // Only a head start; the real start reports its own errors.
      }
    }, "http-preload");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Starts one server per config; all or nothing.
   *
   * @param log receives the CRIT line for each server without authentication
   * @throws IOException with supervisord's "Another program is already listening..." message
   *     when a socket or port is taken, or the cause when a socket file cannot be set up
   */
  public static HttpServers start(List<HttpServerConfig> configs, SupervisorApi api,
      LogTailSource tails, ServerLog log) throws IOException {
    return start(configs, api, tails, log, HttpSurface.Factory.NONE);
  }

  /** As {@link #start(List, SupervisorApi, LogTailSource, ServerLog)}, with extra surfaces. */
  public static HttpServers start(List<HttpServerConfig> configs, SupervisorApi api,
      LogTailSource tails, ServerLog log, HttpSurface.Factory surfaces) throws IOException {
    XmlRpcEndpoint endpoint = new XmlRpcEndpoint(api, log, surfaces.rpcObserver());
    Server server = newServer();
    HttpConfiguration http = httpConfiguration();

    Map<String, AbstractConnector> connectors = new LinkedHashMap<>();
    List<UnixSocketFile> socketFiles = new ArrayList<>();
    Map<Connector, HttpRoutes> routes = new IdentityHashMap<>();
    List<HttpSurface> allSurfaces = new ArrayList<>();
    for (HttpServerConfig config : configs) {
      AbstractConnector connector;
      if (config.isUnix()) {
        UnixSocketFile file = new UnixSocketFile(Path.of(config.unixSocket()));
        file.prepare();
        socketFiles.add(file);
        UnixDomainServerConnector unix =
            new UnixDomainServerConnector(server, 1, 1, new DaemonHttpConnectionFactory(http, REQUEST_DEADLINE_MS));
        unix.setUnixDomainPath(file.bindPath());
        unix.setAcceptQueueSize(ACCEPT_QUEUE);
        connector = unix;
      } else {
        ServerConnector tcp = new ServerConnector(server, 1, 1, new DaemonHttpConnectionFactory(http, REQUEST_DEADLINE_MS));
        tcp.setHost(config.host() == null || config.host().isEmpty() ? null : config.host());
        tcp.setPort(config.port());
        tcp.setAcceptQueueSize(ACCEPT_QUEUE);
        connector = tcp;
      }
      connector.setIdleTimeout(IDLE_TIMEOUT_MS);
      connector.setName(config.sectionName());
      server.addConnector(connector);
      connectors.put(config.sectionName(), connector);
      BasicAuth auth = config.requiresAuth()
          ? new BasicAuth(config.username(), config.password() == null ? "" : config.password())
          : null;
      List<HttpSurface> served = surfaces.forServer(config);
      allSurfaces.addAll(served);
      routes.put(connector, new HttpRoutes(endpoint, tails, auth, MAX_BODY_BYTES, log, served));
    }
    server.setHandler(new ConnectorDispatch(routes));

    HttpServers servers = new HttpServers(server, connectors, socketFiles, allSurfaces);
    try {
      server.start();
      for (HttpServerConfig config : configs) {
        if (config.isUnix()) {
          socketFileOf(socketFiles, config).publish(config.chmod(), config.chownUid(), config.chownGid());
        }
      }
    } catch (Exception e) {
      servers.close();
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new IOException(UnixSocketFile.IN_USE_MESSAGE, e);
      }
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    for (HttpServerConfig config : configs) {
      if (!config.requiresAuth()) {
        log.log(LogLevel.CRITICAL, "Server '" + config.sectionName()
            + "' running without any HTTP authentication checking");
      }
    }
    return servers;
  }

  /** The Jetty server every section shares, not yet started. */
  private static Server newServer() {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
    threads.setName("jsupervisor-http");
    // Jetty retires one idle thread per idle timeout by default: after a burst of clients the
    // pool would keep its peak size for hours. Let every idle thread go after one timeout.
    threads.setMaxEvictCount(MAX_THREADS);
    Server server = new Server(threads);
    server.setStopTimeout(0);
    return server;
  }

  private static HttpConfiguration httpConfiguration() {
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setResponseHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // supervisord's first two headers, in its order; clients and scanners see the same server.
    http.setSendDateHeader(false);
    http.addCustomizer(new SupervisordHeaders());
    return http;
  }

  private static UnixSocketFile socketFileOf(List<UnixSocketFile> files, HttpServerConfig config) {
    Path wanted = Path.of(config.unixSocket()).toAbsolutePath();
    return files.stream().filter(f -> f.path().equals(wanted)).findFirst().orElseThrow();
  }

  /** The bound TCP port of an inet server section (useful when configured with port 0). */
  public int localPort(String sectionName) {
    AbstractConnector c = connectors.get(sectionName);
    if (c instanceof ServerConnector tcp) {
      return tcp.getLocalPort();
    }
    throw new IllegalArgumentException("no TCP server named " + sectionName);
  }

  /** Stops every server and removes the socket files. */
  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IOException("stopping the HTTP servers: " + e.getMessage(), e);
    } finally {
      for (UnixSocketFile file : socketFiles) {
        file.remove();
      }
      surfaces.forEach(HttpSurface::close);
    }
  }
}
