package dev.jsupervisor.core.config;

/**
 * Values given on the jsupervisord command line; each beats the config file. Null means "not
 * given". Value options hold the argument text (validated by {@link ConfigLoader}); flags are
 * {@code TRUE} when given.
 *
 * @param logfile {@code -l}
 * @param logfileMaxBytes {@code -y}
 * @param logfileBackups {@code -z}
 * @param loglevel {@code -e}
 * @param pidfile {@code -j}
 * @param umask {@code -m}
 * @param nodaemon {@code -n}
 * @param silent {@code -s}
 * @param minfds {@code -a}
 * @param minprocs {@code --minprocs}
 * @param nocleanup {@code -k}
 * @param childlogdir {@code -q}
 * @param user {@code -u}
 * @param directory {@code -d}
 * @param stripAnsi {@code -t}
 * @param identifier {@code -i}
 */
public record ConfigOverrides(
    String logfile,
    String logfileMaxBytes,
    String logfileBackups,
    String loglevel,
    String pidfile,
    String umask,
    Boolean nodaemon,
    Boolean silent,
    String minfds,
    String minprocs,
    Boolean nocleanup,
    String childlogdir,
    String user,
    String directory,
    Boolean stripAnsi,
    String identifier) {

  /** No command-line values: everything comes from the file. */
  public static final ConfigOverrides NONE = new ConfigOverrides(
      null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
      null);
}
