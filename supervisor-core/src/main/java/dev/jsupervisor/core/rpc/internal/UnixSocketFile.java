package dev.jsupervisor.core.rpc.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a {@code [unix_http_server]} socket file, as supervisord handles it: refuse when a
 * live server answers on an existing file, remove a stale one, bind under a temporary name,
 * chmod/chown it, then move it into place, and remove it on stop.
 */
public final class UnixSocketFile {
  /** supervisord's startup error when the address is taken (two spaces after the periods). */
  public static final String IN_USE_MESSAGE =
      "Another program is already listening on a port that one of our HTTP servers is "
          + "configured to use.  Shut this program down first before starting supervisord.";

  private final Path path;
  private final Path bindPath;

  public UnixSocketFile(Path path) {
    this.path = path.toAbsolutePath();
    this.bindPath = Path.of(this.path + "." + ProcessHandle.current().pid());
  }

  /** Where the connector binds before {@link #publish} moves the file into place. */
  public Path bindPath() {
    return bindPath;
  }

  public Path path() {
    return path;
  }

  /**
   * Clears the way for binding.
   *
   * @throws IOException with {@link #IN_USE_MESSAGE} when a server answers on the file
   */
  public void prepare() throws IOException {
    if (Files.exists(path) && answers(path)) {
      throw new IOException(IN_USE_MESSAGE);
    }
    Files.deleteIfExists(path);
    Files.deleteIfExists(bindPath);
  }

  /** Applies mode and owner to the bound file and moves it to its configured name. */
  public void publish(int mode, Integer uid, Integer gid) throws IOException {
    Files.setPosixFilePermissions(bindPath, permissions(mode));
    if (uid != null) {
      Files.setAttribute(bindPath, "unix:uid", uid);
    }
    if (gid != null) {
      Files.setAttribute(bindPath, "unix:gid", gid);
    }
    Files.move(bindPath, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes the socket file (and a temporary one left by a failed start). */
  public void remove() throws IOException {
    Files.deleteIfExists(bindPath);
    Files.deleteIfExists(path);
  }

  private static boolean answers(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false; // refused or not a socket: nobody is serving there
    }
  }

  /** POSIX permission bits of an octal mode such as {@code 0700}. */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_EXECUTE
    };
    for (int i = 0; i < order.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        perms.add(order[i]);
      }
    }
    return perms;
  }
}
