package dev.jsupervisor.listeners.forwarder;

import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * The JetStream stream the forwarder stores events in, and how it is created when missing.
 *
 * @param name the stream name
 * @param subjects the subjects it captures
 * @param retention limits, interest or workqueue
 * @param storage file or memory
 * @param maxAge oldest message kept; zero keeps them for ever
 * @param maxMessages most messages kept; -1 for no limit
 * @param maxBytes most bytes kept; -1 for no limit
 * @param duplicateWindow how long a message id is remembered for de-duplication
 * @param create whether to create the stream when it is missing
 */
public record StreamSettings(
    String name,
    List<String> subjects,
    RetentionPolicy retention,
    StorageType storage,
    Duration maxAge,
    long maxMessages,
    long maxBytes,
    Duration duplicateWindow,
    boolean create) {
  public static final String DEFAULT_NAME = "SUPERVISOR_EVENTS";

  static Option[] options() {
    return new Option[] {
      Option.builder().longOpt("stream").hasArg().argName("NAME")
          .desc("JetStream stream (default " + DEFAULT_NAME + ")").build(),
      Option.builder().longOpt("stream-subjects").hasArg().argName("S[,S]")
          .desc("subjects of a stream it creates (default PREFIX.>)").build(),
      Option.builder().longOpt("retention").hasArg().argName("POLICY")
          .desc("limits (default), interest or workqueue").build(),
      Option.builder().longOpt("storage").hasArg().argName("TYPE")
          .desc("file (default) or memory").build(),
      Option.builder().longOpt("max-age").hasArg().argName("DURATION")
          .desc("drop events older than this (default 7d; 0s keeps all)").build(),
      Option.builder().longOpt("max-msgs").hasArg().argName("N")
          .desc("keep at most N events (default: no limit)").build(),
      Option.builder().longOpt("max-bytes").hasArg().argName("N")
          .desc("keep at most N bytes (default: no limit)").build(),
      Option.builder().longOpt("duplicate-window").hasArg().argName("DURATION")
          .desc("how long a redelivered event is recognised (default 10m)").build(),
      Option.builder().longOpt("no-create-stream")
          .desc("never create the stream; it must exist").build(),
    };
  }

  /** The settings in {@code cl}; {@code prefix} gives the default subjects. */
  static StreamSettings from(CommandLine cl, String prefix) {
    String name = cl.getOptionValue("stream", DEFAULT_NAME);
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("--stream '" + name
          + "' must be 1 to 64 letters, digits, '_' or '-'");
    }
    List<String> subjects = List.of(cl.getOptionValue("stream-subjects", prefix + ".>")
        .split(","));
    return new StreamSettings(name, subjects,
        choice("--retention", cl.getOptionValue("retention", "limits"), RetentionPolicy.class),
        choice("--storage", cl.getOptionValue("storage", "file"), StorageType.class),
        Durations.parse("--max-age", cl.getOptionValue("max-age", "7d")),
        limit("--max-msgs", cl.getOptionValue("max-msgs")),
        limit("--max-bytes", cl.getOptionValue("max-bytes")),
        Durations.parse("--duplicate-window", cl.getOptionValue("duplicate-window", "10m")),
        !cl.hasOption("no-create-stream"));
  }

  /** The configuration of the stream to create. */
  StreamConfiguration configuration() {
    return StreamConfiguration.builder()
        .name(name)
        .subjects(subjects)
        .retentionPolicy(retention)
        .storageType(storage)
        .maxAge(maxAge)
        .maxMessages(maxMessages)
        .maxBytes(maxBytes)
        .duplicateWindow(duplicateWindow)
        .build();
  }

  private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.replace("-", ""))) {
        return e;
      }
    }
    throw new IllegalArgumentException(option + " '" + value + "' is not one of "
        + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
  }

  private static long limit(String option, String value) {
    if (value == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a positive number");
    }
  }
}
