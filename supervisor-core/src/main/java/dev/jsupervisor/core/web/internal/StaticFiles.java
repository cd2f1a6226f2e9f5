package dev.jsupervisor.core.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The pages' own static files (stylesheet, images), read once from the jar and served with an
 * ETag so a browser revalidates them with a 304.
 */
public final class StaticFiles {
  private record File(byte[] body, String type, String etag) {}

  private static final String ROOT = "/dev/jsupervisor/core/web";
  private static final Map<String, String> TYPES = Map.of(
      "/stylesheets/supervisor.css", "text/css;charset=utf-8",
      "/images/icon.png", "image/png");

  private final Map<String, File> files;

  public StaticFiles() {
    Map<String, File> loaded = new java.util.HashMap<>();
    TYPES.forEach((path, type) -> {
      byte[] body = read(ROOT + path);
      loaded.put(path, new File(body, type, etag(body)));
    });
    this.files = Map.copyOf(loaded);
  }

  public boolean has(String path) {
    return files.containsKey(path);
  }

  /** Serves a path {@link #has} knows; {@code withBody} false for HEAD. */
  public void serve(String path, HttpFields requestHeaders, Response response, Callback callback,
      boolean withBody) {
    File file = files.get(path);
    response.getHeaders().put(HttpHeader.ETAG, file.etag());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    String ifNoneMatch = requestHeaders.get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null && ifNoneMatch.contains(file.etag())) {
      Replies.bytes(response, callback, HttpStatus.NOT_MODIFIED_304, file.type(), new byte[0],
          false);
      return;
    }
    Replies.bytes(response, callback, HttpStatus.OK_200, file.type(), file.body(), withBody);
  }

  private static byte[] read(String resource) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
