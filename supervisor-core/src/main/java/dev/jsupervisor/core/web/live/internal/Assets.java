package dev.jsupervisor.core.web.live.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's static files, read from the jar on first request and kept, each with a strong
 * ETag (a hash of its bytes) so a browser revalidates instead of downloading again.
 */
public final class Assets {
  /** A served file. */
  public record Asset(byte[] bytes, String contentType, String etag) {}

  private static final String ROOT = "/dev/jsupervisor/core/web/assets/";
  private static final Map<String, String> TYPES = Map.of(
      "dashboard.js", "text/javascript;charset=utf-8",
      "dashboard.css", "text/css;charset=utf-8");

  private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

  /** The asset called {@code name} (e.g. {@code dashboard.js}), or null when there is none. */
  public Asset get(String name) {
    String type = TYPES.get(name);
    if (type == null) {
      return null;
    }
    return loaded.computeIfAbsent(name, n -> load(n, type));
  }

  private static Asset load(String name, String type) {
    try (InputStream in = Assets.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("asset missing from the jar: " + ROOT + name);
      }
      byte[] bytes = in.readAllBytes();
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new Asset(bytes, type, "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
