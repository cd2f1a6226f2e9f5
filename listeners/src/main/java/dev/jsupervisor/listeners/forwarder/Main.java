package dev.jsupervisor.listeners.forwarder;

import dev.jsupervisor.core.util.JnaSearchPath;
import dev.jsupervisor.listeners.control.ImmediateExit;
import dev.jsupervisor.listeners.sdk.EventListener;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code bin/event-forwarder}: the event listener that stores each event in NATS JetStream
 * before acknowledging it; {@code bin/event-forwarder tail ...} runs {@link EventTail}.
 */
public final class Main {
  static final String NAME = "event-forwarder";
  /** Least time between two FAIL answers while NATS is down. */
  private static final Duration FAILURE_PAUSE = Duration.ofMillis(200);
  /** Most slots one forwarder serves besides its own (a thread and a subscription each). */
  static final int MAX_SLOTS = 63;
  /**
   * Longest a slot's event is held for the one before it to be published (PublishTurns): events
   * sent together reach the slots microseconds apart; one that never comes costs this once.
   */
  static final Duration TURN_GAP = Duration.ofMillis(20);

  private Main() {}

  public static void main(String[] args) {
    int code = args.length > 0 && args[0].equals("tail")
        ? EventTail.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err,
            System.getenv())
        : forward(args, System.out, System.getenv());
    System.exit(code);
  }

  /** Runs the forwarder on stdin/stdout; returns the exit code. */
  static int forward(String[] args, PrintStream out, Map<String, String> env) {
    ForwarderCommandLine cl;
    try {
      cl = ForwarderCommandLine.parse(args, env);
    } catch (IllegalArgumentException e) {
      System.err.println(NAME + ": " + e.getMessage());
      System.err.println("try: " + NAME + " --help");
      return 2;
    }
    if (cl.help()) {
      out.print(ForwarderCommandLine.usage());
      out.flush();
      return 0;
    }
    ListenerLog log = ListenerLog.toStderr(NAME);
    JnaSearchPath.useCLibraryDirectory(); // before ImmediateExit loads JNA
    ImmediateExit.onSigtermOrWarn(log);
    AtomicReference<Connection> connection = new AtomicReference<>();
    AtomicBoolean stopping = new AtomicBoolean();
    try {
      NatsConnector.connectOrKeepTrying(cl.nats(), NAME, log, connection, cause -> {
        if (!stopping.get()) {
          log.error(closedLine(cl.nats(), cause));
          // On a jnats thread: halt, no shutdown hook can wait on that thread. An event in
          // flight is not acknowledged; supervisord sends it again to the next forwarder.
          System.err.flush();
          Runtime.getRuntime().halt(1);
        }
      });
    } catch (NatsConnector.RejectedCredentials e) {
      log.error("cannot start: " + e.getMessage());
      return 1;
    } catch (IOException | RuntimeException e) {
      log.error("cannot start: " + NatsConnector.firstLine(e));
      return 1;
    } catch (InterruptedException e) {
      return 1;
    }
    try {
      // One slot publishes one event at a time, in order by itself.
      // Never as long as the ack timeout, or a held event would time out for its turn.
      Duration gap = TURN_GAP.compareTo(cl.ackTimeout().dividedBy(2)) < 0 ? TURN_GAP
          : cl.ackTimeout().dividedBy(2);
      PublishTurns turns = new PublishTurns(cl.slotDir().isPresent() ? gap : Duration.ZERO);
      NatsEventStore store = new NatsEventStore(connection, cl.stream(), cl.ackTimeout(), turns);
      if (connection.get() != null) {
        try {
          store.ensureStream();
        } catch (EventStore.StoreException e) {
          log.warn(e.getMessage() + "; events are refused until it works");
        }
      }
      Optional<DaemonIdentity> daemon = DaemonIdentity.ofParent();
      if (daemon.isEmpty()) {
        log.warn("cannot tell the supervisor's start time; a redelivery after this listener"
            + " restarts may be stored twice");
      }
      log.info(startLine(cl));
      OutageLog outage = new OutageLog(log);
      String host = hostName();
      ForwardingHandler.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
      Function<NatsEventStore, ForwardingHandler> handlerOn = s -> new ForwardingHandler(
          cl.subjectPrefix(), cl.host(), host, daemon, s, log, Clock.systemUTC(), FAILURE_PAUSE,
          sleeper, outage);
      if (cl.slotDir().isPresent()) {
        long supervisor = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        // Each slot has a store of its own: a store reads its acknowledgements on its thread.
        SlotHub hub = new SlotHub(cl.slotDir().get(), supervisor,
            Optional.ofNullable(env.get("SUPERVISOR_GROUP_NAME")),
            () -> handlerOn.apply(new NatsEventStore(connection, cl.stream(), cl.ackTimeout(),
                turns)), log, MAX_SLOTS);
        try {
          hub.start();
        } catch (IOException e) {
          log.error("cannot serve the other slots: " + e.getMessage());
          return 1;
        }
      }
      EventListener.runOnStdio(NAME, handlerOn.apply(store));
      return 0;
    } catch (IOException e) {
      log.error("the event stream from supervisord failed: " + e.getMessage());
      return 1;
    } finally {
      stopping.set(true);
      try {
        if (connection.get() != null) {
          connection.get().close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The line logged when jnats has given up on the connection for good. */
  static String closedLine(NatsSettings nats, String cause) {
    return "the NATS connection to " + nats.redactedServers() + " (" + nats.authDescription()
        + ") was closed for good (" + cause + "); exiting so that supervisord starts the"
        + " forwarder again";
  }

  /** The start-up line: where events go, never a secret. */
  static String startLine(ForwarderCommandLine cl) {
    return "forwarding events to JetStream stream " + cl.stream().name() + " at "
        + cl.nats().redactedServers() + " (" + cl.nats().authDescription() + ")";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
    }
  }
}
