package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.config.FcgiSocketConfig;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.PosixException;
import dev.jsupervisor.core.process.internal.PyRepr;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The listening sockets of the fcgi-program groups, counted as supervisord's SocketManager
 * counts them: a group's socket is created when the first of its processes is about to spawn
 * and closed once none of its processes holds it (each releases it when its exit is handled, or
 * when its spawn fails). A UNIX socket's file stays after closing, as under supervisord; the next
 * creation replaces it. Used only on the supervisor loop.
 */
final class FcgiSockets {
  /** What Python's {@code socket.SOMAXCONN} is here: the backlog when none is configured. */
  static final int DEFAULT_BACKLOG = 4096;

  private final Posix posix;
  private final MainLog log;
  private final Map<String, Shared> byGroup = new HashMap<>();

  FcgiSockets(Posix posix, MainLog log) {
    this.posix = posix;
    this.log = log;
  }

  /** A socket that could not be made, with supervisord's words for why. */
  static final class SocketError extends Exception {
    private static final long serialVersionUID = 1L;

    SocketError(String message) {
      super(message);
    }
  }

  private static final class Shared {
    int fd = -1;
    final Set<Object> holders = new HashSet<>();
  }

  /**
   * Creates and closes each fcgi group's socket once, as supervisord does when it adds a group,
   * so that a socket that cannot be made stops the start at once.
   *
   * @throws SocketError "Could not create FastCGI socket url: reason"
   */
  void probe(GroupConfig group) throws SocketError {
    FcgiSocketConfig socket = group.socket();
    if (socket == null) {
      return;
    }
    int fd;
    try {
      fd = open(group);
    } catch (SocketError e) {
      throw new SocketError("Could not create FastCGI socket " + socket + ": " + e.getMessage());
    }
    close(socket, fd);
  }

  /**
   * The group's socket for {@code holder}, created if no process holds it yet; -1 for a group
   * without one.
   */
  int acquire(GroupConfig group, Object holder) throws SocketError {
    if (group.socket() == null) {
      return -1;
    }
    Shared shared = byGroup.computeIfAbsent(group.name(), n -> new Shared());
    if (shared.fd < 0) {
      try {
        shared.fd = open(group);
      } catch (SocketError e) {
        throw new SocketError("Could not create FastCGI socket " + group.socket() + ": "
            + e.getMessage());
      }
    }
    shared.holders.add(holder);
    return shared.fd;
  }

  /** Drops {@code holder}'s hold (if it has one); the last one out closes the socket. */
  void release(GroupConfig group, Object holder) {
    Shared shared = byGroup.get(group.name());
    if (shared == null || !shared.holders.remove(holder) || !shared.holders.isEmpty()) {
      return;
    }
    byGroup.remove(group.name());
    close(group.socket(), shared.fd);
  }

  /** Whether the group's socket is open now (tests). */
  boolean isOpen(String groupName) {
    return byGroup.containsKey(groupName);
  }

  private int open(GroupConfig group) throws SocketError {
    FcgiSocketConfig socket = group.socket();
    log.info("Creating socket " + socket);
    int fd = socket.isUnix() ? bindUnix(group) : bindTcp(socket);
    try {
      posix.listen(fd, socket.backlog() == null ? DEFAULT_BACKLOG : socket.backlog());
    } catch (PosixException e) {
      closeQuietly(fd);
      throw new SocketError(pythonError(e, null));
    }
    return fd;
  }

  private void close(FcgiSocketConfig socket, int fd) {
    log.info("Closing socket " + socket);
    closeQuietly(fd);
  }

  private int bindTcp(FcgiSocketConfig socket) throws SocketError {
    byte[] address = null;
    try {
      for (InetAddress a : InetAddress.getAllByName(socket.host())) {
        if (a instanceof Inet4Address) {
          address = a.getAddress();
          break;
        }
      }
    } catch (UnknownHostException e) {
      // as below
    }
    if (address == null) {
      throw new SocketError("[Errno -2] Name or service not known");
    }
    try {
      return posix.bindTcp(address, socket.port());
    } catch (PosixException e) {
      throw new SocketError(pythonError(e, null));
    }
  }

  private int bindUnix(GroupConfig group) throws SocketError {
    FcgiSocketConfig socket = group.socket();
    Path path = Path.of(socket.path());
    try {
      if (Files.exists(path)) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new SocketError(e.getMessage());
    }
    int fd;
    try {
      fd = posix.bindUnix(socket.path());
    } catch (PosixException e) {
      throw new SocketError(pythonError(e, null));
    }
    try {
      int[] owner = owner(group);
      if (owner != null) {
        try {
          posix.chown(socket.path(), owner[0], owner[1]);
        } catch (PosixException e) {
          throw new SocketError(
              "Could not change ownership of socket file: " + pythonError(e, socket.path()));
        }
      }
      try {
        posix.chmod(socket.path(), socket.mode());
      } catch (PosixException e) {
        throw new SocketError(
            "Could not change permissions of socket file: " + pythonError(e, socket.path()));
      }
    } catch (SocketError e) {
      closeQuietly(fd);
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // the error that matters is the one above
      }
      throw e;
    }
    return fd;
  }

  /**
   * {@code socket_owner}, else the program's {@code user} when that is not the daemon's user
   * (with that user's primary group), else null (the daemon's).
   */
  private int[] owner(GroupConfig group) {
    FcgiSocketConfig socket = group.socket();
    if (socket.ownerUid() != null) {
      return new int[] {socket.ownerUid(), socket.ownerGid()};
    }
    Integer uid = group.processes().isEmpty() ? null : group.processes().get(0).uid();
    if (uid == null || uid == posix.getuid()) {
      return null;
    }
    OptionalInt gid = posix.primaryGid(uid);
    return new int[] {uid, gid.orElse(-1)};
  }

  /** Python's text for an OSError: {@code [Errno 98] Address already in use[: 'path']}. */
  private String pythonError(PosixException e, String path) {
    String text = "[Errno " + e.errno() + "] " + posix.strerror(e.errno());
    return path == null ? text : text + ": " + PyRepr.of(path);
  }

  private void closeQuietly(int fd) {
    try {
      posix.close(fd);
    } catch (PosixException e) {
      log.debug("closing socket descriptor " + fd + ": " + e.getMessage());
    }
  }
}
