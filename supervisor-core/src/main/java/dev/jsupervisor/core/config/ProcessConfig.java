package dev.jsupervisor.core.config;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to run one process, after {@code %(...)s} expansion: one per process of a
 * {@code [program:x]} (numprocs gives several) or of an {@code [eventlistener:x]} pool.
 *
 * <p>Values that supervisord leaves unset are {@code null} (user, directory, umask, serverUrl).
 *
 * @param name process name (after {@code process_name} expansion)
 * @param programName the section's name, the text after {@code program:} / {@code eventlistener:}
 * @param command the command line, still to be split shell-style at spawn
 * @param priority process priority (lower starts first, stops last)
 * @param exitCodes the expected exit codes
 * @param stopSignal the stop signal number
 * @param uid numeric uid to run as (from {@code user}), or null
 * @param userName the {@code user} value as written, or null
 * @param umask octal umask for the child, or null to inherit
 * @param serverUrl the {@code serverurl} value; null means AUTO (the daemon's own URL)
 * @param environment the child's extra variables: {@code [supervisord] environment} entries
 *     overlaid with the program's own {@code environment} (program wins), in that order
 * @param processNum the {@code process_num} this process was expanded with
 * @param extraKeys keys supervisord does not know (such as {@code startinorder}), unexpanded,
 *     lower-cased, in file order: listeners read these
 */
public record ProcessConfig(
    String name,
    String programName,
    String command,
    int priority,
    boolean autostart,
    int startSecs,
    int startRetries,
    AutoRestart autoRestart,
    List<Integer> exitCodes,
    int stopSignal,
    int stopWaitSecs,
    boolean stopAsGroup,
    boolean killAsGroup,
    Integer uid,
    String userName,
    boolean redirectStderr,
    LogConfig stdout,
    LogConfig stderr,
    Map<String, String> environment,
    String directory,
    Integer umask,
    String serverUrl,
    int processNum,
    Map<String, String> extraKeys) {

  public ProcessConfig {
    exitCodes = List.copyOf(exitCodes);
    environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    extraKeys = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extraKeys));
  }
}
