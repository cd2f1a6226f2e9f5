package dev.jsupervisor.listeners.fastreload;

/**
 * The fields of {@code /proc/<pid>/stat} that fast-reload relies on: who the process is (start
 * time, to notice pid reuse), whether it is already dead (zombie) and its parent and group.
 *
 * @param pid the process id
 * @param state the one-letter state ({@code R S D Z T X ...})
 * @param ppid the parent's pid
 * @param pgrp the process group id
 * @param startTime start time in clock ticks since boot (field 22)
 */
public record ProcStat(int pid, char state, int ppid, int pgrp, long startTime) {
  /** Longer lines are not stat lines (the kernel writes well under 1 KiB). */
  static final int MAX_LENGTH = 4096;

  /** Whether the process has exited and only waits to be reaped (or is being reaped). */
  public boolean isDead() {
    return state == 'Z' || state == 'X' || state == 'x';
  }

  /**
   * Parses one stat line. The command name sits in parentheses and may itself contain spaces and
   * parentheses, so the fields are counted from the last {@code ')'}.
   *
   * @throws IllegalArgumentException naming what is wrong with the line
   */
  public static ProcStat parse(String line) {
    if (line.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("stat line longer than " + MAX_LENGTH + " characters");
    }
    int open = line.indexOf(" (");
    int close = line.lastIndexOf(')');
    if (open <= 0 || close < open) {
      throw new IllegalArgumentException("stat line has no '(command)' field: " + preview(line));
    }
    String[] rest = line.substring(close + 1).trim().split(" ");
    if (rest.length < 20) {
      throw new IllegalArgumentException(
          "stat line is truncated (" + (rest.length + 2) + " of at least 22 fields): "
              + preview(line));
    }
    if (rest[0].length() != 1) {
      throw new IllegalArgumentException("stat line has a bad state field '" + rest[0] + "'");
    }
    try {
      return new ProcStat(
          Integer.parseInt(line.substring(0, open)),
          rest[0].charAt(0),
          Integer.parseInt(rest[1]),
          Integer.parseInt(rest[2]),
          Long.parseLong(rest[19]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("stat line has a non-numeric field: " + preview(line));
    }
  }

  private static String preview(String line) {
    return line.length() <= 80 ? "'" + line + "'" : "'" + line.substring(0, 80) + "...'";
  }
}
