package dev.jsupervisor.core.process;

import java.util.OptionalInt;

/**
 * The few POSIX calls the JDK lacks and the supervisor needs; failures surface as
 * {@link PosixException} naming the errno.
 */
public interface Posix {
  /** {@code RLIMIT_NPROC}: the most processes the real user may have. */
  int RLIMIT_NPROC = 6;
  /** {@code RLIMIT_NOFILE}: the most open file descriptors. */
  int RLIMIT_NOFILE = 7;
  /** The "no limit" value of an rlimit. */
  long RLIM_INFINITY = -1L;

  /** Sends {@code signal} to {@code pid}; a negative pid addresses that process group. */
  void kill(int pid, int signal) throws PosixException;

  /** Sends {@code signal} to every process of group {@code pgid}. */
  void killpg(int pgid, int signal) throws PosixException;

  int getpid();

  /**
   * Gives the calling thread the lowest CPU priority (nice 19): it then runs only on CPU time
   * nothing else wants.
   */
  void lowerCurrentThreadPriority() throws PosixException;

  int getpgid(int pid) throws PosixException;

  /** Sets the process umask and returns the previous one. */
  int umask(int mask);

  /** The soft and hard limit, in that order. */
  long[] getrlimit(int resource) throws PosixException;

  void setrlimit(int resource, long soft, long hard) throws PosixException;

  int getuid();

  int geteuid();

  /** The primary group of the user with this uid, or empty when the user is unknown. */
  OptionalInt primaryGid(int uid);

  /**
   * Sets the supplementary groups to every group {@code user} belongs to plus {@code gid}
   * (initgroups(3)); glibc applies it to every thread of the process.
   */
  void initgroups(String user, int gid) throws PosixException;

  /** Sets the real, effective and saved group id (of every thread). */
  void setgid(int gid) throws PosixException;

  /** Sets the real, effective and saved user id (of every thread). */
  void setuid(int uid) throws PosixException;

  /** Opens an unbound, close-on-exec AF_UNIX datagram socket and returns its descriptor. */
  int openDatagramSocket() throws PosixException;

  /** Sends {@code data} as one datagram from socket {@code fd} to the socket bound at {@code path}. */
  void sendDatagram(int fd, String path, byte[] data) throws PosixException;

  /**
   * Opens a close-on-exec TCP socket with {@code SO_REUSEADDR} and binds it to an IPv4 address
   * (4 bytes) and port; closed again if binding fails.
   *
   * @return the socket's descriptor
   */
  int bindTcp(byte[] ipv4, int port) throws PosixException;

  /**
   * Opens a close-on-exec UNIX stream socket and binds it at {@code path} (which must not
   * exist); closed again if binding fails.
   *
   * @return the socket's descriptor
   */
  int bindUnix(String path) throws PosixException;

  /** Marks a bound socket as accepting connections, with room for {@code backlog} pending ones. */
  void listen(int fd, int backlog) throws PosixException;

  /** Changes a file's owner; -1 leaves that id as it is. */
  void chown(String path, int uid, int gid) throws PosixException;

  void chmod(String path, int mode) throws PosixException;

  /** The C library's message for an errno, such as "Address already in use". */
  String strerror(int errno);

  /** Closes a descriptor this interface opened. */
  void close(int fd) throws PosixException;

  /**
   * Gives {@code signal} its default action again. A signal ignored when the JVM started (a
   * daemon launched with {@code nohup} or by a shell in the background) stays ignored by the
   * JDK's own handler registration; this undoes that first.
   */
  void restoreDefaultAction(int signal) throws PosixException;
}
