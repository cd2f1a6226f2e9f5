package dev.jsupervisor.listeners.forwarder;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The forwarder's command line.
 *
 * @param nats how to reach NATS
 * @param stream the stream events go to
 * @param subjectPrefix the first token(s) of every subject
 * @param host {@code --host}: the host token, instead of the identifier or host name
 * @param ackTimeout how long to wait for JetStream to confirm an event
 * @param slotDir {@code --slot 0 --slot-dir DIR}: this forwarder serves the pool's other slots,
 *     which announce themselves in DIR (bin/event-forwarder makes it and adds the option)
 * @param help {@code -h}
 */
public record ForwarderCommandLine(
    NatsSettings nats,
    StreamSettings stream,
    String subjectPrefix,
    Optional<String> host,
    Duration ackTimeout,
    Optional<java.nio.file.Path> slotDir,
    boolean help) {
  public static final String DEFAULT_PREFIX = "supervisor";
  /** The longest {@code --ack-timeout}: supervisord's pool waits on the answer meanwhile. */
  static final Duration MAX_ACK_TIMEOUT = Duration.ofHours(1);

  /**
   * Reads the arguments.
   *
   * @throws IllegalArgumentException with a one-line message naming the bad argument
   */
  public static ForwarderCommandLine parse(String[] args, Map<String, String> env) {
    try {
      CommandLine cl = new DefaultParser().parse(options(), args, false);
      if (!cl.getArgList().isEmpty()) {
        throw new IllegalArgumentException("unexpected argument '" + cl.getArgList().get(0)
            + "'");
      }
      if (cl.hasOption("h")) {
        return new ForwarderCommandLine(null, null, DEFAULT_PREFIX, Optional.empty(),
            Duration.ZERO, Optional.empty(), true);
      }
      String prefix = EventSubject.checkPrefix(cl.getOptionValue("subject-prefix",
          DEFAULT_PREFIX));
      Optional<String> host = Optional.ofNullable(cl.getOptionValue("host"));
      if (host.isPresent() && (host.get().isEmpty()
          || !host.get().equals(EventSubject.token(host.get())))) {
        throw new IllegalArgumentException("--host '" + host.get()
            + "' must be one subject token (no spaces, '.', '*' or '>')");
      }
      Duration ackTimeout = Durations.parse("--ack-timeout",
          cl.getOptionValue("ack-timeout", "2s"));
      if (ackTimeout.isZero()) {
        throw new IllegalArgumentException("--ack-timeout must be more than zero");
      }
      if (ackTimeout.compareTo(MAX_ACK_TIMEOUT) > 0) {
        throw new IllegalArgumentException("--ack-timeout '" + cl.getOptionValue("ack-timeout")
            + "' is more than the most, 1h");
      }
      return new ForwarderCommandLine(NatsSettings.from(cl, env),
          StreamSettings.from(cl, prefix), prefix, host, ackTimeout, slotDir(cl), false);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * {@code --slot} and {@code --slot-dir}. Only slot 0 runs this JVM: bin/event-forwarder runs
   * the other slots as a few lines of shell that hand their stdin/stdout to slot 0.
   */
  private static Optional<java.nio.file.Path> slotDir(CommandLine cl) {
    if (!cl.hasOption("slot")) {
      if (cl.hasOption("slot-dir")) {
        throw new IllegalArgumentException("--slot-dir goes with --slot");
      }
      return Optional.empty();
    }
    String slot = cl.getOptionValue("slot");
    if (!slot.matches("\\d{1,4}")) {
      throw new IllegalArgumentException("--slot '" + slot + "' must be a process number"
          + " (--slot %(process_num)s)");
    }
    if (Integer.parseInt(slot) != 0) {
      throw new IllegalArgumentException("--slot " + slot + " is served by slot 0: start it"
          + " through bin/event-forwarder, which runs it without a JVM");
    }
    String dir = cl.getOptionValue("slot-dir");
    if (dir == null || dir.isEmpty()) {
      throw new IllegalArgumentException("--slot 0 needs --slot-dir (bin/event-forwarder adds"
          + " it)");
    }
    return Optional.of(java.nio.file.Path.of(dir));
  }

  /** The help text. */
  public static String usage() {
    StringWriter out = new StringWriter();
    new HelpFormatter().printHelp(new PrintWriter(out), 78,
        Main.NAME + " [options] | " + Main.NAME + " tail --help",
        "Event listener: stores each event in NATS JetStream, then acknowledges it.",
        options(), 2, 2,
        "Subjects: PREFIX.HOST.EVENT_NAME.GROUP.PROCESS ('_' for a missing part).", false);
    return out.toString();
  }

  private static Options options() {
    Options o = new Options();
    for (Option n : NatsSettings.options()) {
      o.addOption(n);
    }
    for (Option s : StreamSettings.options()) {
      o.addOption(s);
    }
    return o
        .addOption(Option.builder().longOpt("host").hasArg().argName("NAME")
            .desc("host token of the subjects (default: the daemon's identifier, or the host"
                + " name when it is 'supervisor')").build())
        .addOption(Option.builder().longOpt("subject-prefix").hasArg().argName("PREFIX")
            .desc("first token(s) of the subjects (default " + DEFAULT_PREFIX + ")").build())
        .addOption(Option.builder().longOpt("ack-timeout").hasArg().argName("DURATION")
            .desc("wait this long for JetStream to confirm an event, else answer FAIL"
                + " (default 2s, at most 1h)").build())
        .addOption(Option.builder().longOpt("slot").hasArg().argName("N")
            .desc("with numprocs=N and --slot %(process_num)s: one JVM (slot 0) takes the"
                + " events of all N processes, several in flight, published in serial order"
                + " (README)").build())
        .addOption(Option.builder().longOpt("slot-dir").hasArg().argName("DIR")
            .desc("where the slots meet (default: a private directory per daemon and pool"
                + " under $XDG_RUNTIME_DIR, else $TMPDIR)").build())
        .addOption(Option.builder("h").longOpt("help").desc("print this help").build());
  }
}
