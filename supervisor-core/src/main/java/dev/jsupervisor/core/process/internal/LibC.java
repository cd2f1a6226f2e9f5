package dev.jsupervisor.core.process.internal;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls that spawn, watch and talk to children without {@code java.lang.Process},
 * direct-mapped through JNA; the method names must equal the C symbols. Registration fails (and
 * {@link #LINK_ERROR} says why) on a C library without them, such as glibc before 2.34 or musl.
 */
final class LibC {
  /** Why the symbols could not be bound, or null when they were. */
  static final Throwable LINK_ERROR = link();

  static final int O_CLOEXEC = 02000000;
  static final int O_NONBLOCK = 04000;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int WNOHANG = 1;
  static final int SIGPIPE = 13;
  static final int SIGXFSZ = 25;
  /** {@code SYS_pidfd_open}: one number on every architecture (new syscalls share the table). */
  static final long SYS_PIDFD_OPEN = 434;

  static final short POSIX_SPAWN_SETPGROUP = 0x02;
  static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  static final short POSIX_SPAWN_SETSIGMASK = 0x08;

  /** Generous upper bounds of the opaque glibc structures (80, 336 and 128 bytes on x86-64). */
  static final int FILE_ACTIONS_SIZE = 512;
  static final int SPAWNATTR_SIZE = 1024;
  static final int SIGSET_SIZE = 256;

  private LibC() {}

  private static Throwable link() {
    try {
      Native.register(LibC.class, Platform.C_LIBRARY_NAME);
      return null;
    } catch (Throwable e) { // UnsatisfiedLinkError, or JNA's own loading errors
      return e;
    }
  }

  static int errno() {
    return Native.getLastError();
  }

  static native int posix_spawn(
      int[] pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

  static native int posix_spawn_file_actions_init(Pointer actions);

  static native int posix_spawn_file_actions_destroy(Pointer actions);

  static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

  static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

  static native int posix_spawnattr_init(Pointer attr);

  static native int posix_spawnattr_setflags(Pointer attr, short flags);

  static native int posix_spawnattr_setsigmask(Pointer attr, Pointer mask);

  static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer signals);

  static native int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

  static native int sigemptyset(Pointer set);

  static native Pointer signal(int signal, Pointer handler);

  static native int pipe2(int[] fds, int flags);

  static native int eventfd(int initval, int flags);

  // size_t and ssize_t are 64-bit on the LP64 Linux targets this runs on.
  static native long read(int fd, byte[] buf, long count);

  /** Into native memory: no copy of a Java array in and out around the call. */
  static native long read(int fd, Pointer buf, long count);

  static native long write(int fd, byte[] buf, long count);

  static native int close(int fd);

  /** One descriptor's readiness now (FdOutputStream: is there room in a listener's pipe). */
  static native int poll(Pointer fds, long nfds, int timeout);

  static native int epoll_create1(int flags);

  static native int epoll_ctl(int epfd, int op, int fd, Pointer event);

  static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

  static native int kill(int pid, int signal);

  static native int waitpid(int pid, int[] status, int options);

  /** Only ever called with two int arguments; integers pass alike to variadic functions. */
  static native long syscall(long number, int a, int b);
}
