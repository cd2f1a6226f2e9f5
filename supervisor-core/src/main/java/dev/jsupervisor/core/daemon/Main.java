package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.ConfigOverrides;
import dev.jsupervisor.core.config.HttpServerConfig;
import dev.jsupervisor.core.config.SupervisordConfig;
import dev.jsupervisor.core.config.Users;
import dev.jsupervisor.core.process.JnaPosix;
import dev.jsupervisor.core.process.Spawner;
import dev.jsupervisor.core.rpc.HttpServers;
import dev.jsupervisor.core.util.DefaultSelectorProvider;
import dev.jsupervisor.core.util.JnaSearchPath;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code jsupervisord}: supervisord's command line, config errors printed as supervisord prints
 * them (exit 2, nothing spawned), then the daemon in the foreground or in the background.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    JnaSearchPath.useCLibraryDirectory(); // before anything loads JNA
    useFastSpawn();
    DefaultSelectorProvider.install();
    HttpServers.prepareInBackground(); // first: it runs while the arguments and config are read
    Spawner.prepareInBackground();
    int status;
    try {
      status = run(args, System.out, System.err);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      // A broken installation rather than a user error (JNA cannot load its native library, or
      // a jar is missing): one line that names it, no stack trace.
      // A class the native preload failed to set up only says "Could not initialize class".
      Throwable first = e instanceof NoClassDefFoundError ? Spawner.preloadFailure() : null;
      System.err.println("Error: a library jsupervisord needs could not be loaded: "
          + (first != null ? first : e).getMessage());
      status = 2;
    }
    System.exit(status);
  }

  /**
   * Spawns children with vfork+exec instead of the JDK's default posix_spawn through its
   * jspawnhelper (an extra exec per child): measured 2.5x faster when starting 500 programs.
   * Must run before the first process is started; an explicit setting wins.
   */
  static void useFastSpawn() {
    if (System.getProperty("jdk.lang.Process.launchMechanism") == null) {
      System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
    }
  }

  /** Runs the command line; returns the exit code instead of exiting (for tests). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String program = System.getProperty("jsupervisor.launcher", "jsupervisord");
    DaemonCommandLine.Parsed parsed;
    try {
      parsed = DaemonCommandLine.parse(args);
    } catch (DaemonCommandLine.UsageException e) {
      return usageError(err, program, e.getMessage());
    }
    if (parsed.help()) {
      out.print(DaemonCommandLine.usage(program));
      return 0;
    }
    if (parsed.version()) {
      out.println(SupervisorRpc.SUPERVISOR_VERSION);
      return 0;
    }
    ConfigOverrides overrides = overrides(parsed.overrides());
    ConfigLoader loader = ConfigLoader.forCurrentProcess();
    ConfigLoader.Result loaded;
    try {
      String configFile = parsed.configFile();
      if (configFile == null) {
        String home = System.getProperty("jsupervisor.home", ".");
        configFile = loader.findConfigFile(home + "/bin/jsupervisord");
      }
      loaded = loader.load(configFile, overrides);
    } catch (ConfigException e) {
      return usageError(err, program, e.getMessage());
    }
    SupervisordConfig config = loaded.config();
    if (!config.nodaemon() && !Daemonizer.isDaemonizedCopy()) {
      // The background copy switches users; its errors would go to /dev/null.
      String userError =
          config.user() == null
              ? null
              : new PrivilegeDrop(JnaPosix.get(), Users.system()).precheck(config.user());
      if (userError != null) {
        return usageError(err, program, userError);
      }
      String busy = busyServer(config);
      if (busy != null) {
        err.println("Error: " + busy);
        return 2;
      }
      try {
        return Daemonizer.startBackgroundCopy(
            Main.class.getName(),
            args,
            Path.of(config.pidfile()),
            config.directory() == null ? null : Path.of(config.directory()),
            60_000);
      } catch (IOException e) {
        err.println("Error: could not start the daemon in the background: " + e.getMessage());
        return 2;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
    return new DaemonRunner(loader, overrides, out, err).run(loaded);
  }

  private static int usageError(PrintStream err, String program, String message) {
    err.println("Error: " + message);
    err.println("For help, use " + program + " -h");
    return 2;
  }

  /** supervisord's usage error for a problem found after the config was read. */
  static void printUsageError(PrintStream err, String message) {
    usageError(err, System.getProperty("jsupervisor.launcher", "jsupervisord"), message);
  }

  /**
   * Before going to the background, where nobody would see the error: is a live server already
   * answering on one of our sockets or ports?
   */
  static String busyServer(SupervisordConfig config) {
    for (HttpServerConfig s : config.httpServers()) {
      boolean busy;
      if (s.isUnix()) {
        busy = Files.exists(Path.of(s.unixSocket())) && answers(s.unixSocket());
      } else {
        busy = !canBind(s.host(), s.port());
      }
      if (busy) {
        return "Another program is already listening on a port that one of our HTTP servers is"
            + " configured to use.  Shut this program down first before starting supervisord.";
      }
    }
    return null;
  }

  private static boolean answers(String socket) {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return ch.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean canBind(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(
          host == null || host.isEmpty() || host.equals("*")
              ? new InetSocketAddress(port)
              : new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static ConfigOverrides overrides(Map<String, String> o) {
    return new ConfigOverrides(
        o.get("logfile"),
        o.get("logfile_maxbytes"),
        o.get("logfile_backups"),
        o.get("loglevel"),
        o.get("pidfile"),
        o.get("umask"),
        o.containsKey("nodaemon") ? Boolean.TRUE : null,
        o.containsKey("silent") ? Boolean.TRUE : null,
        o.get("minfds"),
        o.get("minprocs"),
        o.containsKey("nocleanup") ? Boolean.TRUE : null,
        o.get("childlogdir"),
        o.get("user"),
        o.get("directory"),
        o.containsKey("strip_ansi") ? Boolean.TRUE : null,
        o.get("identifier"));
  }
}
