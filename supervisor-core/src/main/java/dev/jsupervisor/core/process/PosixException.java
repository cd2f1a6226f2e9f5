package dev.jsupervisor.core.process;

/** A failed POSIX call, carrying the errno number and its symbolic name (ESRCH, EPERM, ...). */
public final class PosixException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int errno;

  public PosixException(String call, int errno) {
    super(call + ": " + Errno.name(errno));
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }

  /** The symbolic errno name, such as {@code ESRCH}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** True when the target process no longer exists. */
  public boolean isNoSuchProcess() {
    return errno == Errno.ESRCH;
  }
}
