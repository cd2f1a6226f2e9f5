package dev.jsupervisor.core.config;

/**
 * The listening socket of an {@code [fcgi-program:x]}: a TCP address or a UNIX socket path, made
 * by the daemon and handed to every process of the program as its file descriptor 0.
 *
 * @param url {@code tcp://host:port} (host lower-cased) or {@code unix:///normalized/path}: what
 *     the main log names and what decides whether two configs are the same socket
 * @param host the TCP host to bind, or null for a UNIX socket
 * @param port the TCP port, or 0 for a UNIX socket
 * @param path the UNIX socket path, or null for TCP
 * @param backlog the {@code listen} backlog from {@code socket_backlog}, or null for SOMAXCONN
 * @param ownerUid {@code socket_owner}'s user, or null when not set (then a UNIX socket belongs
 *     to the program's {@code user} if that is not the daemon's)
 * @param ownerGid {@code socket_owner}'s group, or -1 when not given
 * @param mode the UNIX socket file's mode ({@code socket_mode}, default 0700), or null for TCP
 */
public record FcgiSocketConfig(
    String url,
    String host,
    int port,
    String path,
    Integer backlog,
    Integer ownerUid,
    int ownerGid,
    Integer mode) {

  /** The default {@code socket_mode} of a UNIX socket. */
  public static final int DEFAULT_UNIX_MODE = 0700;

  public static FcgiSocketConfig tcp(String host, int port, Integer backlog) {
    String lower = host.toLowerCase(java.util.Locale.ROOT);
    return new FcgiSocketConfig("tcp://" + lower + ":" + port, lower, port, null, backlog, null,
        -1, null);
  }

  public static FcgiSocketConfig unix(
      String path, Integer backlog, Integer ownerUid, int ownerGid, Integer mode) {
    return new FcgiSocketConfig("unix://" + path, null, 0, path, backlog, ownerUid, ownerGid,
        mode == null ? DEFAULT_UNIX_MODE : mode);
  }

  public boolean isUnix() {
    return path != null;
  }

  /** What supervisord prints for the socket: its URL. */
  @Override
  public String toString() {
    return url;
  }
}
