package dev.jsupervisor.testkit.cli;

import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.SupervisordConfig;
import dev.jsupervisor.core.util.DefaultSelectorProvider;
import dev.jsupervisor.testkit.FakeSupervisor;
import dev.jsupervisor.testkit.ListenerProtocolError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code bin/testkit}: runs an event listener written in any language against a fake supervisord
 * and a scenario file. Exit 0 when every expectation held and, at the end, the listener answered
 * every event and was READY again without breaking the protocol; 1 at the first expectation that
 * did not hold or when that end check fails; 2 for a usage, config or scenario error.
 */
public final class Main {
  static final int OK = 0;
  static final int EXPECTATION_FAILED = 1;
  static final int USAGE = 2;
  /** The longest end-of-scenario deadline {@code --end-timeout} accepts. */
  static final Duration MAX_END_TIMEOUT = Duration.ofHours(1);

  private static final String SYNTAX = "testkit run --listener CMD --scenario FILE"
      + " [--config supervisord.conf] [--pool NAME] [--timeout SECONDS] [--end-timeout DURATION]"
      + " [--tcp]";
  private static final String FOOTER = """

      The listener runs as '/bin/sh -c CMD' with SUPERVISOR_SERVER_URL pointing at the fake's
      XML-RPC API. Scenario lines (one per line, # starts a comment):
        ready                                wait for the listener's first READY
        emit EVENT_NAME [key=value ...]      send an event (e.g. emit PROCESS_STATE_EXITED
                                             processname=web expected=0 pid=42)
        advance 5s                           move the virtual clock (ms, s, m, h)
        start|stop NAME, crash NAME [CODE]   act on the fake process table
        fail-start NAME [N|forever], slow-stop NAME 30s, place NAME STATE
        supervisord-start, supervisord-stop, shutdown-state on|off
        expect ack | expect fail | expect idle
        expect call METHOD [ARG ...]         e.g. expect call startProcess web
        expect state NAME STATE              e.g. expect state web RUNNING
      After the last line the listener must answer every event sent and write READY again
      (within --end-timeout), or the run fails. See testkit/README.md for the full format.""";

  /** Held so the setting sticks: Jetty's INFO lines would mix with the tool's own output. */
  private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

  private final PrintStream out;
  private final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    DefaultSelectorProvider.install();
    JETTY_LOG.setLevel(Level.WARNING);
    System.exit(new Main(System.out, System.err).run(args));
  }

  private static Options options() {
    Options options = new Options();
    options.addOption(Option.builder("l").longOpt("listener").hasArg().argName("CMD")
        .desc("the listener command, run with /bin/sh -c").get());
    options.addOption(Option.builder("s").longOpt("scenario").hasArg().argName("FILE")
        .desc("the scenario file").get());
    options.addOption(Option.builder("c").longOpt("config").hasArg().argName("FILE")
        .desc("a supervisord.conf for the process table and the listener's pool").get());
    options.addOption(Option.builder("p").longOpt("pool").hasArg().argName("NAME")
        .desc("the [eventlistener:NAME] of the config the listener plays").get());
    options.addOption(Option.builder("t").longOpt("timeout").hasArg().argName("SECONDS")
        .desc("deadline of each expectation (default 5)").get());
    options.addOption(Option.builder("e").longOpt("end-timeout").hasArg().argName("DURATION")
        .desc("deadline of the end-of-scenario check: every event answered, listener READY"
            + " (5s, 250ms, ...; default: the --timeout)").get());
    options.addOption(Option.builder().longOpt("tcp")
        .desc("export the TCP URL instead of the UNIX socket as SUPERVISOR_SERVER_URL").get());
    options.addOption(Option.builder("h").longOpt("help").desc("print this help").get());
    return options;
  }

  int run(String[] args) {
    Options options = options();
    CommandLine cmd;
    try {
      cmd = new DefaultParser().parse(options, args);
    } catch (ParseException e) {
      return usageError(e.getMessage());
    }
    if (cmd.hasOption("help")) {
      printHelp(options);
      return OK;
    }
    List<String> rest = cmd.getArgList();
    if (rest.isEmpty()) {
      return usageError("missing command: expected 'run'");
    }
    if (!rest.get(0).equals("run") || rest.size() > 1) {
      return usageError("unexpected argument '" + String.join(" ", rest)
          + "': the only command is 'run'");
    }
    if (!cmd.hasOption("listener") || !cmd.hasOption("scenario")) {
      return usageError("run needs --listener and --scenario");
    }
    Duration timeout = FakeSupervisor.DEFAULT_TIMEOUT;
    if (cmd.hasOption("timeout")) {
      String t = cmd.getOptionValue("timeout");
      if (!t.matches("[0-9]{1,6}")) {
        return usageError("--timeout expects a whole number of seconds, got '" + t + "'");
      }
      timeout = Duration.ofSeconds(Long.parseLong(t));
    }
    Duration endTimeout = timeout;
    if (cmd.hasOption("end-timeout")) {
      String t = cmd.getOptionValue("end-timeout");
      endTimeout = ScenarioParser.parseDuration(t);
      if (endTimeout == null || endTimeout.compareTo(MAX_END_TIMEOUT) > 0) {
        return usageError("--end-timeout expects a duration such as 5s or 250ms, at most 1h,"
            + " got '" + t + "'");
      }
    }
    try {
      return runScenario(cmd, timeout, endTimeout);
    } catch (ScenarioException e) {
      err.println("testkit: " + e.getMessage());
      return USAGE;
    }
  }

  private int runScenario(CommandLine cmd, Duration timeout, Duration endTimeout)
      throws ScenarioException {
    String scenarioFile = cmd.getOptionValue("scenario");
    List<Step> steps = new ScenarioParser(scenarioFile).parse(read(scenarioFile));
    FakeSupervisor.Builder builder =
        FakeSupervisor.builder().timeout(timeout).endTimeout(endTimeout);
    if (cmd.hasOption("config")) {
      String configFile = cmd.getOptionValue("config");
      try {
        SupervisordConfig config = FakeSupervisor.loadConfig(Path.of(configFile));
        builder.config(config);
      } catch (ConfigException e) {
        throw new ScenarioException(configFile + ": " + e.getMessage());
      }
    }
    if (cmd.hasOption("pool")) {
      builder.pool(cmd.getOptionValue("pool"));
    }
    if (cmd.hasOption("tcp")) {
      builder.exportTcpUrl();
    }
    try (FakeSupervisor sup = builder.build()) {
      try {
        sup.startShellListener(cmd.getOptionValue("listener"));
      } catch (IOException e) {
        throw new ScenarioException("cannot start the listener: " + e.getMessage());
      }
      ScenarioRunner runner = new ScenarioRunner(scenarioFile, sup);
      ScenarioRunner.Failure failure;
      try {
        failure = runner.run(steps);
      } finally {
        // Only a scenario that ran to its end is checked (below), never again by close().
        sup.skipEndCheck();
      }
      if (failure != null) {
        err.println("testkit: FAILED " + failure.describe());
        return EXPECTATION_FAILED;
      }
      try {
        sup.verifyListener();
      } catch (ListenerProtocolError e) {
        err.println("testkit: FAILED at the end of " + scenarioFile + ": " + e.getMessage());
        return EXPECTATION_FAILED;
      }
      out.println("testkit: OK: " + steps.size() + " steps, " + runner.expectationsChecked()
          + " expectations held");
      return OK;
    } catch (IOException | IllegalArgumentException e) {
      throw new ScenarioException("cannot start the fake supervisor: " + e.getMessage());
    }
  }

  private static String read(String file) throws ScenarioException {
    try {
      byte[] bytes = Files.readAllBytes(Path.of(file));
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (NoSuchFileException e) {
      throw new ScenarioException(file + ": no such scenario file");
    } catch (CharacterCodingException e) {
      throw new ScenarioException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new ScenarioException(file + ": cannot read: " + e.getMessage());
    }
  }

  private int usageError(String message) {
    err.println("testkit: " + message);
    err.println("Usage: " + SYNTAX);
    err.println("Try 'testkit --help' for more.");
    return USAGE;
  }

  private void printHelp(Options options) {
    PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
    HelpFormatter formatter = new HelpFormatter();
    formatter.setSyntaxPrefix("Usage: ");
    formatter.printHelp(writer, 100, SYNTAX, "\nRuns an event listener against a"
        + " fake supervisord and a scenario file.\n\nOptions:", options, 2, 2, FOOTER, false);
    writer.flush();
  }
}
