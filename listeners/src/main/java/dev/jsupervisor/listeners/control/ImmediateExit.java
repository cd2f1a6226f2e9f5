package dev.jsupervisor.listeners.control;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import sun.misc.Signal;

/**
 * Makes SIGTERM end the listener at once. A JVM that exits the normal way first waits about
 * 300 ms for threads running native code to stop, and the listener's reader thread always sits
 * in a native read of stdin; supervisord's shutdown and reload wait for that exit, since the
 * listeners are what it stops last.
 *
 * <p>supervisord notices the exit when the end of the listener's stdout wakes its loop, and
 * reaps it in that same pass only if the process is already gone by then; a JVM takes a few
 * milliseconds longer to tear down than that, and supervisord then sleeps up to a second before
 * it looks again. So a short-lived child keeps stdout and stderr open for a moment after the
 * exit.
 */
public final class ImmediateExit {
  /** The status a JVM ends with on SIGTERM, kept so supervisord logs the same exit. */
  static final int SIGTERM_STATUS = 128 + 15;
  /** How long the child holds stdout and stderr: well past the JVM's own teardown. */
  static final String HOLD_SECONDS = "0.1";

  private ImmediateExit() {}

  /**
   * Installs the handler; false (and the JVM's own handling stays) when the signal or libc
   * cannot be bound.
   */
  public static boolean onSigterm() {
    try {
      LibC.bind();
      Signal.handle(new Signal("TERM"), s -> {
        holdOutputBriefly();
        LibC._exit(SIGTERM_STATUS);
      });
      return true;
    } catch (IllegalArgumentException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      return false;
    }
  }

  private static void holdOutputBriefly() {
    try {
      new ProcessBuilder("/bin/sleep", HOLD_SECONDS)
          .redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
    } catch (IOException | RuntimeException e) {
      // Exit anyway; supervisord then only notices it a little later.
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
