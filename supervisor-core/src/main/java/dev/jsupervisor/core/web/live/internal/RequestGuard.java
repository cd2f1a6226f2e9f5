package dev.jsupervisor.core.web.live.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import dev.jsupervisor.core.web.CrossSite;
import org.eclipse.jetty.http.HttpFields;

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

  /** Why a request with these headers must be refused, or null when it may act. */
  public String refusal(HttpFields headers) {
    String site = crossSite(headers);
    if (site != null) {
      return site;
    }
    String presented = headers.get(TOKEN_HEADER);
    if (presented == null) {
      return "no " + TOKEN_HEADER + " header";
    }
    if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8))) {
      return "wrong " + TOKEN_HEADER;
    }
    return null;
  }

  /**
   * Why a request comes from another site, or null. Stricter than the pages' rule
   * ({@link CrossSite}, also applied): of the browser's {@code Sec-Fetch-Site} values only
   * {@code same-origin} and {@code none} (typed by the user) pass, so another port or a sibling
   * host ({@code same-site}) cannot act either.
   */
  public static String crossSite(HttpFields headers) {
    String fetchSite = headers.get("Sec-Fetch-Site");
    if (fetchSite != null) {
      String site = fetchSite.trim().toLowerCase(Locale.ROOT);
      if (!site.equals("same-origin") && !site.equals("none")) {
        return "Sec-Fetch-Site: " + clip(site);
      }
    }
    return CrossSite.refusal(headers);
  }

  private static String clip(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
  }
}
