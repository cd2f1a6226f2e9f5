package dev.jsupervisor.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a supervisord.conf (and its {@code [include]} files) into a {@link SupervisordConfig},
 * following supervisord 4.2.5's rules, defaults, evaluation order and error messages.
 *
 * <p>The process environment, host name, working directory, temp dir and user database are
 * injected, so the loader is deterministic in tests.
 */
public final class ConfigLoader {
  /**
   * A loaded config plus the messages supervisord logs once its logger is up.
   *
   * @param config the config
   * @param warnings parse warnings (logged at WARN): unmatched includes, deprecated values
   * @param infos parse infos (logged at INFO): included files
   */
  public record Result(SupervisordConfig config, List<String> warnings, List<String> infos) {}

  static final String DEFAULT_RPC_FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";
  static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";
  private static final String HERE = "%(here)s";
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

  /** Far beyond any real use; stops a typo from building millions of process configs. */
  static final int MAX_NUMPROCS = 100_000;

  private final Map<String, String> environ;
  private final String hostName;
  private final Path cwd;
  private final String tempDir;
  private final Users users;

  /**
   * @param environ the daemon's environment (source of the {@code ENV_*} names)
   * @param hostName value of {@code %(host_node_name)s}
   * @param cwd directory relative paths are resolved against
   * @param tempDir default {@code childlogdir}
   * @param users user and group database
   */
  public ConfigLoader(Map<String, String> environ, String hostName, Path cwd, String tempDir,
      Users users) {
    this.environ = Map.copyOf(environ);
    this.hostName = hostName;
    this.cwd = cwd.toAbsolutePath();
    this.tempDir = tempDir;
    this.users = users;
  }

  /** A loader for this JVM: real environment, host name, working directory and /etc files. */
  public static ConfigLoader forCurrentProcess() {
    String tmp = System.getenv().getOrDefault("TMPDIR", "/tmp");
    if (!Files.isDirectory(Path.of(tmp))) {
      tmp = "/tmp";
    }
    return new ConfigLoader(System.getenv(), localHostName(), Path.of("").toAbsolutePath(), tmp,
        Users.system());
  }

  /** The kernel's node name, as Python's {@code platform.node()} reports it. */
  public static String localHostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e2) {
        return "localhost";
      }
    }
  }

  /**
   * The paths tried, in order, when no {@code -c} is given.
   *
   * @param argv0 the program path as invoked ({@code /usr/bin/jsupervisord})
   */
  public static List<String> searchPaths(String argv0) {
    String base = Datatypes.dirname(Datatypes.dirname(argv0));
    String prefix = base.isEmpty() ? "" : base.endsWith("/") ? base : base + "/";
    return List.of(prefix + "etc/supervisord.conf", prefix + "supervisord.conf",
        "supervisord.conf", "etc/supervisord.conf", "/etc/supervisord.conf",
        "/etc/supervisor/supervisord.conf");
  }

  /** The first existing search path, or the error supervisord prints when none exists. */
  public String findConfigFile(String argv0) throws ConfigException {
    List<String> paths = searchPaths(argv0);
    for (String path : paths) {
      if (Files.exists(cwd.resolve(path))) {
        return path;
      }
    }
    throw new ConfigException("No config file found at default paths (" + String.join(", ", paths)
        + "); use the -c option to specify a config file at a different path");
  }

  /** Loads as supervisord does at startup: command-line values applied, user validated. */
  public Result load(String configFile, ConfigOverrides overrides) throws ConfigException {
    return new Run(configFile, overrides).load(true);
  }

  /** Loads as {@code supervisor.reloadConfig} does: the daemon user is not re-validated. */
  public Result reread(String configFile, ConfigOverrides overrides) throws ConfigException {
    return new Run(configFile, overrides).load(false);
  }

  /**
   * Reads the {@code [supervisorctl]} section as supervisorctl does (no includes; the section is
   * required; {@code [ctlplugin:x]} factories checked).
   */
  public SupervisordConfig.CtlConfig loadCtl(String configFile) throws ConfigException {
    IniDocument doc = readDocument(configFile, configFile);
    if (!doc.hasSection("supervisorctl")) {
      throw new ConfigException(".ini file does not include supervisorctl section");
    }
    String here = Datatypes.dirname(Datatypes.absolute(
        Datatypes.expandUser(configFile, environ.get("HOME"), users), cwd));
    Map<String, Object> env = environExpansions();
    SupervisordConfig.CtlConfig ctl = readCtl(doc, here, env);
    checkPlugins(doc, "supervisor.ctl_factory", "ctlplugin:", env, Set.of());
    return ctl;
  }

  private SupervisordConfig.CtlConfig readCtl(IniDocument doc, String here,
      Map<String, Object> env) throws ConfigException {
    if (!doc.hasSection("supervisorctl")) {
      return new SupervisordConfig.CtlConfig(false, "http://localhost:9001", null, null,
          "supervisor", null);
    }
    Map<String, Object> withHere = new HashMap<>(env);
    withHere.put("here", here);
    String serverUrl = get(doc, "supervisorctl", "serverurl", "http://localhost:9001", withHere);
    if (serverUrl.startsWith("unix://")) {
      serverUrl = "unix://" + normalize(serverUrl.substring(7));
    }
    String history = get(doc, "supervisorctl", "history_file", null, withHere);
    return new SupervisordConfig.CtlConfig(true, serverUrl,
        get(doc, "supervisorctl", "username", null, env),
        get(doc, "supervisorctl", "password", null, env),
        get(doc, "supervisorctl", "prompt", "supervisor", env),
        history == null || history.isEmpty() ? null : normalize(history));
  }

  private Map<String, Object> environExpansions() {
    Map<String, Object> env = new LinkedHashMap<>();
    environ.forEach((k, v) -> env.put("ENV_" + k, v));
    return env;
  }

  private String normalize(String path) {
    return Datatypes.absolute(Datatypes.expandUser(path, environ.get("HOME"), users), cwd);
  }

  /** saneget: the value (or default) expanded against ENV_* plus the given names. */
  private static String get(IniDocument doc, String section, String key, String fallback,
      Map<String, Object> names) throws ConfigException {
    String value = doc.get(section, key);
    if (value == null) {
      value = fallback;
    }
    return value == null ? null : Expander.expand(value, names, section + "." + key);
  }

  private IniDocument readDocument(String file, String shownName) throws ConfigException {
    Path path = cwd.resolve(file);
    if (!Files.exists(path)) {
      throw new ConfigException("could not find config file " + file);
    }
    IniDocument doc = new IniDocument();
    IniReader.read(readText(path, file), shownName, doc);
    return doc;
  }

  private static String readText(Path path, String shownName) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException | OutOfMemoryError e) {
      throw new ConfigException("could not read config file " + shownName);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException("could not read config file " + shownName
          + ": the file is not valid UTF-8");
    }
  }

  private void checkPlugins(IniDocument doc, String factoryKey, String prefix,
      Map<String, Object> env, Set<String> resolvable) throws ConfigException {
    for (String section : doc.sections()) {
      if (!section.startsWith(prefix)) {
        continue;
      }
      String factory = get(doc, section, factoryKey, null, env);
      if (factory == null) {
        throw new ConfigException("section [" + section + "] does not specify a " + factoryKey);
      }
      if (!resolvable.contains(PyText.strip(factory))) {
        throw new ConfigException(factory + " cannot be resolved within [" + section + "]");
      }
      for (String key : doc.options(section)) {
        if (!key.equals(factoryKey)) {
          get(doc, section, key, null, env);
        }
      }
    }
  }

  /** One load: the state supervisord keeps while reading (its expansions dict is shared). */
  private final class Run {
    private final String configFile;
    private final ConfigOverrides overrides;
    private final String home;
    private final String here;
    private final Map<String, Object> environExpansions = environExpansions();
    private final Map<String, String> sectionToFile = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private IniDocument doc;

    Run(String configFile, ConfigOverrides overrides) {
      this.configFile = configFile;
      this.overrides = overrides == null ? ConfigOverrides.NONE : overrides;
      this.home = environ.get("HOME");
      this.here = Datatypes.absolute(Datatypes.dirname(configFile), cwd);
    }

    Result load(boolean validateUser) throws ConfigException {
      Cli cli = new Cli();
      doc = readDocument(configFile, configFile);
      Map<String, Object> expansions = new LinkedHashMap<>();
      expansions.put("here", here);
      expansions.put("host_node_name", hostName);
      expansions.putAll(environExpansions);
      if (doc.hasSection("include")) {
        readIncludes(expansions);
      }
      if (!doc.hasSection("supervisord")) {
        throw new ConfigException(".ini file does not include supervisord section");
      }
      Map<String, Object> hereOnly = Map.of("here", here);
      int minfds = Datatypes.integer(sup("minfds", "1024", hereOnly));
      int minprocs = Datatypes.integer(sup("minprocs", "200", hereOnly));
      String directoryValue = sup("directory", null, hereOnly);
      String directory = directoryValue == null ? null
          : Datatypes.existingDirectory(directoryValue, cwd, home, users);
      String user = sup("user", null, hereOnly);
      int umask = Datatypes.octal(sup("umask", "022", hereOnly));
      String logfile = dirpath(sup("logfile", "supervisord.log", hereOnly));
      long logfileMaxBytes = Datatypes.byteSize(sup("logfile_maxbytes", "50MB", hereOnly));
      int logfileBackups = Datatypes.integer(sup("logfile_backups", "10", hereOnly));
      String loglevel = Datatypes.logLevel(sup("loglevel", "info", hereOnly));
      String pidfile = dirpath(sup("pidfile", "supervisord.pid", hereOnly));
      String identifier = sup("identifier", "supervisor", hereOnly);
      boolean nodaemon = Datatypes.bool(sup("nodaemon", "false", hereOnly));
      boolean silent = Datatypes.bool(sup("silent", "false", hereOnly));
      String childlogdir = Datatypes.existingDirectory(
          sup("childlogdir", tempDir, hereOnly), cwd, home, users);
      boolean nocleanup = Datatypes.bool(sup("nocleanup", "false", hereOnly));
      boolean stripAnsi = Datatypes.bool(sup("strip_ansi", "false", hereOnly));
      String environmentText = Expander.expand(
          sup("environment", "", hereOnly), expansions, "environment");
      Map<String, String> environment = Datatypes.keyValuePairs(environmentText);
      environment.forEach((k, v) -> environExpansions.put("ENV_" + k, v));

      checkPlugins(doc, "supervisor.rpcinterface_factory", "rpcinterface:", environExpansions,
          Set.of(DEFAULT_RPC_FACTORY));
      List<GroupConfig> all = new GroupsReader(this).read();
      List<GroupConfig> merged = new ArrayList<>();
      for (GroupConfig group : all) {
        merged.add(withMergedEnvironment(group, environment));
      }
      List<HttpServerConfig> servers = readServers();

      if (cli.user != null) {
        user = cli.user;
      }
      if (validateUser && user != null) {
        users.uidOf(user);
      }
      String finalLogfile = cli.logfile != null ? cli.logfile : logfile;
      if (!finalLogfile.equals("syslog")) {
        finalLogfile = normalize(finalLogfile);
      }
      SupervisordConfig.CtlConfig ctl;
      try {
        ctl = readCtl(doc, here, environExpansions);
      } catch (ConfigException e) {
        ctl = new SupervisordConfig.CtlConfig(true,
            doc.get("supervisorctl", "serverurl"), doc.get("supervisorctl", "username"),
            doc.get("supervisorctl", "password"), doc.get("supervisorctl", "prompt"),
            doc.get("supervisorctl", "history_file"));
      }
      Map<String, Map<String, String>> sections = new LinkedHashMap<>();
      for (String section : doc.sections()) {
        sections.put(section, java.util.Collections.unmodifiableMap(doc.rawItems(section)));
      }
      SupervisordConfig config = new SupervisordConfig(
          Datatypes.absolute(configFile, cwd),
          finalLogfile,
          cli.logfileMaxBytes != null ? cli.logfileMaxBytes : logfileMaxBytes,
          cli.logfileBackups != null ? cli.logfileBackups : logfileBackups,
          cli.loglevel != null ? cli.loglevel : loglevel,
          normalize(cli.pidfile != null ? cli.pidfile : pidfile),
          cli.umask != null ? cli.umask : umask,
          Boolean.TRUE.equals(overrides.nodaemon()) || nodaemon,
          Boolean.TRUE.equals(overrides.silent()) || silent,
          cli.minfds != null ? cli.minfds : minfds,
          cli.minprocs != null ? cli.minprocs : minprocs,
          Boolean.TRUE.equals(overrides.nocleanup()) || nocleanup,
          cli.childlogdir != null ? cli.childlogdir : childlogdir,
          user,
          cli.directory != null ? cli.directory : directory,
          Boolean.TRUE.equals(overrides.stripAnsi()) || stripAnsi,
          environment,
          overrides.identifier() != null ? overrides.identifier() : identifier,
          servers,
          ctl,
          visibleGroups(merged),
          merged,
          sections);
      return new Result(config, List.copyOf(warnings), List.copyOf(infos));
    }

    /** Command-line values, validated first (supervisord checks them before the file). */
    private final class Cli {
      final String logfile;
      final Long logfileMaxBytes;
      final Integer logfileBackups;
      final String loglevel;
      final String pidfile;
      final Integer umask;
      final Integer minfds;
      final Integer minprocs;
      final String childlogdir;
      final String directory;
      final String user;

      Cli() throws ConfigException {
        ConfigOverrides o = overrides;
        umask = o.umask() == null ? null : check("-m", o.umask(), () -> Datatypes.octal(o.umask()));
        directory = o.directory() == null ? null : check("-d", o.directory(),
            () -> Datatypes.existingDirectory(o.directory(), cwd, home, users));
        logfile = o.logfile() == null ? null : check("-l", o.logfile(), () -> dirpath(o.logfile()));
        logfileMaxBytes = o.logfileMaxBytes() == null ? null : check("-y", o.logfileMaxBytes(),
            () -> Datatypes.byteSize(o.logfileMaxBytes()));
        logfileBackups = o.logfileBackups() == null ? null : check("-z", o.logfileBackups(),
            () -> Datatypes.integer(o.logfileBackups()));
        loglevel = o.loglevel() == null ? null
            : check("-e", o.loglevel(), () -> Datatypes.logLevel(o.loglevel()));
        pidfile = o.pidfile() == null ? null : check("-j", o.pidfile(), () -> dirpath(o.pidfile()));
        childlogdir = o.childlogdir() == null ? null : check("-q", o.childlogdir(),
            () -> Datatypes.existingDirectory(o.childlogdir(), cwd, home, users));
        minfds = o.minfds() == null ? null
            : check("-a", o.minfds(), () -> Datatypes.integer(o.minfds()));
        minprocs = o.minprocs() == null ? null
            : check("--minprocs", o.minprocs(), () -> Datatypes.integer(o.minprocs()));
        user = o.user();
      }
    }

    private String dirpath(String value) throws ConfigException {
      return Datatypes.existingDirpath(value, cwd, home, users);
    }

    private String sup(String key, String fallback, Map<String, Object> extra)
        throws ConfigException {
      return saneget("supervisord", key, fallback, extra);
    }

    String saneget(String section, String key, String fallback, Map<String, Object> extra)
        throws ConfigException {
      String value = doc.get(section, key);
      if (value == null) {
        value = fallback;
      }
      if (value == null) {
        return null;
      }
      Map<String, Object> names = new LinkedHashMap<>(environExpansions);
      names.putAll(extra);
      return Expander.expand(value, names, section + "." + key);
    }

    private void readIncludes(Map<String, Object> expansions) throws ConfigException {
      expandHere(here);
      if (!doc.hasOption("include", "files")) {
        throw new ConfigException(".ini file has [include] section, but no files setting");
      }
      String files = Expander.expand(doc.get("include", "files"), expansions, "include.files");
      String base = Datatypes.dirname(Datatypes.absolute(configFile, cwd));
      for (String pattern : splitWhitespace(files)) {
        String joined = pattern.startsWith("/") ? pattern
            : base.endsWith("/") ? base + pattern : base + "/" + pattern;
        List<String> matches = Glob.glob(joined);
        if (matches.isEmpty()) {
          warnings.add("No file matches via include \"" + joined + "\"");
          continue;
        }
        java.util.Collections.sort(matches);
        for (String file : matches) {
          infos.add("Included extra file \"" + file + "\" during parsing");
          Path path = cwd.resolve(file);
          if (Files.isRegularFile(path) && Files.isReadable(path)) {
            Set<String> before = new LinkedHashSet<>(doc.sections());
            IniReader.read(readText(path, file), file, doc);
            for (String section : doc.sections()) {
              if (!before.contains(section)) {
                sectionToFile.put(section, file);
              }
            }
          }
          expandHere(Datatypes.dirname(Datatypes.absolute(file, cwd)));
        }
      }
    }

    /** Textual replacement of %(here)s in every value, as supervisord does around includes. */
    private void expandHere(String dir) {
      for (String section : doc.sections()) {
        for (Map.Entry<String, String> item : doc.items(section).entrySet()) {
          if (item.getValue().contains(HERE)) {
            doc.set(section, item.getKey(), item.getValue().replace(HERE, dir));
          }
        }
      }
    }

    private List<HttpServerConfig> readServers() throws ConfigException {
      List<HttpServerConfig> servers = new ArrayList<>();
      for (String section : doc.sections()) {
        if (!section.startsWith("inet_http_server")) {
          continue;
        }
        String[] auth = credentials(section);
        String port = saneget(section, "port", null, Map.of());
        if (port == null) {
          throw new ConfigException("section [" + section + "] has no port value");
        }
        Map.Entry<String, Integer> address = Datatypes.inetAddress(port);
        servers.add(new HttpServerConfig(section, null, address.getKey(), address.getValue(), 0,
            null, null, auth[0], auth[1]));
      }
      for (String section : doc.sections()) {
        if (!section.startsWith("unix_http_server")) {
          continue;
        }
        String file = saneget(section, "file", null, Map.of("here", here));
        if (file == null) {
          throw new ConfigException("section [" + section + "] has no file value");
        }
        String socket = normalize(PyText.strip(file));
        String[] auth = credentials(section);
        String chown = saneget(section, "chown", null, Map.of());
        Integer uid = null;
        Integer gid = null;
        if (chown != null) {
          try {
            int[] ids = users.userAndGroup(chown);
            uid = ids[0];
            gid = ids[1] < 0 ? null : ids[1];
          } catch (ConfigException e) {
            throw new ConfigException("Invalid sockchown value " + chown);
          }
        }
        String chmodText = saneget(section, "chmod", null, Map.of());
        int chmod = 0700;
        if (chmodText != null) {
          try {
            chmod = Datatypes.octal(chmodText);
          } catch (ConfigException e) {
            throw new ConfigException("Invalid chmod value " + chmodText);
          }
        }
        servers.add(new HttpServerConfig(section, socket, "", 0, chmod, uid, gid, auth[0],
            auth[1]));
      }
      return servers;
    }

    private String[] credentials(String section) throws ConfigException {
      String username = saneget(section, "username", null, Map.of());
      String password = saneget(section, "password", null, Map.of());
      if ((username == null) != (password == null)) {
        throw new ConfigException("Section [" + section + "] contains incomplete authentication: "
            + "If a username or a password is specified, both the username and password must be "
            + "specified");
      }
      return new String[] {username, password};
    }

    String fileOf(String section) {
      return sectionToFile.getOrDefault(section, configFile);
    }
  }

  private interface Check<T> {
    T get() throws ConfigException;
  }

  private static <T> T check(String flag, String arg, Check<T> check) throws ConfigException {
    try {
      return check.get();
    } catch (ConfigException e) {
      throw new ConfigException("invalid value for " + flag + " " + PyText.repr(arg) + ": "
          + e.getMessage());
    }
  }

  private static List<String> splitWhitespace(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (PyText.isSpace(c)) {
        if (current.length() > 0) {
          parts.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      parts.add(current.toString());
    }
    return parts;
  }

  private static GroupConfig withMergedEnvironment(GroupConfig group, Map<String, String> env) {
    List<ProcessConfig> processes = new ArrayList<>();
    for (ProcessConfig p : group.processes()) {
      Map<String, String> merged = new LinkedHashMap<>(env);
      merged.putAll(p.environment());
      processes.add(new ProcessConfig(p.name(), p.programName(), p.command(), p.priority(),
          p.autostart(), p.startSecs(), p.startRetries(), p.autoRestart(), p.exitCodes(),
          p.stopSignal(), p.stopWaitSecs(), p.stopAsGroup(), p.killAsGroup(), p.uid(),
          p.userName(), p.redirectStderr(), p.stdout(), p.stderr(), merged, p.directory(),
          p.umask(), p.serverUrl(), p.processNum(), p.extraKeys()));
    }
    return new GroupConfig(group.name(), group.kind(), group.priority(), processes,
        group.events(), group.bufferSize(), group.resultHandler(), group.sourceFile());
  }

  /** The groups the daemon runs: the first of each name in (priority, name) order. */
  private static List<GroupConfig> visibleGroups(List<GroupConfig> sorted) {
    Set<String> seen = new LinkedHashSet<>();
    List<GroupConfig> visible = new ArrayList<>();
    for (GroupConfig group : sorted) {
      if (seen.add(group.name())) {
        visible.add(group);
      }
    }
    return visible;
  }

  /** Orders groups (and processes) like supervisord: by priority, then name; stable. */
  static final Comparator<GroupConfig> GROUP_ORDER =
      Comparator.comparingInt(GroupConfig::priority).thenComparing(GroupConfig::name);

  /** Reads every process-producing section of a loaded document into group configs. */
  private final class GroupsReader {
    private final Run run;
    private final IniDocument doc;

    GroupsReader(Run run) {
      this.run = run;
      this.doc = run.doc;
    }

    List<GroupConfig> read() throws ConfigException {
      List<GroupConfig> groups = new ArrayList<>();
      List<String> sections = doc.sections();
      Set<String> excluded = new LinkedHashSet<>();
      Map<String, Object> hereOnly = Map.of("here", run.here);
      for (String section : sections) {
        if (!section.startsWith("group:")) {
          continue;
        }
        String groupName = Datatypes.processOrGroupName(section.substring(6));
        String programsText = run.saneget(section, "programs", null, hereOnly);
        int priority = Datatypes.integer(run.saneget(section, "priority", "999", hereOnly));
        List<ProcessConfig> processes = new ArrayList<>();
        String reported = section; // supervisord names the previous member in this error
        for (String program : listOfStrings(programsText)) {
          String programSection = "program:" + program;
          String fcgiSection = "fcgi-program:" + program;
          boolean isProgram = sections.contains(programSection);
          boolean isFcgi = sections.contains(fcgiSection);
          if (!isProgram && !isFcgi) {
            throw new ConfigException(
                "[" + reported + "] names unknown program or fcgi-program " + program);
          }
          if (isProgram && isFcgi) {
            throw new ConfigException("[" + reported + "] name " + program
                + " is ambiguous (exists as program and fcgi-program)");
          }
          if (isFcgi) {
            throw fcgiUnsupported(fcgiSection);
          }
          reported = programSection;
          excluded.add(programSection);
          processes.addAll(processes(programSection, groupName, false));
        }
        groups.add(new GroupConfig(groupName, GroupKind.HETEROGENEOUS, priority, processes,
            Set.of(), 0, null, run.fileOf(section)));
      }
      for (String section : sections) {
        if (!section.startsWith("program:") || excluded.contains(section)) {
          continue;
        }
        String name = Datatypes.processOrGroupName(section.substring(8));
        int priority = Datatypes.integer(run.saneget(section, "priority", "999", hereOnly));
        groups.add(new GroupConfig(name, GroupKind.PROGRAM, priority,
            processes(section, name, false), Set.of(), 0, null, run.fileOf(section)));
      }
      for (String section : sections) {
        if (section.startsWith("eventlistener:")) {
          groups.add(listenerPool(section, hereOnly));
        }
      }
      for (String section : sections) {
        if (section.startsWith("fcgi-program:") && !excluded.contains(section)) {
          throw fcgiUnsupported(section);
        }
      }
      groups.sort(GROUP_ORDER);
      return groups;
    }

    private ConfigException fcgiUnsupported(String section) {
      return new ConfigException("[" + section + "] sections are not supported by jsupervisord");
    }

    private GroupConfig listenerPool(String section, Map<String, Object> hereOnly)
        throws ConfigException {
      String poolName = section.substring("eventlistener:".length());
      int priority = Datatypes.integer(run.saneget(section, "priority", "-1", hereOnly));
      int bufferSize = Datatypes.integer(run.saneget(section, "buffer_size", "10", hereOnly));
      if (bufferSize < 1) {
        throw new ConfigException("[" + section + "] section sets invalid buffer_size ("
            + bufferSize + ")");
      }
      String handler = run.saneget(section, "result_handler", DEFAULT_RESULT_HANDLER, hereOnly);
      if (!PyText.strip(handler).equals(DEFAULT_RESULT_HANDLER)) {
        throw new ConfigException(handler + " cannot be resolved within [" + section + "]");
      }
      Set<String> events = new LinkedHashSet<>();
      for (String event : listOfStrings(run.saneget(section, "events", "", hereOnly))) {
        events.add(event.toUpperCase(Locale.ROOT));
      }
      if (events.isEmpty()) {
        throw new ConfigException("[" + section + "] section requires an \"events\" line");
      }
      for (String event : events) {
        if (!EventTypeNames.ALL.contains(event)) {
          throw new ConfigException("Unknown event type " + event + " in [" + section
              + "] events");
        }
      }
      if (Datatypes.bool(run.saneget(section, "redirect_stderr", "false", hereOnly))) {
        throw new ConfigException("[" + section + "] section sets redirect_stderr=true but this "
            + "is not allowed because it will interfere with the eventlistener protocol");
      }
      return new GroupConfig(poolName, GroupKind.EVENT_LISTENER_POOL, priority,
          processes(section, poolName, true), events, bufferSize, PyText.strip(handler),
          run.fileOf(section));
    }

    private List<ProcessConfig> processes(String section, String groupName, boolean listener)
        throws ConfigException {
      try {
        return new ProcessSectionReader(run, section, groupName, listener).read();
      } catch (ConfigException e) {
        throw new ConfigException(e.getMessage() + " in section " + PyText.repr(section)
            + " (file: " + PyText.repr(run.fileOf(section)) + ")");
      }
    }
  }

  static List<String> listOfStrings(String value) {
    List<String> items = new ArrayList<>();
    if (value == null || value.isEmpty()) {
      return items;
    }
    for (String part : value.split(",", -1)) {
      items.add(PyText.strip(part));
    }
    return items;
  }

  /** The keys of a program or listener section, read in supervisord's order. */
  private final class ProcessSectionReader {
    private final Run run;
    private final String section;
    private final boolean listener;
    /** supervisord mutates this one dict while reading the section; later keys see more names. */
    private final Map<String, Object> common = new LinkedHashMap<>();

    ProcessSectionReader(Run run, String section, String groupName, boolean listener) {
      this.run = run;
      this.section = section;
      this.listener = listener;
      common.put("here", run.here);
      common.put("group_name", groupName);
      common.put("host_node_name", hostName);
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
      Integer uid = user == null ? null : users.uidOf(user);
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
        if (!PROGRAM_KEYS.contains(k) && !(listener && LISTENER_KEYS.contains(k))) {
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
          logfile = Datatypes.existingDirpath(value, cwd, run.home, users);
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
}
