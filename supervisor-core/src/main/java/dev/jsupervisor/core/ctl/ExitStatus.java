package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.Fault;

/** supervisorctl's exit codes (LSB init-script conventions, ctl.md §2). */
final class ExitStatus {
  static final int SUCCESS = 0;
  static final int GENERIC = 1;
  static final int INVALID_ARGS = 2;
  static final int UNIMPLEMENTED_FEATURE = 3;
  static final int INSUFFICIENT_PRIVILEGES = 4;
  static final int NOT_INSTALLED = 5;
  static final int NOT_RUNNING = 7;
  /** {@code status}: some listed process is down. */
  static final int STATUS_NOT_RUNNING = 3;
  /** {@code status}: a bad name or no answer. */
  static final int STATUS_UNKNOWN = 4;

  private ExitStatus() {}

  /**
   * The status a result code leads to, or -1 to leave it as it is: success and the command's
   * own "nothing to do" fault change nothing; a dead program is 7; anything else is 1.
   */
  static int fromFault(int code, Fault ignored) {
    if (code == Fault.SUCCESS.code() || (ignored != null && code == ignored.code())) {
      return -1;
    }
    if (code == Fault.SPAWN_ERROR.code()
        || code == Fault.ABNORMAL_TERMINATION.code()
        || code == Fault.NOT_RUNNING.code()) {
      return NOT_RUNNING;
    }
    return GENERIC;
  }
}
