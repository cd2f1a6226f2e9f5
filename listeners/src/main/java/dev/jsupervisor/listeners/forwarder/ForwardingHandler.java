package dev.jsupervisor.listeners.forwarder;

import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.ListenerEvent;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The forwarder's event handler: turns each event into a JSON message, stores it, and answers OK
 * only once it is stored; otherwise FAIL, so supervisord keeps the event and sends it again.
 * An outage is logged once when it starts and once when it ends, never per event.
 */
public final class ForwardingHandler implements EventHandler, AutoCloseable {
  /**
   * The message ids' run part when the daemon's is unknown: this forwarder's own run. A fixed
   * word would make a restarted daemon's serials (from 1 again) duplicates of stored events,
   * dropped for the duplicate window; this way a redelivery after a forwarder restart may be
   * stored twice instead (Main warns of that at start).
   */
  static final String OWN_RUN = "listener-" + ProcessHandle.current().pid() + '-'
      + ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli)
          .orElse(0L);

  /** supervisord's default {@code identifier}, which names no host. */
  static final String DEFAULT_IDENTIFIER = "supervisor";

  /** Pauses the protocol thread; a test passes one that only records. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final String prefix;
  private final Optional<String> hostOption;
  private final String hostName;
  private final Optional<DaemonIdentity> daemon;
  private final EventStore store;
  private final ListenerLog log;
  private final Clock clock;
  private final Duration failurePause;
  private final Sleeper sleeper;
  private final OutageLog outage;

  /**
   * @param hostOption {@code --host}, which wins over the identifier and the host name
   * @param hostName this machine's name, used when the daemon's identifier is the default
   * @param failurePause least time between two FAIL answers, so an instant refusal does not spin
   * @param outage where outages are logged; shared by the handlers of one forwarder's slots
   */
  public ForwardingHandler(String prefix, Optional<String> hostOption, String hostName,
      Optional<DaemonIdentity> daemon, EventStore store, ListenerLog log, Clock clock,
      Duration failurePause, Sleeper sleeper, OutageLog outage) {
    this.prefix = prefix;
    this.hostOption = hostOption;
    this.hostName = hostName;
    this.daemon = daemon;
    this.store = store;
    this.log = log;
    this.clock = clock;
    this.failurePause = failurePause;
    this.sleeper = sleeper;
    this.outage = outage;
  }

  @Override
  public Result handle(ListenerEvent event) throws InterruptedException {
    long started = System.nanoTime();
    String server = event.header().server();
    String host = hostOption.orElse(DEFAULT_IDENTIFIER.equals(server) ? hostName : server);
    FleetEvent fleet = EventJson.decode(event.header(), event.payload(), host,
        daemon.map(DaemonIdentity::run), clock.instant().truncatedTo(ChronoUnit.MILLIS));
    String subject = EventSubject.of(prefix, host, fleet.event(),
        fleet.group().orElse(null), fleet.process().orElse(null));
    String id = daemon.map(d -> d.messageId(host, server, event.header().serial()))
        .orElse(host + '/' + server + '/' + OWN_RUN + '/' + event.header().serial());
    String refusal = null;
    try {
      byte[] body = EventJson.write(fleet);
      int limit = store.maxBodyBytes(id);
      if (body.length > limit) {
        // Refused for ever otherwise, at the head of the pool while the daemon drops the rest.
        int full = body.length;
        body = EventJson.writeTruncated(fleet, full, limit);
        log.warn(fleet.event() + " serial " + fleet.serial() + " is " + full + " bytes as JSON,"
            + " more than the " + limit + " NATS takes; storing it truncated");
      }
      store.store(subject, id, body, event.header().poolSerial());
    } catch (EventStore.StoreException e) {
      refusal = e.getMessage();
    } catch (RuntimeException e) {
      // Never let it reach the SDK, which answers OK (drops the event) after a few exceptions:
      // an event is acknowledged only once it is stored.
      refusal = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    if (refusal != null) {
      outage.refused(refusal, started);
      Duration spent = Duration.ofNanos(System.nanoTime() - started);
      if (spent.compareTo(failurePause) < 0) {
        sleeper.sleep(failurePause.minus(spent));
      }
      return Result.FAIL;
    }
    outage.stored();
    return Result.OK;
  }

  /** Closes the store, when this handler served a slot that has gone. */
  @Override
  public void close() {
    store.close();
  }
}
