package dev.jsupervisor.listeners.forwarder;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One event as the forwarder stores it in JetStream: the envelope header, where it came from,
 * when the forwarder read it, and its payload decoded into {@code key:value} fields plus the
 * text after the payload's first line ({@code data}: log output, a remote message).
 *
 * @param host the host token of the subject (option, identifier or host name)
 * @param server the daemon's {@code identifier} from the header
 * @param daemon the daemon run ({@code pid-startMillis}), empty when unknown
 * @param serial the daemon's event serial
 * @param pool the listener pool the event was sent to
 * @param poolSerial the serial within that pool
 * @param event the event name, e.g. {@code PROCESS_STATE_RUNNING}
 * @param version the protocol version from the header
 * @param time when the forwarder read the event
 * @param group the payload's {@code groupname}, if any
 * @param process the payload's {@code processname}, if any
 * @param payload every {@code key:value} token of the payload's first line, in order
 * @param data the payload after its first line, when there is any
 */
public record FleetEvent(
    String host,
    String server,
    Optional<String> daemon,
    long serial,
    String pool,
    long poolSerial,
    String event,
    String version,
    Instant time,
    Optional<String> group,
    Optional<String> process,
    Map<String, String> payload,
    Optional<String> data) {

  public FleetEvent {
    payload = Map.copyOf(payload);
  }

  /** This event with another payload and data (a truncated copy); the rest unchanged. */
  FleetEvent withPayload(Map<String, String> newPayload, Optional<String> newData) {
    return new FleetEvent(host, server, daemon, serial, pool, poolSerial, event, version, time,
        group, process, newPayload, newData);
  }
}
