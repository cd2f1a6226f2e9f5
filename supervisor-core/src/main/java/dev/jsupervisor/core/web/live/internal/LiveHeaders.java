package dev.jsupervisor.core.web.live.internal;

import org.eclipse.jetty.http.HttpFields;

/**
 * The security headers of every dashboard response (to be unified with the status page's
 * {@code web.SecurityHeaders} once both land): scripts and styles only from this server, no
 * framing, no MIME sniffing, no referrer to other sites.
 */
public final class LiveHeaders {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  private LiveHeaders() {}

  public static void apply(HttpFields.Mutable headers) {
    headers.put("Content-Security-Policy", CSP);
    headers.put("X-Frame-Options", "DENY");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "same-origin");
  }
}
