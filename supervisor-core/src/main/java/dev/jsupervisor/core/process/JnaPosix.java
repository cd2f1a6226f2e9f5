package dev.jsupervisor.core.process;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/** {@link Posix} through JNA direct mapping onto the C library. */
public final class JnaPosix implements Posix {
  private static final JnaPosix INSTANCE = new JnaPosix();

  private static final int PRIO_PROCESS = 0;
  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int SOCK_STREAM = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOL_SOCKET = 1;
  private static final int SO_REUSEADDR = 2;
  private static final int SOCK_CLOEXEC = 02000000;
  private static final int SUN_PATH_SIZE = 108;
  private static final int ENAMETOOLONG = 36;

  private JnaPosix() {}

  /** The shared instance (the native binding is process-wide anyway). */
  public static JnaPosix get() {
    return INSTANCE;
  }

  @Override
  public void kill(int pid, int signal) throws PosixException {
    check("kill", C.kill(pid, signal));
  }

  @Override
  public void killpg(int pgid, int signal) throws PosixException {
    check("killpg", C.killpg(pgid, signal));
  }

  @Override
  public void lowerCurrentThreadPriority() throws PosixException {
    // On Linux a thread id addresses that one thread in setpriority's PRIO_PROCESS.
    check("setpriority", C.setpriority(PRIO_PROCESS, C.gettid(), 19));
  }

  @Override
  public int getpid() {
    return C.getpid();
  }

  @Override
  public int getpgid(int pid) throws PosixException {
    int pgid = C.getpgid(pid);
    check("getpgid", pgid);
    return pgid;
  }

  @Override
  public int umask(int mask) {
    return C.umask(mask);
  }

  @Override
  public long[] getrlimit(int resource) throws PosixException {
    long[] limits = new long[2];
    check("getrlimit", C.getrlimit(resource, limits));
    return limits;
  }

  @Override
  public void setrlimit(int resource, long soft, long hard) throws PosixException {
    check("setrlimit", C.setrlimit(resource, new long[] {soft, hard}));
  }

  @Override
  public int getuid() {
    return C.getuid();
  }

  @Override
  public int geteuid() {
    return C.geteuid();
  }

  @Override
  public OptionalInt primaryGid(int uid) {
    Pointer entry = C.getpwuid(uid);
    if (entry == null) {
      return OptionalInt.empty();
    }
    // struct passwd starts with two pointers (pw_name, pw_passwd), then uid_t pw_uid, gid_t pw_gid.
    return OptionalInt.of(entry.getInt(2L * Native.POINTER_SIZE + 4));
  }

  @Override
  public void initgroups(String user, int gid) throws PosixException {
    check("initgroups", C.initgroups(user, gid));
  }

  @Override
  public void setgid(int gid) throws PosixException {
    check("setgid", C.setgid(gid));
  }

  @Override
  public void setuid(int uid) throws PosixException {
    check("setuid", C.setuid(uid));
  }

  @Override
  public int openDatagramSocket() throws PosixException {
    int fd = C.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    check("socket", fd);
    return fd;
  }

  @Override
  public void sendDatagram(int fd, String path, byte[] data) throws PosixException {
    byte[] address = unixAddress(path);
    if (C.sendto(fd, data, data.length, 0, address, address.length) == -1) {
      throw new PosixException("sendto", Native.getLastError());
    }
  }

  @Override
  public int bindTcp(byte[] ipv4, int port) throws PosixException {
    if (ipv4.length != 4 || port < 0 || port > 65535) {
      throw new IllegalArgumentException("not an IPv4 address and port");
    }
    ByteBuffer address = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    address.putShort((short) AF_INET);
    address.order(ByteOrder.BIG_ENDIAN).putShort((short) port).put(ipv4);
    int fd = C.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    check("socket", fd);
    int[] on = {1};
    if (C.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, on, 4) == -1
        || C.bind(fd, address.array(), 16) == -1) {
      int errno = Native.getLastError();
      C.close(fd);
      throw new PosixException("bind", errno);
    }
    return fd;
  }

  @Override
  public int bindUnix(String path) throws PosixException {
    byte[] address = unixAddress(path);
    int fd = C.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    check("socket", fd);
    if (C.bind(fd, address, address.length) == -1) {
      int errno = Native.getLastError();
      C.close(fd);
      throw new PosixException("bind", errno);
    }
    return fd;
  }

  @Override
  public void listen(int fd, int backlog) throws PosixException {
    check("listen", C.listen(fd, backlog));
  }

  @Override
  public void chown(String path, int uid, int gid) throws PosixException {
    check("chown", C.chown(path, uid, gid));
  }

  @Override
  public void chmod(String path, int mode) throws PosixException {
    check("chmod", C.chmod(path, mode));
  }

  @Override
  public String strerror(int errno) {
    return C.strerror(errno);
  }

  @Override
  public void close(int fd) throws PosixException {
    check("close", C.close(fd));
  }

  @Override
  public void restoreDefaultAction(int signal) throws PosixException {
    // signal(2) returns SIG_ERR, (void (*)(int)) -1, on failure; SIG_DFL is the null pointer.
    if (Pointer.nativeValue(C.signal(signal, null)) == -1L) {
      throw new PosixException("signal", Native.getLastError());
    }
  }

  /** A {@code struct sockaddr_un}: the family as a native short, then the NUL-ended path. */
  static byte[] unixAddress(String path) throws PosixException {
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    if (name.length >= SUN_PATH_SIZE || name.length == 0) {
      throw new PosixException("sendto", ENAMETOOLONG);
    }
    ByteBuffer address = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
    address.putShort((short) AF_UNIX).put(name).put((byte) 0);
    return address.array();
  }

  private static void check(String call, int result) throws PosixException {
    if (result == -1) {
      throw new PosixException(call, Native.getLastError());
    }
  }

  /** The direct-mapped C functions; the method names must equal the C symbols. */
  private static final class C {
    static {
      Native.register(Platform.C_LIBRARY_NAME);
    }

    static native int kill(int pid, int sig);

    static native int killpg(int pgrp, int sig);

    static native int getpid();

    static native int gettid();

    static native int setpriority(int which, int who, int prio);

    static native int getpgid(int pid);

    static native int umask(int mask);

    static native int getrlimit(int resource, long[] limits);

    static native int setrlimit(int resource, long[] limits);

    static native int getuid();

    static native int geteuid();

    static native Pointer getpwuid(int uid);

    static native int initgroups(String user, int group);

    static native int setgid(int gid);

    static native int setuid(int uid);

    static native int socket(int domain, int type, int protocol);

    // size_t and ssize_t are 64-bit on the LP64 Linux targets this runs on.
    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

    static native int setsockopt(int fd, int level, int name, int[] value, int length);

    static native int bind(int fd, byte[] addr, int addrlen);

    static native int listen(int fd, int backlog);

    static native int chown(String path, int uid, int gid);

    static native int chmod(String path, int mode);

    static native String strerror(int errno);

    static native int close(int fd);

    static native Pointer signal(int sig, Pointer handler);
  }
}
