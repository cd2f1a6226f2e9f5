package dev.jsupervisor.core.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * A supervisord server address as supervisorctl accepts it: {@code http://host[:port]} (port
 * 80 when omitted) or {@code unix:///absolute/socket/path}.
 *
 * @param text the URL exactly as given (used in messages, as supervisorctl does)
 * @param host the TCP host, or null for a UNIX socket
 * @param port the TCP port, or -1 for a UNIX socket
 * @param socketPath the UNIX socket path, or null for TCP
 */
public record ServerUrl(String text, String host, int port, Path socketPath) {

  /** Parses {@code url}; anything but http:// and unix:// is refused with supervisorctl's words. */
  public static ServerUrl parse(String url) {
    if (url.startsWith("unix://")) {
      String path = url.substring("unix://".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("no socket path in serverurl " + url);
      }
      return new ServerUrl(url, null, -1, Path.of(path));
    }
    if (url.startsWith("http://")) {
      try {
        URI uri = new URI(url);
        String host = uri.getHost();
        if (host == null) {
          throw new IllegalArgumentException("no host in serverurl " + url);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        return new ServerUrl(url, host, uri.getPort() < 0 ? 80 : uri.getPort(), null);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("bad serverurl " + url + ": " + e.getReason(), e);
      }
    }
    throw new IllegalArgumentException("Unknown protocol for serverurl " + url);
  }

  public boolean isUnix() {
    return socketPath != null;
  }

  @Override
  public String toString() {
    return text;
  }
}
