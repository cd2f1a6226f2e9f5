package dev.jsupervisor.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The keys of a program or listener section, read in supervisord's order. */
final class ProcessSectionReader {
  private static final Set<String> PROGRAM_KEYS = Set.of(
      "command", "process_name", "numprocs", "numprocs_start", "priority", "autostart",
      "autorestart", "startsecs", "startretries", "exitcodes", "stopsignal", "stopwaitsecs",
      "stopasgroup", "killasgroup", "user", "redirect_stderr", "stdout_logfile",
      "stdout_logfile_maxbytes", "stdout_logfile_backups", "stdout_capture_maxbytes",
      "stdout_events_enabled", "stdout_syslog", "stderr_logfile", "stderr_logfile_maxbytes",
      "stderr_logfile_backups", "stderr_capture_maxbytes", "stderr_events_enabled",
      "stderr_syslog", "environment", "directory", "umask", "serverurl");
  private static final Set<String> LISTENER_KEYS = Set.of("events", "buffer_size",
      "result_handler");
  private static final Set<String> FCGI_KEYS = Set.of("socket", "socket_backlog",
      "socket_owner", "socket_mode");

  /** Far beyond any real use; stops a typo from building millions of process configs. */
  static final int MAX_NUMPROCS = 100_000;

  private final ConfigLoader loader;
  private final LoadRun run;
  private final String section;
  private final boolean listener;
  /** supervisord mutates this one dict while reading the section; later keys see more names. */
  private final Map<String, Object> common = new LinkedHashMap<>();

  ProcessSectionReader(LoadRun run, String section, String groupName, boolean listener) {
    this.loader = run.loader;
    this.run = run;
    this.section = section;
    this.listener = listener;
    common.put("here", run.here);
    common.put("group_name", groupName);
    common.put("host_node_name", loader.hostName);
  }

  private String get(String key, String fallback) throws ConfigException {
    return run.saneget(section, key, fallback, common);
  }

  List<ProcessConfig> read() throws ConfigException {
    String programName = Datatypes.processOrGroupName(section.substring(section.indexOf(':') + 1));
    common.put("program_name", programName);
    int priority = Datatypes.integer(get("priority", "999"));
    boolean autostart = Datatypes.bool(get("autostart", "true"));
    AutoRestart autorestart = Datatypes.autoRestart(get("autorestart", "unexpected"));
    int startsecs = Datatypes.integer(get("startsecs", "1"));
    int startretries = Datatypes.integer(get("startretries", "3"));
    int stopsignal = Signals.parse(get("stopsignal", "TERM"));
    int stopwaitsecs = Datatypes.integer(get("stopwaitsecs", "10"));
    boolean stopasgroup = Datatypes.bool(get("stopasgroup", "false"));
    boolean killasgroup = Datatypes.bool(get("killasgroup", Boolean.toString(stopasgroup)));
    List<Integer> exitcodes = Datatypes.exitCodes(get("exitcodes", "0"));
    boolean redirectStderr = Datatypes.bool(get("redirect_stderr", "false"));
    int numprocs = Datatypes.integer(get("numprocs", "1"));
    int numprocsStart = Datatypes.integer(get("numprocs_start", "0"));
    String environmentText = run.doc.get(section, "environment");
    if (environmentText == null) {
      environmentText = "";
    }
    long stdoutCapture = Datatypes.byteSize(get("stdout_capture_maxbytes", "0"));
    boolean stdoutEvents = Datatypes.bool(get("stdout_events_enabled", "false"));
    long stderrCapture = Datatypes.byteSize(get("stderr_capture_maxbytes", "0"));
    boolean stderrEvents = Datatypes.bool(get("stderr_events_enabled", "false"));
    String serverUrl = get("serverurl", null);
    if (serverUrl != null && PyText.strip(serverUrl).toUpperCase(Locale.ROOT).equals("AUTO")) {
      serverUrl = null;
    }
    String user = get("user", null);
    Integer uid = user == null ? null : loader.users.uidOf(user);
    String umaskText = get("umask", null);
    Integer umask = umaskText == null ? null : Datatypes.octal(umaskText);
    String processNameText = run.doc.get(section, "process_name");
    String processName = Datatypes.processOrGroupName(
        processNameText == null ? "%(program_name)s" : processNameText);
    if (numprocs > 1 && !processName.contains("%(process_num)")) {
      throw new ConfigException(
          "%(process_num) must be present within process_name when numprocs > 1");
    }
    if (stopasgroup && !killasgroup) {
      throw new ConfigException("Cannot set stopasgroup=true and killasgroup=false");
    }
    Map<String, String> extraKeys = new LinkedHashMap<>();
    run.doc.rawItems(section).forEach((k, v) -> {
      if (!PROGRAM_KEYS.contains(k) && !(listener && LISTENER_KEYS.contains(k))
          && !(section.startsWith("fcgi-program:") && FCGI_KEYS.contains(k))) {
        extraKeys.put(k, v);
      }
    });

    if (numprocs > MAX_NUMPROCS) {
      throw new ConfigException("numprocs " + numprocs + " is more than jsupervisord supports ("
          + MAX_NUMPROCS + ")");
    }
    List<ProcessConfig> processes = new ArrayList<>();
    long end = (long) numprocsStart + numprocs;
    for (long num = numprocsStart; num < end; num++) {
      int processNum = (int) num;
      common.put("process_num", processNum);
      common.put("numprocs", numprocs);
      common.putAll(run.environExpansions);
      Map<String, String> environment = Datatypes.keyValuePairs(
          Expander.expand(environmentText, common, "environment"));
      environment.forEach((k, v) -> common.put("ENV_" + k, v));
      String directory = get("directory", null);
      LogConfig stdout = logConfig("stdout", stdoutCapture, stdoutEvents);
      LogConfig stderr = logConfig("stderr", stderrCapture, stderrEvents);
      if (redirectStderr) {
        if (stderr.logfile() != null && !stderr.isAuto()) {
          run.warnings.add("For [" + section + "], redirect_stderr=true but stderr_logfile has "
              + "also been set to a filename, the filename has been ignored");
        }
        stderr = new LogConfig(null, stderr.maxBytes(), stderr.backups(),
            stderr.captureMaxBytes(), stderr.eventsEnabled(), stderr.syslog());
      }
      String command = get("command", null);
      if (command == null) {
        throw new ConfigException("program section " + section + " does not specify a command");
      }
      String name = Expander.expand(processName, common, "process_name");
      processes.add(new ProcessConfig(name, programName, command, priority, autostart,
          startsecs, startretries, autorestart, exitcodes, stopsignal, stopwaitsecs,
          stopasgroup, killasgroup, uid, user, redirectStderr, stdout, stderr, environment,
          directory, umask, serverUrl, processNum, extraKeys));
    }
    processes.sort(Comparator.comparingInt(ProcessConfig::priority)
        .thenComparing(ProcessConfig::name));
    return processes;
  }

  private LogConfig logConfig(String channel, long captureMaxBytes, boolean eventsEnabled)
      throws ConfigException {
    String key = channel + "_logfile";
    String value = get(key, null);
    String logfile;
    boolean syslogName = false;
    if (value == null) {
      logfile = LogConfig.AUTO;
    } else {
      value = Expander.expand(value, common, key);
      String lower = value.toLowerCase(Locale.ROOT);
      if (lower.equals("none") || lower.equals("off")) {
        logfile = null;
      } else if (lower.equals("auto")) {
        logfile = LogConfig.AUTO;
      } else if (lower.equals("syslog")) {
        logfile = null;
        syslogName = true;
      } else {
        logfile = Datatypes.existingDirpath(value, loader.cwd, run.home, loader.users);
      }
    }
    int backups = Datatypes.integer(get(channel + "_logfile_backups", "10"));
    long maxBytes = Datatypes.byteSize(get(channel + "_logfile_maxbytes", "50MB"));
    boolean syslog = Datatypes.bool(get(channel + "_syslog", "false"));
    if (syslogName) {
      run.warnings.add("For [" + section + "], " + key + "=syslog but this is deprecated and "
          + "will be removed.  Use " + channel + "_syslog=true to enable syslog instead.");
      syslog = true;
    }
    if (LogConfig.AUTO.equals(logfile) && maxBytes == 0) {
      run.warnings.add("For [" + section + "], AUTO logging used for " + key + " without "
          + "rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally");
    }
    return new LogConfig(logfile, maxBytes, backups, captureMaxBytes, eventsEnabled, syslog);
  }
}
