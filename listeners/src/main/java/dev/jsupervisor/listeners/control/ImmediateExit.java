package dev.jsupervisor.listeners.control;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.jsupervisor.core.util.QuitSignal;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * Makes SIGTERM, and SIGQUIT (a program's stopsignal may be QUIT), end the listener at once. A
 * JVM that exits the normal way first waits about 300 ms for threads running native code to
 * stop, and the listener's reader thread always sits in a native read of stdin; supervisord's
 * shutdown and reload wait for that exit, since the listeners are what it stops last.
 *
 * <p>Why a helper process: supervisord sleeps in poll() for up to a second when none of its
 * file descriptors is ready, and a child's exit wakes it only through the end of the child's
 * stdout and stderr. The kernel closes a dying process's files a moment before it makes the
 * process reapable (a JVM's many threads take milliseconds to finish), so supervisord wakes,
 * finds nothing to reap and sleeps another second. The handler therefore starts a small shell
 * that inherits stdout and stderr and exits as soon as this JVM is a zombie without threads
 * left (it checks {@code /proc} every 10 ms, for at most a second): the end of output then
 * arrives when the listener can be reaped in that same loop pass.
 */
public final class ImmediateExit {
  /** The status a JVM ends with on SIGTERM, kept so supervisord logs the same exit. */
  static final int SIGTERM_STATUS = 128 + 15;

  /** The status on SIGQUIT, by the same rule (128 + the signal's number). */
  static final int SIGQUIT_STATUS = 128 + 3;

  /**
   * The helper: {@code $1} is the listener's pid. It ignores the listener's signals and exits
   * once {@code /proc/$1} is gone or shows one thread in state Z (or X).
   */
  static final String WATCHER = "trap '' TERM INT HUP; pid=$1; n=0;"
      + " while [ $n -lt 100 ]; do"
      + "   set -- /proc/$pid/task/*;"
      + "   if [ $# -le 1 ]; then"
      + "     read -r stat 2>/dev/null < /proc/$pid/stat || exit 0;"
      + "     case ${stat##*\") \"} in Z*|X*) exit 0;; esac;"
      + "   fi;"
      + "   sleep 0.01; n=$((n+1));"
      + " done";

  private ImmediateExit() {}

  /** {@link #onSigterm} for a listener: when the signal cannot be handled, says so in its log. */
  public static void onSigtermOrWarn(dev.jsupervisor.listeners.sdk.ListenerLog log) {
    Runnable slowStop = () -> log.warn(
        "cannot handle SIGTERM directly; stopping this listener takes about 300 ms more");
    if (!onSigterm(slowStop)) {
      slowStop.run();
    }
  }

  /**
   * Installs the handler; false (and the JVM's own handling stays) when the signal cannot be
   * handled. libc is bound on a thread of its own: JNA's first binding takes ~0.1 s (it runs
   * {@code ldconfig -p} and loads its native library), which would otherwise delay the
   * listener's first work at every start. A SIGTERM that comes sooner waits for that binding;
   * if libc cannot be bound, {@code whenUnbound} runs and SIGTERM ends the JVM the usual way.
   * SIGQUIT, which the JVM keeps for its thread dumps, is taken on that thread too, once libc is
   * bound ({@link QuitSignal}); until then it only prints the dump.
   */
  public static boolean onSigterm(Runnable whenUnbound) {
    CompletableFuture<Boolean> bound = new CompletableFuture<>();
    try {
      Signal.handle(new Signal("TERM"), s -> exit(bound, SIGTERM_STATUS));
    } catch (IllegalArgumentException e) {
      return false;
    }
    Thread binder = new Thread(() -> {
      try {
        LibC.bind();
        bound.complete(true);
        QuitSignal.handle(() -> exit(bound, SIGQUIT_STATUS));
      } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
        bound.complete(false);
        whenUnbound.run();
      }
    }, "libc-binding");
    binder.setDaemon(true);
    binder.start();
    return true;
  }

  private static void exit(CompletableFuture<Boolean> bound, int status) {
    holdOutputBriefly();
    if (bound.join()) {
      LibC._exit(status);
    }
    System.exit(status); // what the JVM does on SIGTERM without the handler
  }

  private static void holdOutputBriefly() {
    try {
      new ProcessBuilder("/bin/sh", "-c", WATCHER, "fast-exit-watcher",
          Long.toString(ProcessHandle.current().pid()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
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
