package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.ConfigOverrides;
import dev.jsupervisor.core.config.HttpServerConfig;
import dev.jsupervisor.core.config.SupervisordConfig;
import dev.jsupervisor.core.config.Users;
import dev.jsupervisor.core.process.JnaPosix;
import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.PosixException;
import dev.jsupervisor.core.process.RotatingLogFile;
import dev.jsupervisor.core.process.Spawner;
import dev.jsupervisor.core.rpc.HttpServers;
import dev.jsupervisor.core.rpc.HttpSurface;
import dev.jsupervisor.core.rpc.RpcObserver;
import dev.jsupervisor.core.web.WebPages;
import dev.jsupervisor.core.web.live.LiveSurface;
import dev.jsupervisor.core.events.EventBus;
import dev.jsupervisor.core.metrics.Metrics;
import dev.jsupervisor.core.rpc.internal.CodecWarmUp;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.core.util.LogLevel;
import dev.jsupervisor.core.util.QuitSignal;
import dev.jsupervisor.core.util.SecureXml;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Runs the daemon in the foreground from a loaded config: the main log, limits and umask, the
 * HTTP servers, the pidfile, signal handling, the supervisor loop, and the reload and shutdown
 * cycle. Returns the exit code.
 */
final class DaemonRunner {
  /** Set in every child's environment so listeners can tell jsupervisord from supervisord. */
  static final String SERVER_ENV = "JSUPERVISORD_VERSION";

  static final String VERSION = "0.1.0";

  private static final String RPC_READY = "RPC interface 'supervisor' initialized";

  private final ConfigLoader loader;
  private final ConfigOverrides overrides;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Posix posix = JnaPosix.get();
  private final Clock clock = Clock.SYSTEM;
  private final ZoneId zone = ZoneId.systemDefault();
  private final LogWatch watch = new LogWatch();

  private MainLog log;
  private Syslog syslog;
  private volatile RotatingLogFile mainLogFile;

  DaemonRunner(ConfigLoader loader, ConfigOverrides overrides, PrintStream stdout, PrintStream stderr) {
    this.loader = loader;
    this.overrides = overrides;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  int run(ConfigLoader.Result loaded) {
    SupervisordConfig config = loaded.config();
    // supervisord's order: become the configured user, raise the limits, then open the main log,
    // so that the log, sockets, pidfile and AUTO child logs belong to that user.
    if (!becomeConfiguredUser(config)) {
      return 2;
    }
    String limitError = applyLimits(config);
    if (limitError != null) {
      stderr.println("Error: " + limitError);
      return 2;
    }
    log = new MainLog(clock, zone, LogLevel.parse(config.loglevel()));
    JulBridge.install(log);
    syslog = Syslog.forDaemon(posix, clock, zone, this::syslogUnavailable);
    openMainLog(config);
    if (config.nodaemon() && !config.silent()) {
      log.addSink(
          line -> {
            stdout.print(line);
            stdout.flush();
          });
    }
    posix.umask(config.umask());
    // JNA works (umask went through it): SIGQUIT's subscription runs while the servers start.
    QuitSignal.subscribeInBackground();
    announceConfig(loaded);
    if (!config.nocleanup()) {
      removeOldAutoLogs(config);
    }

    EventLoop loop =
        new EventLoop(clock, t -> log.critical("unexpected error in the supervisor loop: " + t));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(SERVER_ENV, VERSION);
    FcgiSockets fcgiSockets = new FcgiSockets(posix, log);
    if (!probeFcgiSockets(fcgiSockets, config)) {
      return 1;
    }
    Supervisor supervisor =
        new Supervisor(
            loop, posix, log, zone, config, env, serverUrl(config.httpServers()), fcgiSockets);
    supervisor.setLogWatch(watch);
    supervisor.setSyslog(syslog);
    long pid = ProcessHandle.current().pid();
    SupervisorRpc rpc =
        new SupervisorRpc(
            supervisor,
            loader,
            overrides,
            supervisor::shutdown,
            supervisor::reload,
            () -> mainLogFile == null ? null : mainLogFile.path(),
            this::clearMainLog,
            watch,
            pid);

    SecureXml.install();
    HttpSurface.Factory surfaces;
    List<HttpServers> servers;
    try {
      surfaces = surfaces(rpc, supervisor.eventBus(), config);
    } catch (IOException | IllegalArgumentException e) {
      return startError(e);
    }
    try {
      servers = startServers(config.httpServers(), rpc, surfaces);
    } catch (IOException e) {
      return startError(e);
    }
    CodecWarmUp.startOnce(this::lowerThreadPriority);
    PidFile pidFile = new PidFile(Path.of(config.pidfile()), pid);
    try {
      pidFile.write();
    } catch (IOException e) {
      log.critical(e.getMessage());
      closeQuietly(servers);
      stderr.println("Error: " + e.getMessage());
      return 2;
    }
    List<String> unhandled =
        DaemonSignals.install(
            posix,
            (request, name) ->
                loop.execute(
                    () -> {
                      switch (request) {
                        case SHUTDOWN -> {
                          log.warn("received " + name + " indicating exit request");
                          supervisor.shutdown();
                        }
                        case RELOAD -> {
                          log.warn("received " + name + " indicating restart request");
                          supervisor.reload();
                        }
                        case REOPEN_LOGS -> {
                          log.info("received " + name + " indicating log reopen request");
                          RotatingLogFile f = mainLogFile;
                          if (f != null) {
                            f.reopen();
                          }
                          log.info("supervisord logreopen");
                          supervisor.reopenLogs();
                        }
                      }
                    }));
    for (String s : unhandled) {
      log.warn("cannot handle " + s + " in this JVM");
    }
    log.info("supervisord started with pid " + pid);

    loop.start("supervisor");
    loop.execute(supervisor::start);
    int exitCode = 0;
    try {
      while (true) {
        Supervisor.StopReason reason = loop.call(supervisor::stopped).join().join();
        if (reason == Supervisor.StopReason.SHUTDOWN) {
          break;
        }
        ConfigLoader.Result next;
        try {
          next = loader.load(config.configFile(), overrides);
        } catch (ConfigException e) {
          log.critical("could not reload the config: " + e.getMessage());
          stderr.println("Error: " + e.getMessage());
          exitCode = 2;
          break;
        }
        if (!becomeConfiguredUser(next.config())) {
          exitCode = 2;
          break;
        }
        announceConfig(next);
        if (!probeFcgiSockets(fcgiSockets, next.config())) {
          exitCode = 1;
          break;
        }
        if (!next.config().httpServers().equals(config.httpServers())) {
          closeQuietly(servers);
          try {
            servers = startServers(next.config().httpServers(), rpc, surfaces);
          } catch (IOException e) {
            log.critical(e.getMessage());
            exitCode = 2;
            break;
          }
        } else {
          // supervisord reopens its servers on every reload; these are still open, but the log
          // tells the same story.
          for (HttpServerConfig s : config.httpServers()) {
            log.info(RPC_READY);
            if (!s.requiresAuth()) {
              log.critical(
                  "Server '" + s.sectionName() + "' running without any HTTP authentication checking");
            }
          }
        }
        log.info("supervisord started with pid " + pid);
        config = next.config();
        log.setLevel(LogLevel.parse(config.loglevel()));
        SupervisordConfig nextConfig = config;
        loop.call(
                () -> {
                  supervisor.restartWith(nextConfig);
                  return null;
                })
            .join();
      }
    } finally {
      watch.endAll();
      closeQuietly(servers);
      pidFile.removeIfOwned();
      loop.stop();
      try {
        loop.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Spawner.stopWatchingWhenIdle();
      RotatingLogFile f = mainLogFile;
      if (f != null) {
        f.close();
      }
      syslog.close();
    }
    return exitCode;
  }

  /**
   * Makes and closes every fcgi-program's socket once, as supervisord does as it adds the groups
   * (before its servers); a socket that cannot be made ends the daemon (supervisord's traceback,
   * as one line).
   */
  private boolean probeFcgiSockets(FcgiSockets sockets, SupervisordConfig config) {
    for (dev.jsupervisor.core.config.GroupConfig g : config.groups()) {
      try {
        sockets.probe(g);
      } catch (FcgiSockets.SocketError e) {
        log.critical(e.getMessage());
        stderr.println("Error: " + e.getMessage());
        return false;
      }
    }
    return true;
  }

  /** What supervisord logs each time it (re)reads its config: root warning, then the loader's. */
  private void announceConfig(ConfigLoader.Result loaded) {
    if (posix.getuid() == 0 && loaded.config().user() == null) {
      log.critical(
          "Supervisor is running as root.  Privileges were not dropped because no user is"
              + " specified in the config file.  If you intend to run as root, you can set"
              + " user=root in the config file to avoid this message.");
    }
    loaded.warnings().forEach(log::warn);
    loaded.infos().forEach(log::info);
    if (loaded.config().user() != null) {
      // becomeConfiguredUser succeeded (or was already that user), as supervisord reports it.
      log.info("Set uid to user " + posix.getuid() + " succeeded");
    }
  }

  /** Reports a start-up failure as supervisord does (stderr and main log); returns exit code 2. */
  private int startError(Exception e) {
    stderr.println("Error: " + e.getMessage());
    log.critical(e.getMessage());
    return 2;
  }

  /**
   * Background work (the codec warm-up, rendering /metrics) runs at nice 19 so that it never
   * takes CPU from the loop or the clients; where that fails it runs at normal priority, only
   * slower for the others.
   */
  private void lowerThreadPriority() {
    try {
      posix.lowerCurrentThreadPriority();
    } catch (PosixException e) {
      // Normal priority, as said.
    }
  }

  /**
   * The surfaces each HTTP server serves beside XML-RPC and the log tails; they see the daemon
   * only through the API and the event bus.
   */
  private HttpSurface.Factory surfaces(SupervisorRpc api, EventBus bus,
      SupervisordConfig config) throws IOException {
    HttpSurface.Factory metrics =
        Metrics.surfaces(api, bus, config.sections(), this::lowerThreadPriority);
    HttpSurface.Factory live = LiveSurface.factory(api, api, bus, log::log);
    return new HttpSurface.Factory() {
      @Override
      public List<HttpSurface> forServer(HttpServerConfig server) {
        // /metrics and the dashboard's routes first: the pages claim everything else.
        List<HttpSurface> all = new ArrayList<>(metrics.forServer(server));
        all.addAll(live.forServer(server));
        all.add(new WebPages(api, clock, zone, log::log));
        return all;
      }

      @Override
      public RpcObserver rpcObserver() {
        return metrics.rpcObserver();
      }
    };
  }

  /**
   * Starts the servers one by one, as supervisord does, so that each server's "RPC interface"
   * line is followed by its own warnings; all or nothing.
   */
  private List<HttpServers> startServers(List<HttpServerConfig> configs, SupervisorRpc rpc,
      HttpSurface.Factory surfaces) throws IOException {
    List<HttpServers> started = new ArrayList<>();
    try {
      for (HttpServerConfig s : configs) {
        log.info(RPC_READY);
        started.add(HttpServers.start(List.of(s), rpc, rpc, log::log, surfaces));
      }
    } catch (IOException e) {
      closeQuietly(started);
      throw e;
    }
    return started;
  }

  /**
   * Switches to the configured user (at start and on every reload, as supervisord does); on
   * failure prints supervisord's usage error and returns false.
   */
  private boolean becomeConfiguredUser(SupervisordConfig config) {
    if (config.user() == null) {
      return true;
    }
    PrivilegeDrop.Result result = new PrivilegeDrop(posix, Users.system()).switchTo(config.user());
    if (!result.succeeded()) {
      Main.printUsageError(stderr, result.error());
      return false;
    }
    return true;
  }

  /** Said once per outage: on stderr (a foreground terminal) and in the main log if it is a file. */
  private void syslogUnavailable(String warning) {
    stderr.println("jsupervisord: " + warning);
    if (log != null) {
      log.warn(warning);
    }
  }

  private void openMainLog(SupervisordConfig config) {
    String logfile = config.logfile();
    if (logfile == null) {
      return;
    }
    if (logfile.equals("syslog")) {
      Syslog s = syslog;
      log.addPerLineSink(s::mainLogLine);
      return;
    }
    AtomicBoolean reported = new AtomicBoolean();
    RotatingLogFile f =
        new RotatingLogFile(
            Path.of(logfile),
            config.logfileMaxBytes(),
            config.logfileBackups(),
            e -> {
              if (reported.compareAndSet(false, true)) {
                stderr.println("jsupervisord: cannot write main log " + logfile + ": " + e.getMessage());
              }
            });
    mainLogFile = f;
    log.addSink(
        line -> {
          f.write(line.getBytes(StandardCharsets.UTF_8));
          watch.touched(f.path());
        });
  }

  private void clearMainLog() {
    RotatingLogFile f = mainLogFile;
    if (f != null) {
      f.clear();
      watch.touched(f.path());
    }
  }

  /** Raises the open-file and process limits to minfds / minprocs, as supervisord does. */
  private String applyLimits(SupervisordConfig config) {
    String fds = raise(Posix.RLIMIT_NOFILE, config.minfds(), "file descriptors", "minfds");
    return fds != null ? fds : raise(Posix.RLIMIT_NPROC, config.minprocs(), "processes", "minprocs");
  }

  private String raise(int resource, int minimum, String what, String setting) {
    try {
      long[] limits = posix.getrlimit(resource);
      long soft = limits[0];
      long hard = limits[1];
      if (soft == Posix.RLIM_INFINITY || soft >= minimum) {
        return null;
      }
      long newHard = hard == Posix.RLIM_INFINITY || hard >= minimum ? hard : minimum;
      posix.setrlimit(resource, minimum, newHard);
      return null;
    } catch (PosixException e) {
      return "The minimum number of " + what + " required to run this process is " + minimum
          + " as per the \"" + setting + "\" command-line argument or config file setting, and"
          + " the limit could not be raised (" + e.getMessage() + "). Either raise the limit in"
          + " your environment or lower the " + setting + " setting.";
    }
  }

  /** Deletes AUTO child logs left by an earlier daemon with the same identifier. */
  private void removeOldAutoLogs(SupervisordConfig config) {
    Pattern auto =
        Pattern.compile(
            ".*---" + Pattern.quote(config.identifier()) + "-[a-z0-9_]{8}\\.log(\\.\\d+)?");
    Path dir = Path.of(config.childlogdir());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (auto.matcher(f.getFileName().toString()).matches()) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      log.warn("could not clean up old AUTO logs in " + dir + ": " + e.getMessage());
    }
  }

  /** What children get as SUPERVISOR_SERVER_URL: the first UNIX server, else the first TCP one. */
  static String serverUrl(List<HttpServerConfig> servers) {
    for (HttpServerConfig s : servers) {
      if (s.isUnix()) {
        return "unix://" + s.unixSocket();
      }
    }
    for (HttpServerConfig s : servers) {
      String host = s.host() == null || s.host().isEmpty() || s.host().equals("*") ? "localhost" : s.host();
      return "http://" + host + ":" + s.port();
    }
    return null;
  }

  private static void closeQuietly(List<HttpServers> servers) {
    for (HttpServers s : servers) {
      try {
        s.close();
      } catch (IOException e) {
        // Stopping anyway.
      }
    }
  }
}
