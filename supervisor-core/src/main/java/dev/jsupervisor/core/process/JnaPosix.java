package dev.jsupervisor.core.process;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.OptionalInt;

/** {@link Posix} through JNA direct mapping onto the C library. */
public final class JnaPosix implements Posix {
  private static final JnaPosix INSTANCE = new JnaPosix();

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

    static native int getpgid(int pid);

    static native int umask(int mask);

    static native int getrlimit(int resource, long[] limits);

    static native int setrlimit(int resource, long[] limits);

    static native int getuid();

    static native int geteuid();

    static native Pointer getpwuid(int uid);
  }
}
