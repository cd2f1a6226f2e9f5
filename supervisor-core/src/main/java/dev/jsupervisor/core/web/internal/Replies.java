package dev.jsupervisor.core.web.internal;

import dev.jsupervisor.core.web.SecurityHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the web surface's responses: every one with the security headers and, for pages,
 * supervisord's no-cache headers; all with a Content-Length.
 */
public final class Replies {
  /** Content type of the HTML pages, as supervisord sends it. */
  public static final String HTML = "text/html;charset=utf-8";
  /** Content type of short text answers (refusals, ok.html). */
  public static final String TEXT = "text/plain;charset=utf-8";

  private Replies() {}

  /** A page or message that must not be cached. */
  public static void page(Response response, Callback callback, int status, String type,
      String body) {
    noCache(response);
    bytes(response, callback, status, type, body.getBytes(StandardCharsets.UTF_8), true);
  }

  /** A one-line text answer to a request that was refused or failed. */
  public static void refuse(Response response, Callback callback, int status, String reason) {
    page(response, callback, status, TEXT, HttpStatus.getMessage(status) + ": " + reason + "\n");
  }

  /** A redirect to a relative location, with no body. */
  public static void seeOther(Response response, Callback callback, String location) {
    noCache(response);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    bytes(response, callback, HttpStatus.SEE_OTHER_303, TEXT, new byte[0], true);
  }

  /** Any body; {@code withBody} false for a HEAD request (headers only). */
  public static void bytes(Response response, Callback callback, int status, String type,
      byte[] body, boolean withBody) {
    SecurityHeaders.apply(response.getHeaders());
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, withBody ? ByteBuffer.wrap(body) : ByteBuffer.allocate(0), callback);
  }

  private static void noCache(Response response) {
    response.getHeaders().put(HttpHeader.PRAGMA, "no-cache");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put(HttpHeader.EXPIRES, "Thu, 01 Jan 1970 00:00:00 GMT");
  }
}
