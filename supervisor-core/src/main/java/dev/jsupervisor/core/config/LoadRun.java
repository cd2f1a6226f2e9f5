package dev.jsupervisor.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One load: the state supervisord keeps while reading (its expansions dict is shared). */
final class LoadRun {
  private static final String HERE = "%(here)s";

  final ConfigLoader loader;
  private final String configFile;
  private final ConfigOverrides overrides;
  final String home;
  final String here;
  /** supervisord's shared ENV_* dict: [supervisord] environment entries are added to it. */
  final Map<String, Object> environExpansions;
  private final Map<String, String> sectionToFile = new HashMap<>();
  final List<String> warnings = new ArrayList<>();
  private final List<String> infos = new ArrayList<>();
  IniDocument doc;

  LoadRun(ConfigLoader loader, String configFile, ConfigOverrides overrides) {
    this.loader = loader;
    this.environExpansions = loader.environExpansions();
    this.configFile = configFile;
    this.overrides = overrides == null ? ConfigOverrides.NONE : overrides;
    this.home = loader.environ.get("HOME");
    this.here = Datatypes.absolute(Datatypes.dirname(configFile), loader.cwd);
  }

  ConfigLoader.Result load(boolean validateUser) throws ConfigException {
    Cli cli = new Cli();
    doc = loader.readDocument(configFile, configFile);
    Map<String, Object> expansions = new LinkedHashMap<>();
    expansions.put("here", here);
    expansions.put("host_node_name", loader.hostName);
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
        : Datatypes.existingDirectory(directoryValue, loader.cwd, home, loader.users);
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
        sup("childlogdir", loader.tempDir, hereOnly), loader.cwd, home, loader.users);
    boolean nocleanup = Datatypes.bool(sup("nocleanup", "false", hereOnly));
    boolean stripAnsi = Datatypes.bool(sup("strip_ansi", "false", hereOnly));
    String environmentText = Expander.expand(
        sup("environment", "", hereOnly), expansions, "environment");
    Map<String, String> environment = Datatypes.keyValuePairs(environmentText);
    environment.forEach((k, v) -> environExpansions.put("ENV_" + k, v));

    loader.checkPlugins(doc, "supervisor.rpcinterface_factory", "rpcinterface:", environExpansions,
        Set.of(ConfigLoader.DEFAULT_RPC_FACTORY));
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
      loader.users.uidOf(user);
    }
    String finalLogfile = cli.logfile != null ? cli.logfile : logfile;
    if (!finalLogfile.equals("syslog")) {
      finalLogfile = loader.normalize(finalLogfile);
    }
    SupervisordConfig.CtlConfig ctl;
    try {
      ctl = loader.readCtl(doc, here, environExpansions);
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
        Datatypes.absolute(configFile, loader.cwd),
        finalLogfile,
        cli.logfileMaxBytes != null ? cli.logfileMaxBytes : logfileMaxBytes,
        cli.logfileBackups != null ? cli.logfileBackups : logfileBackups,
        cli.loglevel != null ? cli.loglevel : loglevel,
        loader.normalize(cli.pidfile != null ? cli.pidfile : pidfile),
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
    return new ConfigLoader.Result(config, List.copyOf(warnings), List.copyOf(infos));
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
          () -> Datatypes.existingDirectory(o.directory(), loader.cwd, home, loader.users));
      logfile = o.logfile() == null ? null : check("-l", o.logfile(), () -> dirpath(o.logfile()));
      logfileMaxBytes = o.logfileMaxBytes() == null ? null : check("-y", o.logfileMaxBytes(),
          () -> Datatypes.byteSize(o.logfileMaxBytes()));
      logfileBackups = o.logfileBackups() == null ? null : check("-z", o.logfileBackups(),
          () -> Datatypes.integer(o.logfileBackups()));
      loglevel = o.loglevel() == null ? null
          : check("-e", o.loglevel(), () -> Datatypes.logLevel(o.loglevel()));
      pidfile = o.pidfile() == null ? null : check("-j", o.pidfile(), () -> dirpath(o.pidfile()));
      childlogdir = o.childlogdir() == null ? null : check("-q", o.childlogdir(),
          () -> Datatypes.existingDirectory(o.childlogdir(), loader.cwd, home, loader.users));
      minfds = o.minfds() == null ? null
          : check("-a", o.minfds(), () -> Datatypes.integer(o.minfds()));
      minprocs = o.minprocs() == null ? null
          : check("--minprocs", o.minprocs(), () -> Datatypes.integer(o.minprocs()));
      user = o.user();
    }
  }

  private String dirpath(String value) throws ConfigException {
    return Datatypes.existingDirpath(value, loader.cwd, home, loader.users);
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
    String base = Datatypes.dirname(Datatypes.absolute(configFile, loader.cwd));
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
        Path path = loader.cwd.resolve(file);
        if (Files.isRegularFile(path) && Files.isReadable(path)) {
          Set<String> before = new LinkedHashSet<>(doc.sections());
          IniReader.read(ConfigLoader.readText(path, file), file, doc);
          for (String section : doc.sections()) {
            if (!before.contains(section)) {
              sectionToFile.put(section, file);
            }
          }
        }
        expandHere(Datatypes.dirname(Datatypes.absolute(file, loader.cwd)));
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
      String socket = loader.normalize(PyText.strip(file));
      String[] auth = credentials(section);
      String chown = saneget(section, "chown", null, Map.of());
      Integer uid = null;
      Integer gid = null;
      if (chown != null) {
        try {
          int[] ids = loader.users.userAndGroup(chown);
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
        group.events(), group.bufferSize(), group.resultHandler(), group.sourceFile(),
        group.socket());
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
}
