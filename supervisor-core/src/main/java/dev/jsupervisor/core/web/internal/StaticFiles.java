package dev.jsupervisor.core.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Static files served from the jar (the pages' stylesheet and icon, the dashboard's script and
 * stylesheet): each is read on its first request and kept, with a strong ETag (a hash of its
 * bytes) so a browser revalidates with a 304 instead of downloading it again.
 */
public final class StaticFiles {
  private record File(byte[] body, String type, String etag) {}

  private final String root;
  private final Map<String, String> types;
  private final Map<String, File> loaded = new ConcurrentHashMap<>();

  /**
   * @param root the resource folder the paths are under
   * @param types each served path (appended to {@code root}) and its Content-Type
   */
  public StaticFiles(String root, Map<String, String> types) {
    this.root = root;
    this.types = Map.copyOf(types);
  }

  /** The pages' own files. */
  public static StaticFiles pages() {
    return new StaticFiles("/dev/jsupervisor/core/web", Map.of(
        "/stylesheets/supervisor.css", "text/css;charset=utf-8",
        "/images/icon.png", "image/png"));
  }

  public boolean has(String path) {
    return types.containsKey(path);
  }

  /** Serves a path {@link #has} knows; {@code withBody} false for HEAD. */
  public void serve(String path, HttpFields requestHeaders, Response response, Callback callback,
      boolean withBody) {
    File file = loaded.computeIfAbsent(path, p -> {
      byte[] body = read(root + p);
      return new File(body, types.get(p), etag(body));
    });
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
