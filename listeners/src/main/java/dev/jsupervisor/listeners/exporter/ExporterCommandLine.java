package dev.jsupervisor.listeners.exporter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The command line of bin/supervisor-exporter: {@code --listen HOST:PORT} for its metrics page
 * (default {@value #DEFAULT_LISTEN}).
 */
public record ExporterCommandLine(String host, int port, boolean help) {
  public static final String PROGRAM = "supervisor-exporter";
  public static final String DEFAULT_LISTEN = "127.0.0.1:9101";

  /** @throws IllegalArgumentException with a one-line message naming the bad argument */
  public static ExporterCommandLine parse(String... args) {
    CommandLine cl;
    try {
      cl = new DefaultParser().parse(options(), args, false);
    } catch (ParseException e) {
      throw new IllegalArgumentException(PROGRAM + ": " + e.getMessage());
    }
    if (!cl.getArgList().isEmpty()) {
      throw new IllegalArgumentException(
          PROGRAM + ": unexpected argument '" + cl.getArgList().get(0) + "'");
    }
    String listen = cl.getOptionValue("listen", DEFAULT_LISTEN);
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new IllegalArgumentException(PROGRAM + ": --listen needs HOST:PORT, got '" + listen + "'");
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          PROGRAM + ": --listen port must be 0-65535, got '" + listen.substring(colon + 1) + "'");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new ExporterCommandLine(host, port, cl.hasOption("h"));
  }

  InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }

  /** The help text. */
  public static String usage() {
    StringWriter out = new StringWriter();
    new HelpFormatter().printHelp(new PrintWriter(out), 78, PROGRAM + " [--listen HOST:PORT]",
        "Event listener for supervisord serving Prometheus metrics; run it from an "
            + "[eventlistener:x] section with events=PROCESS_STATE (add more to count them).",
        options(), 2, 2, null, false);
    return out.toString();
  }

  private static Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("listen").hasArg().argName("HOST:PORT")
            .desc("address of the metrics page (default " + DEFAULT_LISTEN + ")").build())
        .addOption(Option.builder("h").longOpt("help").desc("print this help").build());
  }
}
