package dev.jsupervisor.core.process;

import dev.jsupervisor.core.config.Signals;

/**
 * How a child ended: an exit code, or the signal that killed it.
 *
 * @param code the exit code; -1 when killed by a signal (supervisord's {@code exitstatus})
 * @param signal the killing signal, 0 when the child exited
 * @param coreDumped the signal death left a core file
 */
public record ExitStatus(int code, int signal, boolean coreDumped) {
  public static ExitStatus exited(int code) {
    return new ExitStatus(code, 0, false);
  }

  public static ExitStatus killedBy(int signal, boolean coreDumped) {
    return new ExitStatus(-1, signal, coreDumped);
  }

  /**
   * Reads {@link Process#exitValue()}: the JDK reports a signal death as 128 + signal, so values
   * 129..159 are taken as signal deaths (a program that itself exits 143 looks killed by SIGTERM).
   */
  public static ExitStatus fromJdkExitValue(int value) {
    if (value > 128 && value < 160) {
      return killedBy(value - 128, false);
    }
    return exited(value);
  }

  /** Decodes a raw {@code waitpid} status word. */
  public static ExitStatus fromWaitStatus(int status) {
    int termSig = status & 0x7f;
    if (termSig == 0) {
      return exited((status >> 8) & 0xff);
    }
    return killedBy(termSig, (status & 0x80) != 0);
  }

  public boolean signalled() {
    return signal != 0;
  }

  /** The log text: {@code exit status 3}, {@code terminated by SIGKILL (core dumped)}. */
  public String describe() {
    if (!signalled()) {
      return "exit status " + code;
    }
    return "terminated by " + Signals.name(signal) + (coreDumped ? " (core dumped)" : "");
  }
}
