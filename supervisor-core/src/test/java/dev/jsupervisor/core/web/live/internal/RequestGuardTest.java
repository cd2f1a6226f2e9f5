package dev.jsupervisor.core.web.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class RequestGuardTest {
  private final RequestGuard guard = new RequestGuard("secret-token");

  /** Headers from name/value pairs; a null value leaves the header out. */
  private static HttpFields headers(String... pairs) {
    HttpFields.Mutable fields = HttpFields.build();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        fields.add(pairs[i], pairs[i + 1]);
      }
    }
    return fields;
  }

  private String refusal(String site, String origin, String host, String token) {
    return guard.refusal(headers("Sec-Fetch-Site", site, "Origin", origin, "Host", host,
        RequestGuard.TOKEN_HEADER, token));
  }

  @Test
  void sameOriginWithTheTokenMayAct() {
    assertNull(refusal("same-origin", "http://127.0.0.1:9001", "127.0.0.1:9001", "secret-token"));
    assertNull(refusal(null, null, "127.0.0.1:9001", "secret-token"), "curl: no browser headers");
    assertNull(refusal("none", null, "127.0.0.1:9001", "secret-token"), "typed by the user");
  }

  @Test
  void crossAndSameSiteAreRefusedBeforeTheTokenIsLookedAt() {
    assertEquals("Sec-Fetch-Site: cross-site",
        refusal("cross-site", "http://evil.test", "127.0.0.1:9001", "secret-token"));
    assertEquals("Sec-Fetch-Site: same-site",
        refusal("same-site", null, "127.0.0.1:9001", "secret-token"), "another port of the host");
    assertTrue(refusal(null, "http://127.0.0.1:9002", "127.0.0.1:9001", "secret-token")
        .startsWith("Origin 'http://127.0.0.1:9002' is not Host"));
    assertTrue(refusal(null, "null", "127.0.0.1:9001", "secret-token").startsWith("Origin 'null'"));
    assertTrue(refusal(null, "http://h", null, "secret-token").startsWith("Origin"));
  }

  @Test
  void missingOrWrongTokenIsRefused() {
    assertEquals("no X-JSupervisor-Token header", refusal("same-origin", null, "h", null));
    assertEquals("wrong X-JSupervisor-Token", refusal("same-origin", null, "h", "secret-tokem"));
    assertEquals("wrong X-JSupervisor-Token", refusal("same-origin", null, "h", ""));
  }

  @Test
  void hostileHeaderTextIsClippedAndMadePrintable() {
    String reason = RequestGuard.crossSite(headers("Sec-Fetch-Site", "x\u0001\u007f" + "y".repeat(500)));
    assertTrue(reason.matches("[\\x20-\\x7e]{1,120}"), reason);
  }

  @Test
  void randomTokensDiffer() {
    String a = RequestGuard.withRandomToken().token();
    assertEquals(43, a.length());
    assertNotEquals(a, RequestGuard.withRandomToken().token());
  }
}
