package dev.jsupervisor.core.web;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.HttpSurface;
import dev.jsupervisor.core.rpc.ServerLog;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.core.util.LogLevel;
import dev.jsupervisor.core.web.internal.FormParameters;
import dev.jsupervisor.core.web.internal.Html;
import dev.jsupervisor.core.web.internal.PageActions;
import dev.jsupervisor.core.web.internal.Replies;
import dev.jsupervisor.core.web.internal.StaticFiles;
import dev.jsupervisor.core.web.internal.StatusPage;
import dev.jsupervisor.core.web.internal.TailPage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * supervisord's web pages at its URLs: the status page with its actions ({@code /},
 * {@code /index.html}), {@code /tail.html}, {@code /ok.html} and the pages' stylesheet and icon.
 * Answers are written when the daemon's futures complete, on a server pool thread.
 *
 * <p>Limits: a form body of at most {@value #MAX_FORM_BYTES} bytes (413 beyond); a tail of at
 * most {@value #MAX_TAIL_BYTES} bytes; query and header size are the server's own limits.
 */
public final class WebPages implements HttpSurface {
  /** Largest form body read (supervisord's forms send a few dozen bytes). */
  public static final int MAX_FORM_BYTES = 64 * 1024;
  /** Largest tail.html {@code limit} honoured; a larger one reads this many bytes. */
  public static final int MAX_TAIL_BYTES = 1024 * 1024;
  /** The tail length supervisord reads when {@code limit} is absent, smaller or not a number. */
  static final int MIN_TAIL_BYTES = 1024;

  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.ENGLISH);

  private final SupervisorApi api;
  private final Clock clock;
  private final ZoneId zone;
  private final ServerLog log;
  private final StatusPage statusPage;
  private final StaticFiles files = StaticFiles.pages();

  /**
   * @param clock the wall clock of the {@code ... at <time>} messages, in {@code zone}
   * @param log where refused requests and server errors are written (never credentials)
   */
  public WebPages(SupervisorApi api, Clock clock, ZoneId zone, ServerLog log) {
    this.api = api;
    this.clock = clock;
    this.zone = zone;
    this.log = log;
    this.statusPage = new StatusPage(api.getSupervisorVersion());
  }

  @Override
  public boolean handle(String path, Request request, Response response, Callback callback) {
    String method = request.getMethod();
    switch (path) {
      case "/", "/index.html", "/tail.html", "/ok.html" -> {
        if (!HttpMethod.GET.is(method) && !HttpMethod.POST.is(method)) {
          response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
          Replies.refuse(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
              method + " is not served on " + path);
        } else {
          readForm(request, response, callback,
              form -> page(path, form, request, response, callback));
        }
        return true;
      }
      default -> {
        if (!files.has(path)) {
          return false;
        }
        boolean head = HttpMethod.HEAD.is(method);
        if (!HttpMethod.GET.is(method) && !head) {
          response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
          Replies.refuse(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
              method + " is not served on " + path);
        } else {
          files.serve(path, request.getHeaders(), response, callback, !head);
        }
        return true;
      }
    }
  }

  /** Reads the query string and, for a POST, the body, then hands the parameters on. */
  private void readForm(Request request, Response response, Callback callback,
      java.util.function.Consumer<FormParameters> next) {
    String query = request.getHttpURI().getQuery();
    if (!HttpMethod.POST.is(request.getMethod())) {
      next.accept(FormParameters.parse(query, null));
      return;
    }
    long length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (length > MAX_FORM_BYTES) {
      Replies.refuse(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
          "form body longer than " + MAX_FORM_BYTES + " bytes");
      return;
    }
    Content.Source.asByteArrayAsync(request, MAX_FORM_BYTES, Promise.Invocable.from(
        InvocationType.BLOCKING,
        body -> guarded(response, callback, () -> next.accept(
            FormParameters.parse(query, new String(body, StandardCharsets.UTF_8)))),
        error -> Replies.refuse(response, callback, HttpStatus.BAD_REQUEST_400,
            "form body unreadable or longer than " + MAX_FORM_BYTES + " bytes")));
  }

  private void page(String path, FormParameters form, Request request, Response response,
      Callback callback) {
    Executor executor = request.getComponents().getThreadPool();
    switch (path) {
      case "/ok.html" -> Replies.page(response, callback, HttpStatus.OK_200, "text/plain", "OK");
      case "/tail.html" -> tail(form, executor, response, callback);
      default -> status(form, request, executor, response, callback);
    }
  }

  private void status(FormParameters form, Request request, Executor executor, Response response,
      Callback callback) {
    String action = form.get("action");
    if (action == null) {
      String message = form.get("message");
      api.getAllProcessInfo()
          .thenApplyAsync(all -> statusPage.render(all, message), executor)
          .whenComplete(reply(response, callback, html -> Replies.page(
              response, callback, HttpStatus.OK_200, Replies.HTML, html)));
      return;
    }
    String crossSite = CrossSite.refusal(request.getHeaders());
    if (crossSite != null) {
      log.log(LogLevel.WARN, "web: refused cross-site " + request.getMethod() + " of action "
          + CrossSite.quote(action) + " (" + crossSite + ")");
      Replies.refuse(response, callback, HttpStatus.FORBIDDEN_403,
          "cross-site request refused: " + crossSite);
      return;
    }
    String processname = form.get("processname");
    String refusal = PageActions.refusal(action, processname);
    if (refusal != null) {
      Replies.refuse(response, callback, HttpStatus.BAD_REQUEST_400, refusal);
      return;
    }
    new PageActions(api, this::ctime, executor).run(action, processname)
        .whenComplete(reply(response, callback, message -> Replies.seeOther(
            response, callback, "./?message=" + Html.quote(message))));
  }

  private void tail(FormParameters form, Executor executor, Response response,
      Callback callback) {
    String processname = form.get("processname");
    int limit = tailLimit(form.get("limit"));
    CompletableFuture<String> body;
    if (processname == null) {
      body = CompletableFuture.completedFuture("No process name found");
    } else {
      CompletableFuture<String> read;
      try {
        read = api.readProcessStdoutLog(processname, -limit, 0);
      } catch (RpcFault fault) {
        read = CompletableFuture.failedFuture(fault);
      }
      body = read.exceptionallyAsync(error -> {
        RpcFault fault = faultOf(error);
        return fault.code() == Fault.NO_FILE.code()
            ? "No file for " + processname
            : "ERROR: " + PageActions.unexpected(fault);
      }, executor);
    }
    body.thenApplyAsync(text -> TailPage.render(processname, text, limit), executor)
        .whenComplete(reply(response, callback, html -> Replies.page(
            response, callback, HttpStatus.OK_200, Replies.HTML, html)));
  }

  /**
   * supervisord's {@code max(1024, limit)} for ASCII digits, else 1024; capped at {@value
   * #MAX_TAIL_BYTES}.
   */
  static int tailLimit(String limit) {
    if (limit == null || limit.isEmpty() || !limit.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return MIN_TAIL_BYTES;
    }
    String digits = limit.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 9) {
      return MAX_TAIL_BYTES;
    }
    return Math.max(MIN_TAIL_BYTES, Math.min(MAX_TAIL_BYTES, Integer.parseInt(digits)));
  }

  /** Python's {@code time.ctime()} of now, in the daemon's zone. */
  String ctime() {
    return CTIME.format(Instant.ofEpochMilli(clock.currentTimeMillis()).atZone(zone));
  }

  /**
   * Completes the exchange with {@code success}, or, when the daemon failed, with a 503 naming
   * the fault (supervisord answers 500 while shutting down) or a 500 for a server bug (logged).
   */
  private <T> BiConsumer<T, Throwable> reply(Response response, Callback callback,
      java.util.function.Consumer<T> success) {
    return (value, error) -> {
      if (error == null) {
        guarded(response, callback, () -> success.accept(value));
        return;
      }
      RpcFault fault;
      try {
        fault = faultOf(error);
      } catch (RuntimeException bug) {
        serverError(response, callback, bug);
        return;
      }
      Replies.refuse(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
          PageActions.unexpected(fault));
    };
  }

  private void guarded(Response response, Callback callback, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException bug) {
      serverError(response, callback, bug);
    }
  }

  private void serverError(Response response, Callback callback, Throwable bug) {
    log.log(LogLevel.ERROR, "Web interface error: " + bug);
    Replies.refuse(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
        "web interface error (see the daemon's log)");
  }

  private static RpcFault faultOf(Throwable error) {
    return PageActions.faultOf(error);
  }
}
