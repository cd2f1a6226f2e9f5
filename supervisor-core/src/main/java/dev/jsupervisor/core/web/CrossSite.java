package dev.jsupervisor.core.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Tells a request that a browser sent on another site's behalf: {@code Sec-Fetch-Site:
 * cross-site}, or an {@code Origin} whose host and port are not the {@code Host} the request was
 * sent to (nor the {@code X-Forwarded-Host} a reverse proxy names; another site cannot set that
 * header on a browser's request without a CORS preflight, which this server never grants). A
 * request with neither header (curl, scripts, old browsers) is not cross-site.
 */
public final class CrossSite {
  /** Longest header value quoted in a refusal (a refusal is logged). */
  static final int MAX_QUOTED = 120;

  private CrossSite() {}

  /** Why the request is cross-site (one line, safe to log), or null when it is not. */
  public static String refusal(HttpFields headers) {
    String fetchSite = headers.get("Sec-Fetch-Site");
    if (fetchSite != null && fetchSite.trim().equalsIgnoreCase("cross-site")) {
      return "Sec-Fetch-Site: cross-site";
    }
    String origin = headers.get(HttpHeader.ORIGIN);
    if (origin == null) {
      return null;
    }
    String authority = authorityOf(origin);
    if (authority != null
        && (sameAuthority(authority, headers.get(HttpHeader.HOST))
            || sameAuthority(authority, firstValue(headers.get(HttpHeader.X_FORWARDED_HOST))))) {
      return null;
    }
    return "Origin " + quote(origin) + " is not Host " + quote(headers.get(HttpHeader.HOST));
  }

  /** {@code host[:port]} of an Origin value, lower case, without the scheme's default port. */
  private static String authorityOf(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (scheme == null || host == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort = port < 0
          || port == 80 && scheme.equalsIgnoreCase("http")
          || port == 443 && scheme.equalsIgnoreCase("https");
      return (defaultPort ? host : host + ":" + port).toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean sameAuthority(String originAuthority, String host) {
    if (host == null) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.equals(originAuthority)) {
      return true;
    }
    // A Host header may spell out a default port the Origin leaves out.
    return h.equals(originAuthority + ":80") || h.equals(originAuthority + ":443");
  }

  private static String firstValue(String list) {
    if (list == null) {
      return null;
    }
    int comma = list.indexOf(',');
    return comma < 0 ? list : list.substring(0, comma);
  }

  /** A header value for a log line: control characters replaced, cut to {@value #MAX_QUOTED}. */
  static String quote(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < value.length() && i < MAX_QUOTED; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.append(value.length() > MAX_QUOTED ? "...'" : "'").toString();
  }
}
