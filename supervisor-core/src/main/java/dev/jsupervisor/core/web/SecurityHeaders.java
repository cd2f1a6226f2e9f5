package dev.jsupervisor.core.web;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every web page and file carries: a Content-Security-Policy that allows only this
 * server's own scripts, styles and images (no inline script, no framing), and no framing, MIME
 * sniffing or cross-origin referrers.
 */
public final class SecurityHeaders {
  /** Scripts, styles, images and fetches from this server only; nothing inline; no framing. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private static final HttpField[] FIELDS = {
    new HttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    new HttpField("X-Frame-Options", "DENY"),
    new HttpField("X-Content-Type-Options", "nosniff"),
    new HttpField("Referrer-Policy", "same-origin"),
  };

  private SecurityHeaders() {}

  /** Adds the headers to a response's fields (replacing any of the same name). */
  public static void apply(HttpFields.Mutable headers) {
    for (HttpField field : FIELDS) {
      headers.put(field);
    }
  }
}
