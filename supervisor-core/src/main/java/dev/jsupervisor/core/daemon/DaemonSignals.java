package dev.jsupervisor.core.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.PosixException;
import dev.jsupervisor.core.util.QuitSignal;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Routes the signals supervisord reacts to (TERM, INT, QUIT, HUP, USR2) to a callback (with the
 * signal's name), which the daemon points at its loop. QUIT, which the JVM keeps for its thread
 * dumps, arrives through {@link QuitSignal} instead of {@code sun.misc.Signal}.
 */
public final class DaemonSignals {
  /** What a signal asks the daemon to do. */
  public enum Request {
    SHUTDOWN,
    RELOAD,
    REOPEN_LOGS
  }

  private DaemonSignals() {}

  /**
   * Installs the handlers; returns the names of signals that could not be handled (for a log
   * line), normally none.
   */
  public static List<String> install(Posix posix, BiConsumer<Request, String> onSignal) {
    List<String> failed = new ArrayList<>();
    handle(posix, "TERM", Request.SHUTDOWN, onSignal, failed);
    handle(posix, "INT", Request.SHUTDOWN, onSignal, failed);
    if (!QuitSignal.handle(() -> onSignal.accept(Request.SHUTDOWN, "SIGQUIT"))) {
      failed.add("SIGQUIT");
    }
    handle(posix, "HUP", Request.RELOAD, onSignal, failed);
    handle(posix, "USR2", Request.REOPEN_LOGS, onSignal, failed);
    return failed;
  }

  private static void handle(
      Posix posix,
      String name,
      Request request,
      BiConsumer<Request, String> onSignal,
      List<String> failed) {
    Signal signal = new Signal(name);
    SignalHandler handler = s -> onSignal.accept(request, "SIG" + name);
    try {
      // The JDK leaves a signal that was ignored at startup ignored (so nohup works for plain
      // Java programs) and reports SIG_IGN; supervisord takes these signals regardless.
      if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN) {
        posix.restoreDefaultAction(signal.getNumber());
        Signal.handle(signal, handler);
      }
    } catch (IllegalArgumentException | PosixException e) {
      failed.add("SIG" + name);
    }
  }
}
