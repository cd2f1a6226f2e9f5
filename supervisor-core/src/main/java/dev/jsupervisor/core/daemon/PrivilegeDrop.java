package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.Users;
import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.PosixException;
import org.slf4j.LoggerFactory;

/**
 * Switches the daemon to the {@code [supervisord] user} (or {@code -u}) as supervisord does before
 * it opens its log, sockets and pidfile: supplementary groups, then group id, then user id, for
 * every thread of the JVM; nothing to do when already that user; refused when not root.
 */
final class PrivilegeDrop {
  /** The outcome: the uid now in effect, or supervisord's message for why it could not be. */
  record Result(int uid, String error) {
    boolean succeeded() {
      return error == null;
    }
  }

  private final Posix posix;
  private final Users users;

  PrivilegeDrop(Posix posix, Users users) {
    this.posix = posix;
    this.users = users;
  }

  /**
   * Switches to {@code user}, a name or a numeric uid; never throws for a user error (an unknown
   * user gets the config loader's message, which the loader normally reports first).
   */
  Result switchTo(String user) {
    int uid;
    try {
      uid = users.uidOf(user);
    } catch (ConfigException e) {
      return new Result(-1, e.getMessage());
    }
    Users.User named = users.byName(user);
    Users.User entry = named != null && named.uid() == uid ? named : users.byUid(uid);
    if (posix.getuid() == uid) {
      return new Result(uid, null);
    }
    if (posix.getuid() != 0) {
      return new Result(uid, "Can't drop privilege as nonroot user");
    }
    // Classes load lazily; once unprivileged the JVM may no longer open jars under /root.
    preloadClassPath();
    try {
      posix.initgroups(entry.name(), entry.gid());
    } catch (PosixException e) {
      return new Result(uid, "Could not set groups of effective user");
    }
    try {
      posix.setgid(entry.gid());
    } catch (PosixException e) {
      return new Result(uid, "Could not set group id of effective user");
    }
    try {
      posix.setuid(uid);
    } catch (PosixException e) {
      return new Result(uid, "Could not set user id of effective user");
    }
    return new Result(uid, null);
  }

  /**
   * Whether {@link #switchTo} would be refused for lack of privilege: the check the foreground
   * process makes before it starts the background copy, so the message still reaches the terminal.
   */
  String precheck(String user) {
    int uid;
    try {
      uid = users.uidOf(user);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    return posix.getuid() == 0 || posix.getuid() == uid
        ? null
        : "Can't drop privilege as nonroot user";
  }

  /**
   * Opens every jar of the class path while the files are still readable (a lookup of a name no
   * jar holds makes the class loader open each of them, and it keeps them open), and binds SLF4J
   * (Jetty's logging), which reads its service file through a fresh jar URL. The installation
   * must still be readable by the new user for anything loaded later, as supervisord's is.
   */
  private static void preloadClassPath() {
    ClassLoader loader = PrivilegeDrop.class.getClassLoader();
    if (loader != null) {
      loader.getResource("dev/jsupervisor/no-such-resource-" + System.nanoTime());
    }
    LoggerFactory.getILoggerFactory();
  }
}
