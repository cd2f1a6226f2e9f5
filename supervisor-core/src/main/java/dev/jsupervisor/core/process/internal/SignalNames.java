package dev.jsupervisor.core.process.internal;

/**
 * Linux signal numbers and names the process layer needs. Temporary: to be replaced by
 * {@code dev.jsupervisor.core.config.Signals} once that lands.
 */
public final class SignalNames {
  public static final int SIGHUP = 1;
  public static final int SIGKILL = 9;
  public static final int SIGUSR2 = 12;
  public static final int SIGTERM = 15;
  public static final int SIGCONT = 18;

  private static final String[] NAMES = {
    null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
    "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
    "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
    "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"
  };

  private SignalNames() {}

  /** {@code SIGTERM} for 15; supervisord's {@code signal N} for numbers without a name. */
  public static String name(int signal) {
    if (signal > 0 && signal < NAMES.length) {
      return NAMES[signal];
    }
    return "signal " + signal;
  }
}
