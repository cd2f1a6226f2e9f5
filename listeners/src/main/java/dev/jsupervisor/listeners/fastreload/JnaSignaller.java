package dev.jsupervisor.listeners.fastreload;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@link Signaller} calling libc {@code kill(2)} through JNA direct mapping. */
public final class JnaSignaller implements Signaller {

  /**
   * Binds libc now with a harmless {@code kill(ownPid, 0)}, so the first real stop does not
   * spend its first tenths of a second loading JNA.
   */
  public JnaSignaller preload(long ownPid) {
    kill((int) ownPid, 0);
    return this;
  }

  @Override
  public int kill(int pid, int signal) {
    return LibC.kill(pid, signal) == 0 ? 0 : Native.getLastError();
  }

  /** The one libc function needed, bound on first use. */
  private static final class LibC {
    static {
      Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    static native int kill(int pid, int signal);
  }
}
