package dev.jsupervisor.core.config;

/**
 * One {@code [unix_http_server]} or {@code [inet_http_server]} (or a section whose name starts
 * with one of those).
 *
 * @param sectionName the section name, as it appears in the file
 * @param unixSocket for a UNIX server: absolute socket file path; null for TCP
 * @param host for TCP: host to bind; empty for all interfaces
 * @param port for TCP: port; 0 for a UNIX server
 * @param chmod for UNIX: socket file mode (default 0700)
 * @param chownUid for UNIX: owner uid, or null to leave unchanged
 * @param chownGid for UNIX: owner gid, or null to leave unchanged
 * @param username Basic auth user, or null when the server needs no auth
 * @param password plain password or {@code {SHA}} + hex SHA-1, or null
 */
public record HttpServerConfig(
    String sectionName,
    String unixSocket,
    String host,
    int port,
    int chmod,
    Integer chownUid,
    Integer chownGid,
    String username,
    String password) {

  public boolean isUnix() {
    return unixSocket != null;
  }

  public boolean requiresAuth() {
    return username != null;
  }
}
