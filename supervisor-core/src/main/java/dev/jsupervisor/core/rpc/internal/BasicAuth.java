package dev.jsupervisor.core.rpc.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks an HTTP {@code Authorization} header against one configured user, the way supervisord's
 * servers do: Basic scheme only; the stored password is plain text or {@code {SHA}} followed by
 * the hex SHA-1 of the password. Comparisons take the same time whatever the input. Pure.
 */
public final class BasicAuth {
  private static final String SHA_PREFIX = "{SHA}";

  private final byte[] username;
  private final byte[] password;
  private final boolean sha1;

  public BasicAuth(String username, String password) {
    this.username = username.getBytes(StandardCharsets.UTF_8);
    this.sha1 = password.startsWith(SHA_PREFIX);
    String stored = sha1 ? password.substring(SHA_PREFIX.length()).toLowerCase(Locale.ROOT) : password;
    this.password = stored.getBytes(StandardCharsets.UTF_8);
  }

  /** True when the header carries this user's credentials. */
  public boolean permits(String authorizationHeader) {
    if (authorizationHeader == null) {
      return false;
    }
    String header = authorizationHeader.trim();
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Basic")) {
      return false;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(header.substring(space + 1).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    String credentials = new String(decoded, StandardCharsets.UTF_8);
    int colon = credentials.indexOf(':');
    if (colon < 0) {
      return false;
    }
    byte[] givenUser = credentials.substring(0, colon).getBytes(StandardCharsets.UTF_8);
    String givenPassword = credentials.substring(colon + 1);
    byte[] givenSecret = sha1
        ? HexFormat.of().formatHex(sha1(givenPassword)).getBytes(StandardCharsets.UTF_8)
        : givenPassword.getBytes(StandardCharsets.UTF_8);
    // Both checks always run, so timing does not tell which part was wrong.
    boolean userOk = MessageDigest.isEqual(username, givenUser);
    boolean passwordOk = MessageDigest.isEqual(password, givenSecret);
    return userOk & passwordOk;
  }

  private static byte[] sha1(String text) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-1", e);
    }
  }
}
