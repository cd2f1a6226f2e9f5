package dev.jsupervisor.core.config;

import java.util.List;
import java.util.Map;

/**
 * The whole of a parsed supervisord.conf: the {@code [supervisord]} settings, the HTTP servers,
 * the {@code [supervisorctl]} settings and every process group, sorted by (priority, name).
 *
 * @param configFile absolute path of the main config file
 * @param logfile absolute main log path ({@code NONE} is an ordinary file name here, as in
 *     supervisord); {@code "syslog"} kept verbatim
 * @param loglevel one of critical error warn info debug trace blather
 * @param pidfile absolute pidfile path
 * @param umask daemon umask
 * @param user user to switch to at start, or null
 * @param directory directory to chdir to when daemonizing, or null
 * @param childlogdir directory for AUTO child logs
 * @param environment {@code [supervisord] environment} entries, in file order
 * @param groups all process groups, sorted by (priority, name), shadowed duplicates removed
 * @param allGroups every group config built, including shadowed duplicates (getAllConfigInfo)
 * @param sections every section's raw (unexpanded) key/value pairs by section name, in file
 *     order; listeners read their own keys from here
 */
public record SupervisordConfig(
    String configFile,
    String logfile,
    long logfileMaxBytes,
    int logfileBackups,
    String loglevel,
    String pidfile,
    int umask,
    boolean nodaemon,
    boolean silent,
    int minfds,
    int minprocs,
    boolean nocleanup,
    String childlogdir,
    String user,
    String directory,
    boolean stripAnsi,
    Map<String, String> environment,
    String identifier,
    List<HttpServerConfig> httpServers,
    CtlConfig ctl,
    List<GroupConfig> groups,
    List<GroupConfig> allGroups,
    Map<String, Map<String, String>> sections) {

  /**
   * The {@code [supervisorctl]} section, or its defaults when absent.
   *
   * @param present whether the file has the section ({@code supervisorctl -c} requires it)
   */
  public record CtlConfig(
      boolean present,
      String serverUrl,
      String username,
      String password,
      String prompt,
      String historyFile) {}
}
