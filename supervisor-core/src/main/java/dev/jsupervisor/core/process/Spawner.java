package dev.jsupervisor.core.process;

import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.process.internal.ChildPoller;
import dev.jsupervisor.core.process.internal.FdInputStream;
import dev.jsupervisor.core.process.internal.FdOutputStream;
import dev.jsupervisor.core.process.internal.PosixSpawn;
import dev.jsupervisor.core.process.internal.PyRepr;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts children the way supervisord forks them: each leads its own process group, optionally
 * runs as another user ({@code setpriv}), in another directory and with another umask (a
 * {@code /bin/sh} prefix that {@code exec}s the program, keeping the pid), with the SUPERVISOR_*
 * environment, stdin as a pipe. Every link of the chain {@code exec}s the next, so the pid
 * spawned is the program's pid and its process group id.
 *
 * <p>Two mechanisms: {@code posix_spawn} through JNA (the default: the child joins a new process
 * group in the daemon's session, as under supervisord, and one shared thread reaps every child,
 * see {@link Mechanism#POSIX_SPAWN}), and {@code java.lang.Process} (system property
 * {@code jsupervisor.spawn=jdk}, and the fallback where the C library lacks the calls: the chain
 * starts with {@code setsid}, so the child leads a new session, and a signal death looks like
 * exit status 128 + signal).
 *
 * <p>Every child also gets a parent-death signal, SIGKILL ({@code setpriv --pdeathsig}), so that
 * a daemon killed with SIGKILL (or crashing) does not leave its programs running unsupervised
 * forever; supervisord has no such guard. SIGKILL rather than the program's {@code stopsignal}:
 * once the daemon is gone nobody would escalate after {@code stopwaitsecs}, so a program that
 * ignores or mishandles a polite signal would survive, and a new daemon started on the same
 * config would run a second copy beside it. Limits: the kernel sends it when the thread that
 * forked the child exits (posix_spawn, like the JDK's vfork, forks on the calling thread), so
 * children must be spawned from threads that live as long as the daemon; setpriv sets it after changing credentials, which would clear it; it reaches only the
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

  /** How children are started. */
  public enum Mechanism {
    /**
     * {@code posix_spawn} on pipes of its own; the exit is reaped through a pidfd by one shared
     * thread, so a signal death is told apart from an exit status.
     */
    POSIX_SPAWN,
    /** {@code ProcessBuilder}, one JDK reaper thread per child. */
    JDK;

    /** POSIX_SPAWN unless {@code -Djsupervisor.spawn=jdk} or the native calls are missing. */
    public static Mechanism configured() {
      boolean jdkAsked = "jdk".equals(System.getProperty("jsupervisor.spawn"));
      return jdkAsked || PosixSpawn.unavailable() != null ? JDK : POSIX_SPAWN;
    }
  }

  /** The thread of {@link #prepareInBackground}, and what it failed with. */
  private static volatile Thread preload;

  private static volatile Throwable preloadFailure;

  private final Mechanism mechanism;
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
    this(Mechanism.configured(), posix, daemonEnvironment, supervisordEnvironment, defaultServerUrl);
  }

  /** As above, with the mechanism chosen by the caller (tests run both). */
  public Spawner(
      Mechanism mechanism,
      Posix posix,
      Map<String, String> daemonEnvironment,
      Map<String, String> supervisordEnvironment,
      String defaultServerUrl) {
    if (mechanism == Mechanism.POSIX_SPAWN && PosixSpawn.unavailable() != null) {
      throw new IllegalStateException("posix_spawn unavailable", PosixSpawn.unavailable());
    }
    this.mechanism = mechanism;
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

  /**
   * Binds the native calls on a background thread, so that a daemon's first use of them (its
   * rlimits, then the first spawn) does not wait for JNA to load and register them: measured on
   * 2 cores, 0.1 s or more between reading the config and the first spawn. Without
   * {@code -Djsupervisor.spawn=jdk} that includes posix_spawn's set-up, which also ignores
   * SIGPIPE and SIGXFSZ as its children expect (see {@link PosixSpawn}); with it, only the
   * other calls, so that {@code java.lang.Process} children keep the JVM's dispositions.
   */
  public static void prepareInBackground() {
    Thread t = new Thread(() -> {
      try {
        JnaPosix.get().getuid();
        if (!"jdk".equals(System.getProperty("jsupervisor.spawn"))) {
          PosixSpawn.unavailable();
        }
      } catch (RuntimeException | LinkageError e) {
        // Only a head start; the first real use fails too (see preloadFailure).
        preloadFailure = e;
      }
    }, "native-preload");
    t.setDaemon(true);
    preload = t;
    t.start();
  }

  /**
   * Why {@link #prepareInBackground} could not bind the native calls, or null (waiting up to a
   * second for it to end). A class whose set-up failed there fails later uses with a bare
   * "Could not initialize class" error: this is the error that says why (JNA's own words).
   */
  public static Throwable preloadFailure() {
    Thread t = preload;
    if (t != null) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return preloadFailure;
  }

  /**
   * Lets the thread that watches natively spawned children end once none is left; a later spawn
   * starts it again. A daemon calls this as it exits: the JVM waits up to 300 ms at exit for a
   * thread blocked in a native call, as that thread otherwise always is.
   */
  public static void stopWatchingWhenIdle() {
    ChildPoller.stopWhenIdle();
  }

  public Mechanism mechanism() {
    return mechanism;
  }

  /** Checks the command and starts the child with a stdin pipe. */
  public SpawnedChild spawn(ProcessConfig config, String groupName) throws SpawnException {
    return spawn(config, groupName, -1);
  }

  /**
   * Checks the command and starts the child; with {@code stdinSocket} >= 0 (an fcgi-program's
   * listening socket) the child gets that descriptor as its fd 0 instead of a stdin pipe, and
   * the returned stdin discards what is written to it. {@code java.lang.Process} cannot pass a
   * descriptor, so the JDK mechanism refuses such a spawn.
   */
  public SpawnedChild spawn(ProcessConfig config, String groupName, int stdinSocket)
      throws SpawnException {
    List<String> argv = command(config, check(config));
    Map<String, String> environment = environment(config, groupName);
    if (stdinSocket >= 0 && mechanism == Mechanism.JDK) {
      throw new SpawnException("cannot pass the FastCGI socket to " + PyRepr.of(config.name())
          + ": children started with java.lang.Process (jsupervisor.spawn=jdk, or posix_spawn"
          + " unavailable) cannot be given a file descriptor");
    }
    return mechanism == Mechanism.JDK
        ? spawnWithJdk(config, argv, environment)
        : spawnNatively(config, argv.subList(1, argv.size()), environment, stdinSocket);
  }

  private SpawnedChild spawnWithJdk(
      ProcessConfig config, List<String> argv, Map<String, String> environment)
      throws SpawnException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    try {
      builder.environment().clear();
      builder.environment().putAll(environment);
    } catch (IllegalArgumentException e) {
      throw dispatcherError(config, e);
    }
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.redirectErrorStream(config.redirectStderr());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      Matcher m = JDK_ERRNO.matcher(String.valueOf(e.getMessage()));
      throw new SpawnException(
          forkError(config.name(), m.find() ? Integer.parseInt(m.group(1)) : -1, e.getMessage()),
          e);
    }
    return new SpawnedChild(
        (int) process.pid(),
        process.getOutputStream(),
        process.getInputStream(),
        config.redirectStderr() ? null : process.getErrorStream(),
        process.onExit().thenApply(p -> ExitStatus.fromJdkExitValue(p.exitValue())));
  }

  /** {@code argv} without the {@code setsid} link: posix_spawn makes the process group itself. */
  private SpawnedChild spawnNatively(
      ProcessConfig config, List<String> argv, Map<String, String> environment, int stdinSocket)
      throws SpawnException {
    try {
      checkEnvironment(environment);
    } catch (IllegalArgumentException e) {
      throw dispatcherError(config, e);
    }
    for (String arg : argv) {
      if (arg.indexOf('\u0000') >= 0) {
        throw new SpawnException(
            forkError(config.name(), -1, "invalid null character in command"));
      }
    }
    PosixSpawn.Started started;
    ChildPoller poller;
    try {
      poller = ChildPoller.get(); // first, so that no child runs unwatched if it cannot start
      started = PosixSpawn.start(argv, environment, config.redirectStderr(), stdinSocket);
    } catch (PosixException e) {
      throw new SpawnException(forkError(config.name(), e.errno(), e.getMessage()), e);
    }
    java.util.concurrent.CompletableFuture<ExitStatus> exit;
    try {
      exit = poller.watchExit(started.pid());
    } catch (PosixException e) {
      if (started.stdinFd() >= 0) {
        new FdOutputStream(started.stdinFd()).close();
      }
      new FdInputStream(started.stdoutFd()).close();
      if (started.stderrFd() >= 0) {
        new FdInputStream(started.stderrFd()).close();
      }
      throw new SpawnException(forkError(config.name(), e.errno(), e.getMessage()), e);
    }
    return new SpawnedChild(
        started.pid(),
        started.stdinFd() < 0 ? OutputStream.nullOutputStream() : new FdOutputStream(started.stdinFd()),
        new FdInputStream(started.stdoutFd()),
        started.stderrFd() < 0 ? null : new FdInputStream(started.stderrFd()),
        exit);
  }

  /** The environment {@code ProcessBuilder} would refuse, refused with its words. */
  private static void checkEnvironment(Map<String, String> environment) {
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getKey().indexOf('=') >= 0 || e.getKey().indexOf('\u0000') >= 0) {
        throw new IllegalArgumentException(
            "Invalid environment variable name: \"" + e.getKey() + "\"");
      }
      if (e.getValue().indexOf('\u0000') >= 0) {
        throw new IllegalArgumentException(
            "Invalid environment variable value: \"" + e.getValue() + "\"");
      }
    }
  }

  private static SpawnException dispatcherError(ProcessConfig config, IllegalArgumentException e) {
    return new SpawnException(
        "unknown error making dispatchers for " + PyRepr.of(config.name()) + ": "
            + e.getMessage(), e);
  }

  /**
   * The full argv: setsid setpriv --pdeathsig KILL [user options] -- [sh -c prefix] program args
   * (posix_spawn starts it from setpriv: it makes the process group itself).
   */
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

  /** supervisord's words for a failed fork; {@code errno} -1 when unknown (then the detail). */
  static String forkError(String name, int errno, String detail) {
    if (errno == Errno.EMFILE) {
      return "too many open files to spawn " + PyRepr.of(name);
    }
    if (errno == 11) {
      return "Too many processes in process table to spawn " + PyRepr.of(name);
    }
    return "unknown error during fork for " + PyRepr.of(name) + ": "
        + (errno >= 0 ? Errno.name(errno) : detail);
  }
}
