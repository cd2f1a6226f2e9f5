package dev.jsupervisor.core.web.live.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Decides whether a state-changing request may act: it must carry this server's token and must
 * not come from another site (by {@code Sec-Fetch-Site}, else by {@code Origin} against
 * {@code Host}). Pure apart from the token's random bytes.
 */
public final class RequestGuard {
  /** The header the page sends the token in; a cross-site form cannot set it. */
  public static final String TOKEN_HEADER = "X-JSupervisor-Token";

  private final String token;

  public RequestGuard(String token) {
    this.token = token;
  }

  /** A guard with a fresh random token (32 bytes, URL-safe base64). */
  public static RequestGuard withRandomToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new RequestGuard(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  public String token() {
    return token;
  }

  /**
   * Why a request with these headers must be refused, or null when it may act.
   *
   * @param secFetchSite the {@code Sec-Fetch-Site} header or null
   * @param origin the {@code Origin} header or null
   * @param host the {@code Host} header or null
   * @param presentedToken the token header or null
   */
  public String refusal(String secFetchSite, String origin, String host, String presentedToken) {
    String site = crossSite(secFetchSite, origin, host);
    if (site != null) {
      return site;
    }
    if (presentedToken == null) {
      return "no " + TOKEN_HEADER + " header";
    }
    if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        presentedToken.getBytes(StandardCharsets.UTF_8))) {
      return "wrong " + TOKEN_HEADER;
    }
    return null;
  }

  /**
   * Why a request comes from another site, or null. Browsers send {@code Sec-Fetch-Site}; only
   * {@code same-origin} and {@code none} (typed by the user) pass. Without it, an {@code Origin}
   * must name the same host and port as {@code Host} (the scheme is not compared: behind a TLS
   * proxy the page is https while the daemon sees http).
   */
  public static String crossSite(String secFetchSite, String origin, String host) {
    if (secFetchSite != null) {
      String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
      if (!site.equals("same-origin") && !site.equals("none")) {
        return "Sec-Fetch-Site is " + clip(site);
      }
    }
    if (origin != null) {
      String authority = authorityOf(origin);
      if (authority == null || host == null
          || !authority.equalsIgnoreCase(host.trim())) {
        return "Origin " + clip(origin) + " does not match Host " + clip(String.valueOf(host));
      }
    }
    return null;
  }

  private static String authorityOf(String origin) {
    if (origin.equals("null")) {
      return null;
    }
    try {
      URI uri = new URI(origin.trim());
      return uri.getRawAuthority();
    } catch (Exception e) {
      return null;
    }
  }

  private static String clip(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
  }
}
