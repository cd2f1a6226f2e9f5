package dev.jsupervisor.core.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import sun.misc.Signal;

/**
 * Routes the signals supervisord reacts to (TERM, INT, HUP, USR2) to a callback (with the
 * signal's name), which the daemon
 * points at its loop. QUIT cannot be caught in a JVM (it prints thread dumps), so unlike
 * supervisord it does not shut the daemon down.
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
  public static List<String> install(BiConsumer<Request, String> onSignal) {
    List<String> failed = new ArrayList<>();
    handle("TERM", Request.SHUTDOWN, onSignal, failed);
    handle("INT", Request.SHUTDOWN, onSignal, failed);
    handle("HUP", Request.RELOAD, onSignal, failed);
    handle("USR2", Request.REOPEN_LOGS, onSignal, failed);
    return failed;
  }

  private static void handle(
      String name, Request request, BiConsumer<Request, String> onSignal, List<String> failed) {
    try {
      Signal.handle(new Signal(name), s -> onSignal.accept(request, "SIG" + name));
    } catch (IllegalArgumentException e) {
      failed.add("SIG" + name);
    }
  }
}
