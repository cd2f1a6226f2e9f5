package dev.jsupervisor.core.web.live;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.events.EventBus;
import dev.jsupervisor.core.rpc.HttpSurface;
import dev.jsupervisor.core.rpc.LogFollower;
import dev.jsupervisor.core.rpc.LogTailSource;
import dev.jsupervisor.core.rpc.ServerLog;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.rpc.internal.TailStream;
import dev.jsupervisor.core.util.LogLevel;
import dev.jsupervisor.core.web.SecurityHeaders;
import dev.jsupervisor.core.web.internal.BodyDiscard;
import dev.jsupervisor.core.web.internal.StaticFiles;
import dev.jsupervisor.core.web.live.internal.ActionRequest;
import dev.jsupervisor.core.web.live.internal.ActionRunner;
import dev.jsupervisor.core.web.live.internal.EventStream;
import dev.jsupervisor.core.web.live.internal.ProcStat;
import dev.jsupervisor.core.web.live.internal.RequestGuard;
import dev.jsupervisor.core.web.live.internal.RestartCounter;
import dev.jsupervisor.core.web.live.internal.Snapshot;
import dev.jsupervisor.core.web.live.internal.SseClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;

/**
 * The live dashboard's routes on one HTTP server: its script and stylesheet, the JSON snapshot,
 * the event stream, the action token, token-guarded actions and in-page log tails. Everything it
 * needs beyond the API is made on first use, so a daemon whose page nobody opens pays nothing.
 */
public final class LiveSurface implements HttpSurface {
  /** Largest action body accepted. */
  public static final int MAX_ACTION_BODY = 64 * 1024;
  /**
   * An oversized action body up to this size is read and dropped before the 413, so the client
   * sees the answer instead of a reset; a larger one is refused at once and the connection closed.
   */
  static final int MAX_DISCARDED_BODY = 1024 * 1024;
  /** Bytes of existing log a tail starts with. */
  static final int LOG_BACKLOG = 4096;
  /** How often a quiet log tail checks that its client is still there. */
  static final long TAIL_PROBE_MILLIS = 2_000;

  private static final String JSON = "application/json;charset=utf-8";

  private final SupervisorApi api;
  private final LogTailSource tails;
  private final EventBus bus;
  private final ServerLog log;
  private final RestartCounter restarts;
  private final String instance;
  /** The dashboard's script and stylesheet, from the jar. */
  private final StaticFiles assets = new StaticFiles("/dev/jsupervisor/core/web/assets/", Map.of(
      "dashboard.js", "text/javascript;charset=utf-8",
      "dashboard.css", "text/css;charset=utf-8"));
  private RequestGuard guard;
  private EventStream events;
  private Snapshot snapshot;
  private boolean closed;

  LiveSurface(SupervisorApi api, LogTailSource tails, EventBus bus, ServerLog log,
      RestartCounter restarts, String instance) {
    this.api = api;
    this.tails = tails;
    this.bus = bus;
    this.log = log;
    this.restarts = restarts;
    this.instance = instance;
  }

  /**
   * The factory DaemonRunner registers: one surface per server section, sharing one restart
   * counter that watches the bus from daemon start (an atomic bump per spawn, nothing more).
   */
  public static HttpSurface.Factory factory(SupervisorApi api, LogTailSource tails, EventBus bus,
      ServerLog log) {
    RestartCounter restarts = new RestartCounter();
    bus.observe(restarts);
    String instance = api.getPID() + "-" + System.currentTimeMillis();
    return config -> List.of(new LiveSurface(api, tails, bus, log, restarts, instance));
  }

  @Override
  public boolean handle(String path, Request request, Response response, Callback callback) {
    if (path.startsWith("/assets/")) {
      return serveAsset(path.substring("/assets/".length()), request, response, callback);
    }
    if (!path.startsWith("/api/v1/")) {
      return false;
    }
    String route = path.substring("/api/v1/".length());
    String method = request.getMethod();
    if (route.equals("actions")) {
      if (!HttpMethod.POST.is(method)) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        sendText(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use POST\n");
      } else {
        act(request, response, callback);
      }
      return true;
    }
    if (!HttpMethod.GET.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET");
      sendText(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use GET\n");
      return true;
    }
    switch (route) {
      case "processes" -> processes(request, response, callback);
      case "events" -> events(request, response, callback);
      case "session" -> session(request, response, callback);
      case "mainlog" -> tail(request, response, callback, null, null);
      default -> {
        if (route.equals("log") || route.startsWith("log/")) {
          logRoute(route.substring("log".length()).replaceFirst("^/", ""), request, response,
              callback);
        } else {
          sendText(response, callback, HttpStatus.NOT_FOUND_404, "no such API route\n");
        }
      }
    }
    return true;
  }

  private boolean serveAsset(String name, Request request, Response response, Callback callback) {
    if (!assets.has(name)) {
      return false;
    }
    if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      sendText(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use GET\n");
      return true;
    }
    assets.serve(name, request.getHeaders(), response, callback,
        !HttpMethod.HEAD.is(request.getMethod()));
    return true;
  }

  private void processes(Request request, Response response, Callback callback) {
    Executor executor = request.getComponents().getThreadPool();
    api.getState().thenCombine(api.getAllProcessInfo(), (state, infos) ->
            CompletableFuture.supplyAsync(
                () -> snapshot().write(state, api.getIdentification(), infos), executor))
        .thenCompose(f -> f)
        .whenComplete((json, error) -> {
          if (error != null) {
            Throwable cause = unwrap(error);
            if (cause instanceof RpcFault fault) {
              sendJson(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                  errorJson(fault.getMessage()));
            } else {
              log.log(LogLevel.ERROR, "web dashboard: snapshot failed: " + cause);
              sendJson(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                  errorJson("snapshot failed"));
            }
          } else {
            sendJson(response, callback, HttpStatus.OK_200, json);
          }
        });
  }

  private void events(Request request, Response response, Callback callback) {
    EventStream stream = eventStream();
    if (stream == null) {
      sendText(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "server stopping\n");
      return;
    }
    // The stream is quiet between events; heartbeats keep it alive, not the idle timeout.
    request.addIdleTimeoutListener(timeout -> false);
    response.setStatus(HttpStatus.OK_200);
    SecurityHeaders.apply(response.getHeaders());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Accel-Buffering", "no");
    SseClient client = new SseClient(response, callback, stream::remove);
    request.addFailureListener(client::fail);
    if (!stream.add(client)) {
      response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
      sendText(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "too many event streams\n");
    }
  }

  private void session(Request request, Response response, Callback callback) {
    String site = RequestGuard.crossSite(request.getHeaders());
    if (site != null) {
      refuse(request, response, callback, site);
      return;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    sendJson(response, callback, HttpStatus.OK_200,
        ("{\"token\":\"" + guard().token() + "\",\"tokenHeader\":\""
            + RequestGuard.TOKEN_HEADER + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private void act(Request request, Response response, Callback callback) {
    String refusal = guard().refusal(request.getHeaders());
    if (refusal != null) {
      refuse(request, response, callback, refusal);
      return;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      sendJson(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          errorJson("Content-Type must be application/json"));
      return;
    }
    long length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (length > MAX_ACTION_BODY) {
      byte[] tooLarge = errorJson("body larger than " + MAX_ACTION_BODY + " bytes");
      if (length > MAX_DISCARDED_BODY) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        sendJson(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge);
      } else {
        BodyDiscard.drain(request, MAX_DISCARDED_BODY, () ->
            sendJson(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge));
      }
      return;
    }
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    Content.Source.asByteArrayAsync(request, MAX_ACTION_BODY, Promise.Invocable.from(
        org.eclipse.jetty.util.thread.Invocable.InvocationType.BLOCKING,
        read::complete, read::completeExceptionally));
    read.whenComplete((body, error) -> {
      if (error != null) {
        sendJson(response, callback, HttpStatus.BAD_REQUEST_400,
            errorJson("body unreadable or larger than " + MAX_ACTION_BODY + " bytes"));
        return;
      }
      ActionRequest action;
      try {
        action = ActionRequest.parse(body);
      } catch (ActionRequest.Invalid e) {
        sendJson(response, callback, HttpStatus.BAD_REQUEST_400, errorJson(e.getMessage()));
        return;
      }
      new ActionRunner(api).run(action).whenComplete((outcomes, failed) -> {
        if (failed != null) {
          Throwable cause = unwrap(failed);
          sendJson(response, callback, HttpStatus.OK_200, LiveJson.outcomes(List.of(
              new ActionRunner.Outcome("", false, String.valueOf(cause.getMessage())))));
        } else {
          sendJson(response, callback, HttpStatus.OK_200, LiveJson.outcomes(outcomes));
        }
      });
    });
  }

  /**
   * {@code log?name=<namespec>&channel=stdout|stderr}, or {@code log/<namespec>/<channel>}. The
   * page uses the query form: Jetty refuses some characters (an encoded backslash) in a path,
   * and a process name may hold them.
   */
  private void logRoute(String rest, Request request, Response response, Callback callback) {
    String name;
    String channelName;
    if (rest.isEmpty()) {
      Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      name = query.getValue("name");
      channelName = query.getValue("channel");
    } else {
      int slash = rest.lastIndexOf('/');
      name = slash <= 0 ? null : rest.substring(0, slash);
      channelName = slash < 0 ? null : rest.substring(slash + 1);
    }
    LogTailSource.Channel channel = channelName == null ? null : switch (channelName) {
      case "stdout" -> LogTailSource.Channel.STDOUT;
      case "stderr" -> LogTailSource.Channel.STDERR;
      default -> null;
    };
    if (channel == null || name == null || name.isEmpty()) {
      sendText(response, callback, HttpStatus.NOT_FOUND_404,
          "use /api/v1/log?name=<name>&channel=stdout|stderr\n");
      return;
    }
    tail(request, response, callback, name, channel);
  }

  /** A live tail: the last bytes of the log at once, then every new byte as it is written. */
  private void tail(Request request, Response response, Callback callback, String namespec,
      LogTailSource.Channel channel) {
    LogFollower follower;
    try {
      follower = namespec == null ? tails.followMainLog(LOG_BACKLOG)
          : tails.followProcessLog(namespec, channel, LOG_BACKLOG);
    } catch (RuntimeException e) {
      Throwable cause = unwrap(e);
      if (!(cause instanceof RpcFault || cause instanceof IllegalArgumentException)) {
        throw e;
      }
      sendText(response, callback, HttpStatus.NOT_FOUND_404, cause.getMessage() + "\n");
      return;
    }
    SecurityHeaders.apply(response.getHeaders());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    TailStream.serve(follower, request, response, callback, TAIL_PROBE_MILLIS, log);
  }

  private void refuse(Request request, Response response, Callback callback, String reason) {
    log.log(LogLevel.WARN, "web dashboard: refused " + request.getMethod() + " "
        + request.getHttpURI().getPath() + " from " + Request.getRemoteAddr(request) + ": "
        + reason);
    sendJson(response, callback, HttpStatus.FORBIDDEN_403, errorJson("refused: " + reason));
  }

  private synchronized RequestGuard guard() {
    if (guard == null) {
      guard = RequestGuard.withRandomToken();
    }
    return guard;
  }

  private synchronized Snapshot snapshot() {
    if (snapshot == null) {
      // The processes the dashboard shows are this daemon's children.
      snapshot = new Snapshot(restarts, new ProcStat(Path.of("/proc"),
          ProcessHandle.current().pid()));
    }
    return snapshot;
  }

  private synchronized EventStream eventStream() {
    if (closed) {
      return null;
    }
    if (events == null) {
      events = new EventStream(bus, System::currentTimeMillis, instance);
    }
    return events;
  }

  @Override
  public void close() {
    EventStream stream;
    synchronized (this) {
      closed = true;
      stream = events;
      events = null;
    }
    if (stream != null) {
      stream.close();
    }
  }

  private static byte[] errorJson(String message) {
    return LiveJson.error(message);
  }

  private static void sendJson(Response response, Callback callback, int status, byte[] body) {
    send(response, callback, status, JSON, body);
  }

  private static void sendText(Response response, Callback callback, int status, String text) {
    send(response, callback, status, "text/plain;charset=utf-8",
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(Response response, Callback callback, int status, String type,
      byte[] body) {
    response.setStatus(status);
    SecurityHeaders.apply(response.getHeaders());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    if (!response.getHeaders().contains(HttpHeader.CACHE_CONTROL)) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
