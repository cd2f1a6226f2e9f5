package dev.jsupervisor.listeners.forwarder;

import dev.jsupervisor.listeners.sdk.ListenerLog;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code event-forwarder tail}: prints a fleet's events from the JetStream stream, one line
 * each, live, optionally starting from a point in the past ({@code --since 10m} or an instant).
 */
public final class EventTail {
  private static final String NAME = Main.NAME + " tail";
  private static final Duration POLL = Duration.ofMillis(500);

  /**
   * The tail's command line.
   *
   * @param nats how to reach NATS
   * @param stream the stream to read
   * @param filter subject filter, e.g. {@code supervisor.>} or {@code supervisor.*.PROCESS_STATE_*.>}
   * @param since where to start; empty for new events only
   * @param all start from the stream's first event
   * @param count stop after this many events (0: never)
   * @param json print each message's JSON instead of a line
   */
  record Settings(NatsSettings nats, String stream, String filter, Optional<Instant> since,
      boolean all, long count, boolean json) {}

  private EventTail() {}

  /** Runs the tail; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err,
      Map<String, String> env) {
    Settings s;
    try {
      CommandLine cl = new DefaultParser().parse(options(), args, false);
      if (cl.hasOption("h")) {
        out.print(usage());
        out.flush();
        return 0;
      }
      s = settings(cl, env, Clock.systemUTC());
    } catch (ParseException | IllegalArgumentException e) {
      err.println(NAME + ": " + e.getMessage());
      err.println("try: " + NAME + " --help");
      return 2;
    }
    ListenerLog log = ListenerLog.toStream(NAME, err);
    try (Connection connection = NatsConnector.connect(s.nats(), NAME, log)) {
      return follow(connection, s, out, err);
    } catch (NatsConnector.RejectedCredentials | IOException e) {
      err.println(NAME + ": " + e.getMessage());
      return 1;
    } catch (JetStreamApiException e) {
      err.println(NAME + ": stream " + s.stream() + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  static Settings settings(CommandLine cl, Map<String, String> env, Clock clock) {
    if (cl.getArgList().size() > 1) {
      throw new IllegalArgumentException("unexpected argument '" + cl.getArgList().get(1) + "'");
    }
    String filter = cl.getArgList().isEmpty()
        ? ForwarderCommandLine.DEFAULT_PREFIX + ".>" : cl.getArgList().get(0);
    if (filter.isBlank() || filter.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("subject filter '" + filter + "' has spaces in it");
    }
    String[] tokens = filter.split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i].isEmpty() || tokens[i].equals(">") && i < tokens.length - 1) {
        throw new IllegalArgumentException("subject filter '" + filter + "' is not valid: "
            + (tokens[i].isEmpty() ? "it has an empty token" : "'>' must be the last token"));
      }
    }
    Optional<Instant> since = Optional.ofNullable(cl.getOptionValue("since"))
        .map(v -> since(v, clock));
    if (since.isPresent() && cl.hasOption("all")) {
      throw new IllegalArgumentException("give --since or --all, not both");
    }
    long count = 0;
    if (cl.hasOption("count")) {
      try {
        count = Long.parseLong(cl.getOptionValue("count"));
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (count < 1) {
        throw new IllegalArgumentException("--count '" + cl.getOptionValue("count")
            + "' is not a positive number");
      }
    }
    String stream = cl.getOptionValue("stream", StreamSettings.DEFAULT_NAME);
    return new Settings(NatsSettings.from(cl, env), stream, filter, since, cl.hasOption("all"),
        count, cl.hasOption("json"));
  }

  /** {@code --since}: a duration back from now ({@code 10m}) or an ISO instant. */
  static Instant since(String value, Clock clock) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("--since is empty; give a duration like 10m or an"
          + " instant like 2024-05-01T12:00:00Z");
    }
    if (Character.isDigit(value.charAt(value.length() - 1)) || value.endsWith("Z")) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--since '" + value
            + "' is neither a duration like 10m nor an instant like 2024-05-01T12:00:00Z");
      }
    }
    return clock.instant().minus(Durations.parse("--since", value));
  }

  private static int follow(Connection connection, Settings s, PrintStream out, PrintStream err)
      throws IOException, JetStreamApiException, InterruptedException {
    ConsumerConfiguration.Builder consumer = ConsumerConfiguration.builder();
    if (s.since().isPresent()) {
      consumer.deliverPolicy(DeliverPolicy.ByStartTime)
          .startTime(s.since().get().atZone(ZoneOffset.UTC));
    } else {
      consumer.deliverPolicy(s.all() ? DeliverPolicy.All : DeliverPolicy.New);
    }
    JetStreamSubscription sub;
    try {
      sub = connection.jetStream().subscribe(s.filter(),
          PushSubscribeOptions.builder().stream(s.stream()).ordered(true)
              .configuration(consumer.build()).build());
    } catch (RuntimeException e) {
      err.println(NAME + ": " + badFilter(s.filter(), e));
      return 2;
    }
    long printed = 0;
    while (s.count() == 0 || printed < s.count()) {
      Message m = sub.nextMessage(POLL);
      if (m == null) {
        if (connection.getStatus() == Connection.Status.CLOSED) {
          err.println(NAME + ": the NATS connection closed");
          return 1;
        }
        continue;
      }
      if (s.json()) {
        out.println(new String(m.getData(), StandardCharsets.UTF_8));
      } else {
        try {
          out.println(TailLine.format(EventJson.read(m.getData())));
        } catch (IllegalArgumentException e) {
          err.println(NAME + ": skipping a message on " + TailLine.safe(m.getSubject()) + ": "
              + e.getMessage());
          continue;
        }
      }
      out.flush();
      printed++;
    }
    return 0;
  }

  private static String badFilter(String filter, RuntimeException e) {
    return "cannot follow subject filter '" + TailLine.safe(filter) + "': "
        + NatsConnector.firstLine(e);
  }

  static Options options() {
    Options o = new Options();
    for (Option n : NatsSettings.options()) {
      o.addOption(n);
    }
    return o
        .addOption(Option.builder().longOpt("stream").hasArg().argName("NAME")
            .desc("stream to read (default " + StreamSettings.DEFAULT_NAME + ")").build())
        .addOption(Option.builder().longOpt("since").hasArg().argName("WHEN")
            .desc("start this long ago (10m, 2h) or at an instant (2024-05-01T12:00:00Z);"
                + " default: new events only").build())
        .addOption(Option.builder().longOpt("all").desc("start at the first stored event")
            .build())
        .addOption(Option.builder().longOpt("count").hasArg().argName("N")
            .desc("exit after N events").build())
        .addOption(Option.builder().longOpt("json").desc("print each message's JSON").build())
        .addOption(Option.builder("h").longOpt("help").desc("print this help").build());
  }

  static String usage() {
    StringWriter out = new StringWriter();
    new HelpFormatter().printHelp(new PrintWriter(out), 78,
        NAME + " [options] [SUBJECT-FILTER]",
        "Prints the fleet's events from JetStream, one line each (default filter supervisor.>).",
        options(), 2, 2, "Line: TIME HOST GROUP:PROCESS EVENT DETAIL #SERIAL", false);
    return out.toString();
  }
}
