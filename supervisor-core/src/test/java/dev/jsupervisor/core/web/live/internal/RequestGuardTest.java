package dev.jsupervisor.core.web.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestGuardTest {
  private final RequestGuard guard = new RequestGuard("secret-token");

  @Test
  void sameOriginWithTheTokenMayAct() {
    assertNull(guard.refusal("same-origin", "http://127.0.0.1:9001", "127.0.0.1:9001", "secret-token"));
    assertNull(guard.refusal(null, null, "127.0.0.1:9001", "secret-token"), "curl: no browser headers");
    assertNull(guard.refusal(null, "https://sup.example.org", "sup.example.org", "secret-token"),
        "behind a TLS proxy the scheme differs, the authority does not");
  }

  @Test
  void crossSiteIsRefusedBeforeTheTokenIsLookedAt() {
    assertEquals("Sec-Fetch-Site is cross-site",
        guard.refusal("cross-site", "http://evil.test", "127.0.0.1:9001", "secret-token"));
    assertEquals("Sec-Fetch-Site is same-site",
        guard.refusal("same-site", null, "127.0.0.1:9001", "secret-token"));
    assertEquals("Origin http://127.0.0.1:9002 does not match Host 127.0.0.1:9001",
        guard.refusal(null, "http://127.0.0.1:9002", "127.0.0.1:9001", "secret-token"));
    assertTrue(guard.refusal(null, "null", "127.0.0.1:9001", "secret-token").startsWith("Origin null"));
    assertTrue(guard.refusal(null, "::not a uri", "h", "secret-token").startsWith("Origin"));
    assertTrue(guard.refusal(null, "http://h", null, "secret-token").startsWith("Origin"));
  }

  @Test
  void missingOrWrongTokenIsRefused() {
    assertEquals("no X-JSupervisor-Token header", guard.refusal("same-origin", null, "h", null));
    assertEquals("wrong X-JSupervisor-Token", guard.refusal("same-origin", null, "h", "secret-tokem"));
    assertEquals("wrong X-JSupervisor-Token", guard.refusal("same-origin", null, "h", ""));
  }

  @Test
  void hostileHeaderTextIsClippedAndMadePrintable() {
    String reason = RequestGuard.crossSite("x\r\nInjected: 1" + "y".repeat(500), null, "h");
    assertTrue(!reason.contains("\r") && !reason.contains("\n") && reason.length() < 120, reason);
  }

  @Test
  void randomTokensDiffer() {
    String a = RequestGuard.withRandomToken().token();
    assertEquals(43, a.length());
    assertNotEquals(a, RequestGuard.withRandomToken().token());
  }
}
