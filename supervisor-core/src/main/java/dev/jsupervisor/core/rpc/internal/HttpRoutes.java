package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.HttpSurface;
import dev.jsupervisor.core.rpc.LogFollower;
import dev.jsupervisor.core.rpc.LogTailSource;
import dev.jsupervisor.core.rpc.ServerLog;
import dev.jsupervisor.core.rpc.XmlRpcEndpoint;
import dev.jsupervisor.core.util.LogLevel;
import dev.jsupervisor.core.web.CrossSite;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * The request router of one HTTP server: Basic auth first (before any body byte is read), then
 * {@code /RPC2*} (POST with Content-Length) to the XML-RPC endpoint, {@code /logtail/...} and
 * {@code /mainlogtail} to streaming log followers, then the first {@link HttpSurface} that claims
 * the path (web pages, metrics); anything else 404.
 */
public final class HttpRoutes extends Handler.Abstract {
  /** Bytes of existing log sent first on a tail stream, as supervisord does. */
  static final int TAIL_BACKLOG = 1024;
  /**
   * How often a quiet tail stream checks that its client is still there: a client that hung up
   * releases its follower and socket within this long (plus a scheduling tick).
   */
  public static final long TAIL_PROBE_MILLIS = 2_000;

  private static final HttpField WWW_AUTHENTICATE =
      new HttpField(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"default\"");

  private final XmlRpcEndpoint endpoint;
  private final LogTailSource tails;
  private final BasicAuth auth;
  private final int maxBodyBytes;
  private final ServerLog log;
  private final List<HttpSurface> surfaces;

  /**
   * @param auth null when the server checks no credentials
   */
  public HttpRoutes(XmlRpcEndpoint endpoint, LogTailSource tails, BasicAuth auth, int maxBodyBytes,
      ServerLog log) {
    this(endpoint, tails, auth, maxBodyBytes, log, List.of());
  }

  /**
   * @param auth null when the server checks no credentials
   * @param surfaces offered, in order, every path that is not XML-RPC or a log tail
   */
  public HttpRoutes(XmlRpcEndpoint endpoint, LogTailSource tails, BasicAuth auth, int maxBodyBytes,
      ServerLog log, List<HttpSurface> surfaces) {
    super(InvocationType.BLOCKING);
    this.endpoint = endpoint;
    this.tails = tails;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
    this.log = log;
    this.surfaces = List.copyOf(surfaces);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String credentials = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth != null && !auth.permits(credentials)) {
      if (credentials != null) {
        // A failed login (not the browser's first, credential-less request): one line, without
        // what was sent.
        log.log(LogLevel.WARN, "HTTP: failed login from " + Request.getRemoteAddr(request) + " ("
            + request.getMethod() + " " + printable(request.getHttpURI().getPath()) + ")");
      }
      // supervisord's 401 announces the close; the body is never read.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.getHeaders().put(WWW_AUTHENTICATE);
      sendError(response, callback, HttpStatus.UNAUTHORIZED_401);
      return true;
    }
    String path = request.getHttpURI().getDecodedPath();
    if (path == null) {
      sendError(response, callback, HttpStatus.BAD_REQUEST_400);
    } else if (path.startsWith("/RPC2")) {
      handleRpc(request, response, callback);
    } else if (path.startsWith("/logtail/") || path.equals("/mainlogtail")) {
      handleTail(request, response, callback, path);
    } else if (!offerToSurfaces(path, request, response, callback)) {
      sendError(response, callback, HttpStatus.NOT_FOUND_404);
    }
    return true;
  }

  /** A request path for a log line: printable ASCII, at most 120 characters. */
  private static String printable(String path) {
    String p = path == null ? "" : path.replaceAll("[^\\x21-\\x7e]", "?");
    return p.length() > 120 ? p.substring(0, 120) + "..." : p;
  }

  private boolean offerToSurfaces(String path, Request request, Response response,
      Callback callback) throws Exception {
    for (HttpSurface surface : surfaces) {
      if (surface.handle(path, request, response, callback)) {
        return true;
      }
    }
    return false;
  }

  private void handleRpc(Request request, Response response, Callback callback) {
    if (!HttpMethod.POST.is(request.getMethod())) {
      sendError(response, callback, HttpStatus.BAD_REQUEST_400);
      return;
    }
    // A page on another site can POST a text/plain body here without a CORS preflight, and the
    // browser adds the operator's Basic credentials: stopAllProcesses from any web page. XML-RPC
    // clients (supervisorctl, scripts, exporters) send neither Origin nor Sec-Fetch-Site.
    String crossSite = CrossSite.refusal(request.getHeaders());
    if (crossSite != null) {
      log.log(LogLevel.WARN, "HTTP: refused cross-site XML-RPC request from "
          + Request.getRemoteAddr(request) + " (" + crossSite + ")");
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      sendError(response, callback, HttpStatus.FORBIDDEN_403);
      return;
    }
    long length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (length < 0) {
      sendError(response, callback, HttpStatus.LENGTH_REQUIRED_411);
      return;
    }
    if (length > maxBodyBytes) {
      sendError(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
      return;
    }
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    // BLOCKING: parsing runs on a pool thread, never on a selector thread.
    Content.Source.asByteArrayAsync(request, maxBodyBytes, Promise.Invocable.from(
        InvocationType.BLOCKING, read::complete, read::completeExceptionally));
    read.thenCompose(body -> endpoint.handle(new ByteArrayInputStream(body)))
        .whenComplete((reply, error) -> {
          if (error != null) {
            // The body could not be read in full (client gone, cut off at the request deadline,
            // or longer than announced). A client's fault: at debug level, so that a crowd of
            // such clients cannot flood the main log.
            log.log(LogLevel.DEBUG, "XML-RPC request body unreadable: " + error);
            sendError(response, callback, HttpStatus.BAD_REQUEST_400);
          } else if (reply.status() != HttpStatus.OK_200) {
            sendError(response, callback, reply.status());
          } else {
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
            ReplyWriter.send(response, reply.content(), callback);
          }
        });
  }

  private void handleTail(Request request, Response response, Callback callback, String path) {
    if (!HttpMethod.GET.is(request.getMethod())) {
      sendError(response, callback, HttpStatus.BAD_REQUEST_400);
      return;
    }
    LogFollower follower;
    try {
      follower = openFollower(path);
    } catch (RuntimeException e) {
      // The source may answer from the daemon's loop, wrapping its fault in a CompletionException.
      Throwable cause = MethodRegistry.unwrap(e);
      if (!(cause instanceof RpcFault || cause instanceof IllegalArgumentException)) {
        throw e;
      }
      sendError(response, callback, HttpStatus.NOT_FOUND_404);
      return;
    }
    response.getHeaders().put(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(System.currentTimeMillis()));
    TailStream.serve(follower, request, response, callback, TAIL_PROBE_MILLIS, log);
  }

  private LogFollower openFollower(String path) {
    if (path.equals("/mainlogtail")) {
      return tails.followMainLog(TAIL_BACKLOG);
    }
    String rest = path.substring("/logtail/".length());
    LogTailSource.Channel channel = LogTailSource.Channel.STDOUT;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String channelName = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
      switch (channelName) {
        case "stdout" -> channel = LogTailSource.Channel.STDOUT;
        case "stderr" -> channel = LogTailSource.Channel.STDERR;
        default -> throw new IllegalArgumentException("bad channel " + channelName);
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("no process name");
    }
    return tails.followProcessLog(rest, channel, TAIL_BACKLOG);
  }

  private static void send(Response response, Callback callback, int status, String type,
      byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** supervisord's small HTML error page, byte for byte. */
  static void sendError(Response response, Callback callback, int status) {
    send(response, callback, status, "text/html", errorPage(status).getBytes(StandardCharsets.UTF_8));
  }

  private static String errorPage(int status) {
    return "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n"
        + "<h1>Error response</h1>\r\n<p>Error code " + status + ".\r\n<p>Message: "
        + HttpStatus.getMessage(status) + ".\r\n</body>\r\n";
  }
}
