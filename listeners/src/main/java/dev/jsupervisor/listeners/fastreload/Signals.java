package dev.jsupervisor.listeners.fastreload;

/** Linux signal numbers to the names supervisord's config and logs use. */
final class Signals {
  private static final String[] NAMES = {
    null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
    "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
    "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS"
  };

  private Signals() {}

  /** {@code SIGTERM} for 15; {@code signal 40} for numbers without a name. */
  static String name(int signal) {
    return signal > 0 && signal < NAMES.length ? "SIG" + NAMES[signal] : "signal " + signal;
  }
}
