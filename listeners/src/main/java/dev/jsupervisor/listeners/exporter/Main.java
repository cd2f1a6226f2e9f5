package dev.jsupervisor.listeners.exporter;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.metrics.EventTally;
import dev.jsupervisor.core.metrics.MetricsHttpServer;
import dev.jsupervisor.core.util.DefaultSelectorProvider;
import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.EventListener;
import dev.jsupervisor.listeners.sdk.ListenerEvent;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/supervisor-exporter}: an event listener for supervisord 4.2.5 (or jsupervisord) that
 * counts every event it is sent as it arrives, acknowledging at once so a crash storm never fills
 * its pool's buffer, and serves the same metric families as jsupervisord's {@code /metrics}.
 */
public final class Main {
  /** How long a scrape waits for each of supervisord's answers (Prometheus's scrape timeout). */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    DefaultSelectorProvider.install();
    ExporterCommandLine cl;
    try {
      cl = ExporterCommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(ExporterCommandLine.usage());
      return 2;
    }
    if (cl.help()) {
      System.out.print(ExporterCommandLine.usage());
      System.out.flush();
      return 0;
    }
    ListenerLog log = ListenerLog.toStderr(ExporterCommandLine.PROGRAM);
    EventTally tally = new EventTally();
    try {
      MetricsHttpServer server = MetricsHttpServer.start(cl.address(),
          rpc(client(System.getenv())), tally, null);
      log.info("serving metrics on http://" + cl.host() + ":" + server.port() + "/metrics");
    } catch (IOException | RuntimeException e) {
      // Exiting would make supervisord restart this listener in a loop; it keeps acknowledging.
      log.error("cannot serve metrics on " + cl.host() + ":" + cl.port() + ": " + e.getMessage()
          + "; acknowledging events without serving them");
    }
    try {
      EventListener.runOnStdio(ExporterCommandLine.PROGRAM, event -> count(tally, event));
      return 0;
    } catch (IOException e) {
      log.error("the event stream from supervisord failed: " + e.getMessage());
      return 1;
    }
  }

  /** Counts the event exactly as jsupervisord's own tally would, and acknowledges it. */
  static EventHandler.Result count(EventTally tally, ListenerEvent event) {
    event.eventType()
        .filter(type -> !type.isAbstract())
        .ifPresent(type -> tally.onEvent(new Event(type, event.payload())));
    return EventHandler.Result.OK;
  }

  /**
   * The client to the supervisor that started this listener. Each call waits at most {@link
   * #READ_TIMEOUT} for an answer, so a supervisord that accepts but never answers makes a scrape
   * answer 503, as an unreachable one does, instead of hanging it.
   */
  static SupervisorClient client(Map<String, String> env) {
    return SupervisorClient.builderFromEnvironment(env).readTimeout(READ_TIMEOUT).build();
  }

  /** The page's source: the client is thread-safe, so concurrent scrapes ask at once. */
  static MetricsHttpServer.Supervisor rpc(SupervisorClient client) {
    return new MetricsHttpServer.Supervisor() {
      @Override
      public List<ProcessInfo> allProcessInfo() {
        return client.getAllProcessInfo();
      }

      @Override
      public long pid() {
        return client.getPID();
      }
    };
  }
}
