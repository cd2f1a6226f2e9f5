package dev.jsupervisor.core.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * supervisord's command line: the same short and long options, the same error texts, values kept
 * as written so they are validated with the config file's datatypes (and their messages).
 */
public final class DaemonCommandLine {
  /** Option letter (or long name for those without one) to its config key, in usage order. */
  private static final Map<String, String> VALUE_OPTIONS = new LinkedHashMap<>();

  static {
    VALUE_OPTIONS.put("u", "user");
    VALUE_OPTIONS.put("m", "umask");
    VALUE_OPTIONS.put("d", "directory");
    VALUE_OPTIONS.put("l", "logfile");
    VALUE_OPTIONS.put("y", "logfile_maxbytes");
    VALUE_OPTIONS.put("z", "logfile_backups");
    VALUE_OPTIONS.put("e", "loglevel");
    VALUE_OPTIONS.put("j", "pidfile");
    VALUE_OPTIONS.put("i", "identifier");
    VALUE_OPTIONS.put("q", "childlogdir");
    VALUE_OPTIONS.put("a", "minfds");
    VALUE_OPTIONS.put("minprocs", "minprocs");
  }

  /**
   * What the command line asked for.
   *
   * @param configFile the {@code -c} value, or null to search
   * @param help {@code -h}
   * @param version {@code -v}
   * @param overrides config key to raw value, for options given ({@code nodaemon}, {@code silent},
   *     {@code nocleanup}, {@code strip_ansi} as {@code "true"})
   * @param optionOf config key to the option as typed, for error messages ({@code -y})
   */
  public record Parsed(
      String configFile,
      boolean help,
      boolean version,
      Map<String, String> overrides,
      Map<String, String> optionOf) {}

  /** A command line supervisord would refuse; the message follows {@code Error: }. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }

  private DaemonCommandLine() {}

  public static Parsed parse(String[] args) throws UsageException {
    CommandLine cl;
    try {
      cl = new DefaultParser().parse(options(), args);
    } catch (UnrecognizedOptionException e) {
      throw new UsageException("option " + e.getOption() + " not recognized");
    } catch (MissingArgumentException e) {
      throw new UsageException("option " + display(e.getOption()) + " requires argument");
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (!cl.getArgList().isEmpty()) {
      List<String> quoted = new ArrayList<>();
      for (String a : cl.getArgList()) {
        quoted.add("'" + a + "'");
      }
      throw new UsageException(
          "positional arguments are not supported: [" + String.join(", ", quoted) + "]");
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    Map<String, String> optionOf = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : VALUE_OPTIONS.entrySet()) {
      String opt = e.getKey();
      if (cl.hasOption(opt)) {
        overrides.put(e.getValue(), cl.getOptionValue(opt));
        optionOf.put(e.getValue(), opt.length() == 1 ? "-" + opt : "--" + opt);
      }
    }
    flag(cl, "n", "nodaemon", overrides, optionOf);
    flag(cl, "s", "silent", overrides, optionOf);
    flag(cl, "k", "nocleanup", overrides, optionOf);
    flag(cl, "t", "strip_ansi", overrides, optionOf);
    return new Parsed(
        cl.getOptionValue("c"), cl.hasOption("h"), cl.hasOption("v"), overrides, optionOf);
  }

  /** The usage text printed by {@code -h}. */
  public static String usage(String program) {
    return String.join(
        "\n",
        "jsupervisord -- run a set of applications as daemons (a drop-in for supervisord).",
        "",
        "Usage: " + program + " [options]",
        "",
        "Options:",
        "-c/--configuration FILENAME -- configuration file path (searches if not given)",
        "-n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)",
        "-s/--silent -- no logs to stdout (maps to 'silent=true' in config file)",
        "-h/--help -- print this usage message and exit",
        "-v/--version -- print the supervisord version this daemon is compatible with and exit",
        "-u/--user USER -- run jsupervisord as this user (or numeric uid)",
        "-m/--umask UMASK -- use this umask for daemon subprocess (default is 022)",
        "-d/--directory DIRECTORY -- directory to chdir to when daemonized",
        "-l/--logfile FILENAME -- use FILENAME as logfile path",
        "-y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile",
        "-z/--logfile_backups NUM -- number of backups to keep when max bytes reached",
        "-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)",
        "-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME",
        "-i/--identifier STR -- identifier used for this instance of supervisord",
        "-q/--childlogdir DIRECTORY -- the log directory for child process logs",
        "-k/--nocleanup -- prevent the removal of old automatic child log files at startup",
        "-a/--minfds NUM -- the minimum number of file descriptors for start success",
        "-t/--strip_ansi -- strip ansi escape codes from process output",
        "--minprocs NUM -- the minimum number of processes available for start success",
        "");
  }

  private static void flag(
      CommandLine cl, String opt, String key, Map<String, String> out, Map<String, String> of) {
    if (cl.hasOption(opt)) {
      out.put(key, "true");
      of.put(key, "-" + opt);
    }
  }

  private static String display(Option o) {
    return o.getOpt() != null ? "-" + o.getOpt() : "--" + o.getLongOpt();
  }

  private static Options options() {
    Options o = new Options();
    o.addOption(Option.builder("c").longOpt("configuration").hasArg().build());
    o.addOption(Option.builder("n").longOpt("nodaemon").build());
    o.addOption(Option.builder("s").longOpt("silent").build());
    o.addOption(Option.builder("h").longOpt("help").build());
    o.addOption(Option.builder("v").longOpt("version").build());
    o.addOption(Option.builder("u").longOpt("user").hasArg().build());
    o.addOption(Option.builder("m").longOpt("umask").hasArg().build());
    o.addOption(Option.builder("d").longOpt("directory").hasArg().build());
    o.addOption(Option.builder("l").longOpt("logfile").hasArg().build());
    o.addOption(Option.builder("y").longOpt("logfile_maxbytes").hasArg().build());
    o.addOption(Option.builder("z").longOpt("logfile_backups").hasArg().build());
    o.addOption(Option.builder("e").longOpt("loglevel").hasArg().build());
    o.addOption(Option.builder("j").longOpt("pidfile").hasArg().build());
    o.addOption(Option.builder("i").longOpt("identifier").hasArg().build());
    o.addOption(Option.builder("q").longOpt("childlogdir").hasArg().build());
    o.addOption(Option.builder("k").longOpt("nocleanup").build());
    o.addOption(Option.builder("a").longOpt("minfds").hasArg().build());
    o.addOption(Option.builder("t").longOpt("strip_ansi").build());
    o.addOption(Option.builder().longOpt("minprocs").hasArg().build());
    return o;
  }
}
