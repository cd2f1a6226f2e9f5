package dev.jsupervisor.core.process;

import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.process.internal.PyRepr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts children the way supervisord forks them: each leads its own process group (through
 * {@code setsid}), optionally runs as another user ({@code setpriv}), in another directory and
 * with another umask (a {@code /bin/sh} prefix that {@code exec}s the program, keeping the pid),
 * with the SUPERVISOR_* environment, stdin as a pipe. Every link of the chain {@code exec}s the
 * next, so the pid the JDK reports is the program's pid and its process group id.
 *
 * <p>Every child also gets a parent-death signal, SIGKILL ({@code setpriv --pdeathsig}), so that
 * a daemon killed with SIGKILL (or crashing) does not leave its programs running unsupervised
 * forever; supervisord has no such guard. SIGKILL rather than the program's {@code stopsignal}:
 * once the daemon is gone nobody would escalate after {@code stopwaitsecs}, so a program that
 * ignores or mishandles a polite signal would survive, and a new daemon started on the same
 * config would run a second copy beside it. Limits: the kernel sends it when the thread that
 * forked the child exits, so children must be spawned from threads that live as long as the
 * daemon; setpriv sets it after changing credentials, which would clear it; it reaches only the
 * direct child (a {@code stopasgroup} program's own children are not signalled); a set-user-id
 * program drops it at exec; and a daemon dying between the fork and setpriv's prctl goes unseen.
 */
public final class Spawner {
  static final String SETSID = "/usr/bin/setsid";
  static final String SETPRIV = "/usr/bin/setpriv";
  static final String SH = "/bin/sh";
  /** What the child receives when the spawning thread (the daemon) dies; see the class doc. */
  static final String PARENT_DEATH_SIGNAL = "KILL";
  private static final Pattern JDK_ERRNO = Pattern.compile("error=(\\d+)");

  private final Posix posix;
  private final Map<String, String> daemonEnvironment;
  private final Map<String, String> supervisordEnvironment;
  private final String defaultServerUrl;

  /**
   * @param daemonEnvironment the daemon's own environment (the children's base)
   * @param supervisordEnvironment the {@code [supervisord] environment} entries
   * @param defaultServerUrl the daemon's own URL for {@code serverurl=AUTO}, or null if none
   */
  public Spawner(
      Posix posix,
      Map<String, String> daemonEnvironment,
      Map<String, String> supervisordEnvironment,
      String defaultServerUrl) {
    this.posix = posix;
    this.daemonEnvironment = Map.copyOf(daemonEnvironment);
    this.supervisordEnvironment = new LinkedHashMap<>(supervisordEnvironment);
    this.defaultServerUrl = defaultServerUrl;
  }

  /** The pre-spawn checks alone (startProcess runs them before anything else). */
  public CommandLine check(ProcessConfig config) throws SpawnCheckException {
    String configuredPath = config.environment().get("PATH");
    if (configuredPath == null) {
      configuredPath = supervisordEnvironment.get("PATH");
    }
    return CommandLine.resolve(
        config.command(), CommandLine.searchPath(configuredPath, daemonEnvironment.get("PATH")));
  }

  /**
   * The child's environment: the daemon's, SUPERVISOR_ENABLED / SERVER_URL / PROCESS_NAME /
   * GROUP_NAME, then {@code [supervisord] environment}, then the program's (later wins).
   */
  public Map<String, String> environment(ProcessConfig config, String groupName) {
    Map<String, String> env = new LinkedHashMap<>(daemonEnvironment);
    env.put("SUPERVISOR_ENABLED", "1");
    String serverUrl = config.serverUrl() != null ? config.serverUrl() : defaultServerUrl;
    if (serverUrl != null && !serverUrl.isEmpty()) {
      env.put("SUPERVISOR_SERVER_URL", serverUrl);
    }
    env.put("SUPERVISOR_PROCESS_NAME", config.name());
    env.put("SUPERVISOR_GROUP_NAME", groupName);
    env.putAll(supervisordEnvironment);
    env.putAll(config.environment());
    return env;
  }

  /** Checks the command and starts the child. */
  public SpawnedChild spawn(ProcessConfig config, String groupName) throws SpawnException {
    CommandLine commandLine = check(config);
    ProcessBuilder builder = new ProcessBuilder(command(config, commandLine));
    try {
      builder.environment().clear();
      builder.environment().putAll(environment(config, groupName));
    } catch (IllegalArgumentException e) {
      throw new SpawnException(
          "unknown error making dispatchers for " + PyRepr.of(config.name()) + ": "
              + e.getMessage(), e);
    }
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.redirectErrorStream(config.redirectStderr());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SpawnException(forkError(config.name(), e), e);
    }
    return new SpawnedChild(process, (int) process.pid(), !config.redirectStderr());
  }

  /** The full argv: setsid setpriv --pdeathsig KILL [user options] -- [sh -c prefix] program args. */
  List<String> command(ProcessConfig config, CommandLine commandLine) {
    List<String> cmd = new ArrayList<>(List.of(SETSID, SETPRIV, "--pdeathsig", PARENT_DEATH_SIGNAL));
    String setuidError = null;
    Integer uid = config.uid();
    if (uid != null && uid != posix.getuid()) {
      if (posix.getuid() != 0) {
        setuidError = "Can't drop privilege as nonroot user";
      } else {
        OptionalInt gid = posix.primaryGid(uid);
        if (gid.isEmpty()) {
          setuidError = "Can't find uid " + uid;
        } else {
          cmd.addAll(List.of("--reuid=" + uid, "--regid=" + gid.getAsInt(), "--init-groups"));
        }
      }
    }
    cmd.add("--");
    List<String> program = new ArrayList<>(commandLine.argv());
    program.set(0, commandLine.filename());
    if (setuidError != null) {
      cmd.addAll(List.of(SH, "-c", failure("couldn't setuid to " + uid + ": " + setuidError)));
      return cmd;
    }
    if (config.directory() != null || config.umask() != null) {
      cmd.addAll(List.of(SH, "-c", prefixScript(config.directory(), config.umask())));
    }
    cmd.addAll(program);
    return cmd;
  }

  /** chdir (reporting the errno name supervisord would), umask, then exec the program. */
  private static String prefixScript(String directory, Integer umask) {
    StringBuilder script = new StringBuilder();
    if (directory != null) {
      String dir = shellQuote(directory);
      script
          .append("cd -- ").append(dir).append(" 2>/dev/null || { ")
          .append("if [ ! -e ").append(dir).append(" ]; then e=ENOENT; ")
          .append("elif [ ! -d ").append(dir).append(" ]; then e=ENOTDIR; else e=EACCES; fi; ")
          .append("printf 'supervisor: %s\\n' \"couldn't chdir to \"").append(dir)
          .append("\": $e\" 'child process was not spawned' >&2; exit 127; }; ");
    }
    if (umask != null) {
      script.append("umask ").append(String.format("%03o", umask)).append("; ");
    }
    return script.append("exec \"$0\" \"$@\"").toString();
  }

  private static String failure(String message) {
    return "printf 'supervisor: %s\\n' " + shellQuote(message)
        + " 'child process was not spawned' >&2; exit 127";
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String forkError(String name, IOException e) {
    Matcher m = JDK_ERRNO.matcher(String.valueOf(e.getMessage()));
    int errno = m.find() ? Integer.parseInt(m.group(1)) : -1;
    if (errno == Errno.EMFILE) {
      return "too many open files to spawn " + PyRepr.of(name);
    }
    if (errno == 11) {
      return "Too many processes in process table to spawn " + PyRepr.of(name);
    }
    return "unknown error during fork for " + PyRepr.of(name) + ": "
        + (errno >= 0 ? Errno.name(errno) : e.getMessage());
  }
}
