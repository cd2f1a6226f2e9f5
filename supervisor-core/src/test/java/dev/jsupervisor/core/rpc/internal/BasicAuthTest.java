package dev.jsupervisor.core.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
  private static String header(String credentials) {
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plainPassword() {
    BasicAuth auth = new BasicAuth("bob", "pw:with:colons");
    assertTrue(auth.permits(header("bob:pw:with:colons")));
    assertTrue(auth.permits("basic " + header("bob:pw:with:colons").substring(6)), "scheme is case-insensitive");
    assertFalse(auth.permits(header("bob:pw")));
    assertFalse(auth.permits(header("bo:pw:with:colons")));
    assertFalse(auth.permits(header("bobpw")), "no colon");
    assertFalse(auth.permits(null));
    assertFalse(auth.permits(""));
    assertFalse(auth.permits("Basic"));
    assertFalse(auth.permits("Basic %%%"));
    assertFalse(auth.permits("Digest " + header("bob:pw:with:colons").substring(6)));
  }

  @Test
  void sha1Password() {
    // SHA-1 of "thepassword"
    BasicAuth auth = new BasicAuth("bob", "{SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d");
    assertTrue(auth.permits(header("bob:thepassword")));
    assertFalse(auth.permits(header("bob:{SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d")),
        "the stored hash is not itself a password");
    assertFalse(auth.permits(header("bob:thepasswor")));
  }

  @Test
  void unicodeCredentials() {
    BasicAuth auth = new BasicAuth("j\u00fcrgen", "p\u00e4ss");
    assertTrue(auth.permits(header("j\u00fcrgen:p\u00e4ss")));
    assertFalse(auth.permits(header("jurgen:pass")));
  }
}
