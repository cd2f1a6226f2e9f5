package dev.jsupervisor.core.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.AlreadySelectedException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * jsupervisorctl's command line and {@code [supervisorctl]} settings merged as supervisorctl
 * does: command line over config file over defaults.
 */
final class CtlOptions {
  /** Bad options or config; the message is printed as {@code Error: ...}, exit status 2. */
  static final class UsageError extends Exception {
    UsageError(String message) {
      super(message);
    }
  }

  List<String> serverUrls = new ArrayList<>();
  String username;
  String password;
  String prompt = "supervisor";
  String historyFile;
  boolean interactive;
  boolean help;
  boolean version;
  List<String> command = new ArrayList<>();

  static Options definitions() {
    Options o = new Options();
    o.addOption(Option.builder("c").longOpt("configuration").hasArg().build());
    o.addOption(Option.builder("s").longOpt("serverurl").hasArg().build());
    o.addOption(Option.builder("u").longOpt("username").hasArg().build());
    o.addOption(Option.builder("p").longOpt("password").hasArg().build());
    o.addOption(Option.builder("i").longOpt("interactive").build());
    o.addOption(Option.builder("r").longOpt("history_file").hasArg().build());
    o.addOption(Option.builder().longOpt("history-file").hasArg().build());
    o.addOption(Option.builder().longOpt("servers-file").hasArg().build());
    o.addOption(Option.builder("h").longOpt("help").build());
    o.addOption(Option.builder("v").longOpt("version").build());
    return o;
  }

  /**
   * Parses {@code args}; {@code home} is the installation directory whose {@code etc/} starts
   * the config search path.
   */
  static CtlOptions parse(String[] args, Map<String, String> env, Path home) throws UsageError {
    CommandLine cl;
    try {
      cl = DefaultParser.builder().build().parse(definitions(), args, true);
    } catch (UnrecognizedOptionException e) {
      throw new UsageError("option " + e.getOption() + " not recognized");
    } catch (MissingArgumentException e) {
      throw new UsageError("option " + display(e.getOption()) + " requires argument");
    } catch (AlreadySelectedException e) {
      throw new UsageError(e.getMessage());
    } catch (ParseException e) {
      throw new UsageError(e.getMessage());
    }
    List<String> rest = cl.getArgList();
    if (!rest.isEmpty() && rest.get(0).startsWith("-") && rest.get(0).length() > 1
        && !List.of(args).contains("--")) {
      // Options end at the first word that is not one; an unknown option before it is an error.
      throw new UsageError("option " + rest.get(0).replaceFirst("=.*", "") + " not recognized");
    }
    CtlOptions o = new CtlOptions();
    o.help = cl.hasOption("h");
    o.version = cl.hasOption("v");
    if (o.help || o.version) {
      return o;
    }
    for (String single : List.of("c", "u", "p", "r")) {
      String[] values = cl.getOptionValues(single);
      if (values != null && values.length > 1) {
        throw new UsageError("conflicting command line option '-" + single + "'");
      }
    }
    List<String> urls = new ArrayList<>();
    if (cl.getOptionValues("s") != null) {
      for (String url : cl.getOptionValues("s")) {
        urls.add(checkUrl("-s", url));
      }
    }
    if (cl.hasOption("servers-file")) {
      urls.addAll(readServersFile(Path.of(cl.getOptionValue("servers-file"))));
    }

    String configFile = cl.getOptionValue("c");
    Path config = configFile != null ? Path.of(configFile) : searchConfig(home);
    CtlConfigSection section = null;
    if (config != null) {
      try {
        section = CtlConfigSection.read(config, env);
      } catch (CtlConfigSection.Invalid e) {
        throw new UsageError(e.getMessage());
      }
    }
    o.serverUrls = urls;
    if (urls.isEmpty()) {
      o.serverUrls.add(section != null ? section.serverUrl() : "http://localhost:9001");
    }
    o.username = cl.hasOption("u") ? cl.getOptionValue("u") : section == null ? null : section.username();
    o.password = cl.hasOption("p") ? cl.getOptionValue("p") : section == null ? null : section.password();
    if (section != null) {
      o.prompt = section.prompt();
      o.historyFile = section.historyFile();
    }
    if (cl.hasOption("r") || cl.hasOption("history-file")) {
      o.historyFile = cl.hasOption("r") ? cl.getOptionValue("r") : cl.getOptionValue("history-file");
    }
    o.command = new ArrayList<>(cl.getArgList());
    o.interactive = cl.hasOption("i") || o.command.isEmpty();
    return o;
  }

  private static String display(Option option) {
    return option.getOpt() != null ? "-" + option.getOpt() : "--" + option.getLongOpt();
  }

  /** The first existing file of supervisorctl's search path, or null. */
  static Path searchConfig(Path home) {
    List<Path> candidates = new ArrayList<>();
    if (home != null) {
      candidates.add(home.resolve("etc").resolve("supervisord.conf"));
      candidates.add(home.resolve("supervisord.conf"));
    }
    candidates.add(Path.of("supervisord.conf"));
    candidates.add(Path.of("etc", "supervisord.conf"));
    candidates.add(Path.of("/etc/supervisord.conf"));
    candidates.add(Path.of("/etc/supervisor/supervisord.conf"));
    for (Path p : candidates) {
      if (Files.exists(p)) {
        return p;
      }
    }
    return null;
  }

  /** supervisorctl's URL check: a scheme and something after it. */
  static String checkUrl(String option, String url) throws UsageError {
    int colon = url.indexOf(':');
    boolean scheme = colon > 0 && url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    String rest = colon > 0 ? url.substring(colon + 1).replaceFirst("^//", "") : "";
    if (!scheme || rest.isEmpty()) {
      throw new UsageError("invalid value for " + option + " " + PythonText.repr(url)
          + ": value " + PythonText.repr(url) + " is not a URL");
    }
    return url;
  }

  /** One server URL per line; blank lines and {@code #} comments are skipped. */
  static List<String> readServersFile(Path file) throws UsageError {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UsageError("could not read servers file " + file);
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        urls.add(checkUrl("--servers-file", line));
      } catch (UsageError e) {
        throw new UsageError(file + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (urls.isEmpty()) {
      throw new UsageError("servers file " + file + " lists no server");
    }
    return urls;
  }
}
