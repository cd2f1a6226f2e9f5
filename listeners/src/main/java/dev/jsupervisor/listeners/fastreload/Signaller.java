package dev.jsupervisor.listeners.fastreload;

/** Sends POSIX signals; faked in tests of the decision logic. */
public interface Signaller {
  /** errno for "no such process". */
  int ESRCH = 3;

  /**
   * {@code kill(pid, signal)}: a negative pid addresses that process group.
   *
   * @return 0 on success, else the errno
   */
  int kill(int pid, int signal);
}
