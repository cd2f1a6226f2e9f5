package dev.jsupervisor.listeners.control;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import sun.misc.Signal;

/**
 * Makes SIGTERM end the listener at once. A JVM that exits the normal way first waits about
 * 300 ms for threads running native code to stop, and the listener's reader thread always sits
 * in a native read of stdin; supervisord's shutdown and reload wait for that exit, since the
 * listeners are what it stops last.
 */
public final class ImmediateExit {
  /** The status a JVM ends with on SIGTERM, kept so supervisord logs the same exit. */
  static final int SIGTERM_STATUS = 128 + 15;

  private ImmediateExit() {}

  /**
   * Installs the handler; false (and the JVM's own handling stays) when the signal or libc
   * cannot be bound.
   */
  public static boolean onSigterm() {
    try {
      LibC.bind();
      Signal.handle(new Signal("TERM"), s -> LibC._exit(SIGTERM_STATUS));
      return true;
    } catch (IllegalArgumentException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      return false;
    }
  }

  /** libc's {@code _exit}: ends the process without running anything else. */
  private static final class LibC {
    static {
      Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    static void bind() {
      // Loading the class binds the native method.
    }

    static native void _exit(int status);
  }
}
