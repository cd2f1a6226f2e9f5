package dev.jsupervisor.core.process;

import java.util.Map;

/** The Linux errno numbers the process layer names in messages, with their symbolic names. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EACCES = 13;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int ENOSPC = 28;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(EPERM, "EPERM"),
          Map.entry(ENOENT, "ENOENT"),
          Map.entry(ESRCH, "ESRCH"),
          Map.entry(4, "EINTR"),
          Map.entry(5, "EIO"),
          Map.entry(7, "E2BIG"),
          Map.entry(8, "ENOEXEC"),
          Map.entry(9, "EBADF"),
          Map.entry(10, "ECHILD"),
          Map.entry(11, "EAGAIN"),
          Map.entry(12, "ENOMEM"),
          Map.entry(EACCES, "EACCES"),
          Map.entry(14, "EFAULT"),
          Map.entry(16, "EBUSY"),
          Map.entry(17, "EEXIST"),
          Map.entry(ENOTDIR, "ENOTDIR"),
          Map.entry(21, "EISDIR"),
          Map.entry(EINVAL, "EINVAL"),
          Map.entry(23, "ENFILE"),
          Map.entry(EMFILE, "EMFILE"),
          Map.entry(26, "ETXTBSY"),
          Map.entry(27, "EFBIG"),
          Map.entry(ENOSPC, "ENOSPC"),
          Map.entry(30, "EROFS"),
          Map.entry(32, "EPIPE"),
          Map.entry(36, "ENAMETOOLONG"),
          Map.entry(40, "ELOOP"),
          Map.entry(122, "EDQUOT"));

  private Errno() {}

  /** {@code ESRCH} for 3; the bare number for errnos this table does not know. */
  public static String name(int errno) {
    return NAMES.getOrDefault(errno, String.valueOf(errno));
  }
}
