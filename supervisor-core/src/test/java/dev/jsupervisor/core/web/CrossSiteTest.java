package dev.jsupervisor.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

final class CrossSiteTest {

  private static String refusal(String... headers) {
    HttpFields.Mutable fields = HttpFields.build();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      fields.add(headers[i], headers[i + 1]);
    }
    return CrossSite.refusal(fields);
  }

  @Test
  void sameOriginAndUnmarkedRequestsPass() {
    assertNull(refusal());
    assertNull(refusal("Host", "127.0.0.1:9001"));
    assertNull(refusal("Host", "127.0.0.1:9001", "Origin", "http://127.0.0.1:9001",
        "Sec-Fetch-Site", "same-origin"));
    assertNull(refusal("Host", "Example.COM", "Origin", "https://example.com"));
    assertNull(refusal("Host", "example.com:443", "Origin", "https://example.com"));
    assertNull(refusal("Sec-Fetch-Site", "none"));
    assertNull(refusal("Host", "127.0.0.1:9001", "Origin", "https://sup.example",
        "X-Forwarded-Host", "sup.example, inner"));
  }

  @Test
  void crossSiteMarksAndForeignOriginsAreRefused() {
    assertEquals("Sec-Fetch-Site: cross-site", refusal("Sec-Fetch-Site", "cross-site"));
    assertNotNull(refusal("Host", "127.0.0.1:9001", "Origin", "http://127.0.0.1:9002"));
    assertNotNull(refusal("Host", "127.0.0.1:9001", "Origin", "null"));
    assertNotNull(refusal("Host", "127.0.0.1:9001", "Origin", "http://127.0.0.1:9001/path"));
    assertNotNull(refusal("Host", "127.0.0.1:9001", "Origin", "::not a uri::"));
    assertNotNull(refusal("Origin", "http://127.0.0.1:9001"), "no Host at all");
  }

  @Test
  void refusalsQuoteHeadersSafelyForTheLog() {
    String evil = "http://e.example/\r\nINFO forged line" + "x".repeat(500);
    String r = refusal("Host", "h", "Origin", evil);
    assertEquals(-1, r.indexOf('\n'));
    assertEquals(-1, r.indexOf('\r'));
    assertEquals(true, r.length() < 2 * CrossSite.MAX_QUOTED + 60, r);
  }
}
