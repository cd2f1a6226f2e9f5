package dev.jsupervisor.core.web.internal;

import org.owasp.encoder.Encode;

/**
 * The only way text gets into a page: each method escapes for one context with the OWASP Java
 * Encoder, so that names, descriptions, messages and process output (attacker-controlled text)
 * stay text.
 */
public final class Html {
  private Html() {}

  /** Text between tags. */
  public static String text(String s) {
    return Encode.forHtml(s == null ? "" : s);
  }

  /** A double-quoted attribute value. */
  public static String attr(String s) {
    return Encode.forHtmlAttribute(s == null ? "" : s);
  }

  /**
   * One component of a URL (a query value, a path segment) as Python's {@code urllib.quote}
   * writes it with its default safe {@code /}: everything but {@code A-Za-z0-9-._~/}
   * percent-encoded as UTF-8.
   */
  public static String quote(String s) {
    return Encode.forUriComponent(s == null ? "" : s).replace("%2F", "/");
  }
}
