package dev.jsupervisor.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
  final Map<String, String> environ;
  final String hostName;
  final Path cwd;
  final String tempDir;
  final Users users;

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
    return new LoadRun(this, configFile, overrides).load(true);
  }

  /** Loads as {@code supervisor.reloadConfig} does: the daemon user is not re-validated. */
  public Result reread(String configFile, ConfigOverrides overrides) throws ConfigException {
    return new LoadRun(this, configFile, overrides).load(false);
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

  SupervisordConfig.CtlConfig readCtl(IniDocument doc, String here,
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

  Map<String, Object> environExpansions() {
    Map<String, Object> env = new LinkedHashMap<>();
    environ.forEach((k, v) -> env.put("ENV_" + k, v));
    return env;
  }

  String normalize(String path) {
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

  IniDocument readDocument(String file, String shownName) throws ConfigException {
    Path path;
    try {
      path = cwd.resolve(file);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ConfigException("could not find config file " + file);
    }
    if (!Files.exists(path)) {
      throw new ConfigException("could not find config file " + file);
    }
    IniDocument doc = new IniDocument();
    IniReader.read(readText(path, file), shownName, doc);
    return doc;
  }

  static String readText(Path path, String shownName) throws ConfigException {
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

  void checkPlugins(IniDocument doc, String factoryKey, String prefix,
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

}
