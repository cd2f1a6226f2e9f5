package dev.jsupervisor.listeners.control;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The command line of bin/ordered-startup and bin/fast-reload: {@code -c FILE} names the
 * supervisord.conf to read the programs' keys from; fast-reload also takes {@code
 * --all-at-once}.
 *
 * @param configFile the {@code -c} file, or empty to use supervisord's default search
 * @param allAtOnce {@code --all-at-once} (fast-reload only)
 * @param help {@code -h}: print {@link #usage} and exit 0
 */
public record ListenerCommandLine(Optional<Path> configFile, boolean allAtOnce, boolean help) {

  /**
   * Reads the arguments of the listener named {@code program}.
   *
   * @param acceptsAllAtOnce whether {@code --all-at-once} is an option of this listener
   * @throws IllegalArgumentException with a one-line message naming the bad argument
   */
  public static ListenerCommandLine parse(String program, boolean acceptsAllAtOnce,
      String... args) {
    try {
      CommandLine cl = new DefaultParser().parse(options(acceptsAllAtOnce), args, false);
      if (!cl.getArgList().isEmpty()) {
        throw new IllegalArgumentException(
            program + ": unexpected argument '" + cl.getArgList().get(0) + "'");
      }
      String file = cl.getOptionValue("c");
      if (file != null && file.isBlank()) {
        throw new IllegalArgumentException(program + ": -c needs a file name");
      }
      return new ListenerCommandLine(
          Optional.ofNullable(file).map(Path::of),
          cl.hasOption("all-at-once"),
          cl.hasOption("h"));
    } catch (ParseException e) {
      throw new IllegalArgumentException(program + ": " + e.getMessage());
    }
  }

  /** The help text. */
  public static String usage(String program, boolean acceptsAllAtOnce) {
    StringWriter out = new StringWriter();
    new HelpFormatter().printHelp(new PrintWriter(out), 78,
        program + " [-c FILE]" + (acceptsAllAtOnce ? " [--all-at-once]" : ""),
        "Event listener for supervisord; run it from an [eventlistener:x] section.",
        options(acceptsAllAtOnce), 2, 2, null, false);
    return out.toString();
  }

  private static Options options(boolean acceptsAllAtOnce) {
    Options o = new Options()
        .addOption(Option.builder("c").longOpt("configuration").hasArg().argName("FILE")
            .desc("the supervisord.conf supervisord runs (default: supervisord's search)")
            .build())
        .addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    if (acceptsAllAtOnce) {
      o.addOption(Option.builder().longOpt("all-at-once")
          .desc("stop every process at once, ignoring priorities").build());
    }
    return o;
  }
}
