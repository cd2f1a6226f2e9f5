package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.util.ClassPreloader;
import dev.jsupervisor.core.util.DefaultSelectorProvider;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * jsupervisorctl: supervisorctl's command line for jsupervisord or supervisord, plus bulk
 * {@code quick*} commands and fleet mode (several {@code -s}). {@link #run} is the testable
 * entry point; {@link #main} only adds the process exit.
 */
public final class Main {
  /** Calls in flight at once; a waiting start holds its connection until RUNNING. */
  private static final int MAX_FAN_OUT = 32;

  /** Everything a command may touch; the interactive shell's JLine stays out (only -i needs it). */
  private static final List<String> ARCHIVED_PACKAGES = List.of(
      "dev/jsupervisor/core/ctl/", "dev/jsupervisor/core/client/", "dev/jsupervisor/core/api/",
      "dev/jsupervisor/core/config/", "org/apache/commons/cli/");

  private Main() {}

  public static void main(String[] args) {
    DefaultSelectorProvider.install();
    startWarmUp();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int status = run(args, System.in, out, System.err, System.getenv());
    if (ClassPreloader.isTrainingRun()) {
      ClassPreloader.preload(System.getProperty("java.class.path", ""),
          Main.class.getClassLoader(), ARCHIVED_PACKAGES);
    }
    out.flush();
    System.err.flush();
    // Everything is written and closed by now; halt skips the JVM's orderly shutdown, which
    // costs a short-lived CLI a few ms per call and has nothing left to do here.
    Runtime.getRuntime().halt(status);
  }

  /**
   * Prepares, on a background thread while the main thread reads the options and the config,
   * what every command needs next and a fresh JVM builds slowly on first use: the machinery
   * behind lambdas and string concatenation (about 9 ms, which the main thread otherwise pays
   * at its first lambda) and a UNIX-domain socket (the JDK seeds a SecureRandom the first time
   * one is made, about 15 ms; most commands talk over one). The second core is otherwise idle
   * at this point. The thread's own task is a plain class: a lambda here would make the main
   * thread build that machinery before starting it.
   */
  private static void startWarmUp() {
    Thread warmUp = new Thread(new WarmUp(), "warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  private static final class WarmUp implements Runnable {
    @Override
    public void run() {
      java.util.function.LongSupplier clock = System::nanoTime;
      String ignored = "t" + clock.getAsLong();
      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        // Only the class initialisation matters.
      } catch (IOException | UnsupportedOperationException e) {
        // No UNIX sockets here: the real connection will say so.
      }
    }
  }

  /** Runs one invocation and returns its exit status; never calls {@code System.exit}. */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    String progname = System.getProperty("jsupervisor.launcher", "jsupervisorctl");
    String home = System.getProperty("jsupervisor.home");
    CtlOptions options;
    try {
      options = CtlOptions.parse(args, env, home == null ? null : Path.of(home));
    } catch (CtlOptions.UsageError e) {
      err.println("Error: " + e.getMessage());
      err.println("For help, use " + progname + " -h");
      return ExitStatus.INVALID_ARGS;
    }
    if (options.help) {
      out.print(usage(progname));
      out.flush();
      return ExitStatus.SUCCESS;
    }
    if (options.version) {
      Package p = Main.class.getPackage();
      String v = p == null || p.getImplementationVersion() == null ? "dev" : p.getImplementationVersion();
      out.println(progname + " " + v + " (supervisorctl 4.2.5 compatible)");
      return ExitStatus.SUCCESS;
    }
    boolean onTerminal = in == System.in && System.console() != null;
    if (options.username != null && options.password == null && onTerminal) {
      Console console = System.console();
      char[] pw = console.readPassword("Password:");
      options.password = pw == null ? null : new String(pw);
    }

    ExecutorService fanOut = Executors.newFixedThreadPool(MAX_FAN_OUT, daemonThreads("ctl-call"));
    ExecutorService servers = Executors.newCachedThreadPool(daemonThreads("ctl-server"));
    Output base = Output.to(out);
    Prompter prompter = Prompter.plain(in, out);
    List<Controller> controllers = new ArrayList<>();
    boolean fleetMode = options.serverUrls.size() > 1;
    for (String url : options.serverUrls) {
      Output target = fleetMode ? Output.prefixed(base, "[" + url + "] ") : base;
      controllers.add(new Controller(
          new Controller.Target(url, options.username, options.password),
          target, prompter, fanOut, options.interactive));
    }
    Fleet fleet = new Fleet(controllers, servers);
    try {
      if (!options.command.isEmpty()) {
        fleet.onecmd(String.join(" ", options.command));
        return fleet.exitStatus();
      }
      String prompt = options.prompt + "> ";
      if (onTerminal) {
        Shell.runTerminal(fleet, prompt, options.historyFile, base);
      } else {
        Shell.runPlain(fleet, prompter, prompt, base);
      }
      return ExitStatus.SUCCESS; // supervisorctl's shell always exits 0
    } finally {
      fleet.close();
      fanOut.shutdownNow();
      servers.shutdownNow();
      out.flush();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  static String usage(String progname) {
    return progname + " -- control the processes of jsupervisord or supervisord.\n"
        + "\n"
        + "Usage: " + progname + " [options] [action [arguments]]\n"
        + "\n"
        + "Options:\n"
        + "-c/--configuration FILENAME -- config file to read [supervisorctl] from\n"
        + "     (default: the first of etc/supervisord.conf under the installation,\n"
        + "     ./supervisord.conf, ./etc/supervisord.conf, /etc/supervisord.conf,\n"
        + "     /etc/supervisor/supervisord.conf)\n"
        + "-h/--help -- print this message and exit\n"
        + "-i/--interactive -- start the interactive shell (the default without an action)\n"
        + "-s/--serverurl URL -- server to talk to: http://host:port or unix:///path\n"
        + "     (default \"http://localhost:9001\"); give it several times to run the\n"
        + "     action on every server at once, each output line prefixed by its server\n"
        + "--servers-file FILE -- more server URLs, one per line (# starts a comment)\n"
        + "-u/--username USERNAME -- user name for the server's HTTP authentication\n"
        + "-p/--password PASSWORD -- password for the server's HTTP authentication\n"
        + "-r/--history-file FILE -- where the shell keeps its command history\n"
        + "-v/--version -- print the version of " + progname + " and exit\n"
        + "\n"
        + "action [arguments] -- a command such as \"status\" or \"stop app\"; \"help\"\n"
        + "lists them all, including the bulk commands quickstart, quickstop and\n"
        + "quickrestart.\n";
  }
}
