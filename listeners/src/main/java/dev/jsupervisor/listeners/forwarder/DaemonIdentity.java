package dev.jsupervisor.listeners.forwarder;

import java.util.Optional;

/**
 * Who sent an event, beyond what its header says: the daemon's pid and start time. Together with
 * the header's {@code server} identifier and {@code serial} they name one event of one daemon
 * run, so that a redelivered event gets the same JetStream message id and is stored once.
 *
 * @param pid the daemon's pid (the listener's parent)
 * @param startMillis the daemon's start time, epoch millis
 */
public record DaemonIdentity(long pid, long startMillis) {

  /** The identity of this process's parent, which for a listener is the supervisor. */
  public static Optional<DaemonIdentity> ofParent() {
    return ProcessHandle.current().parent().flatMap(parent ->
        parent.info().startInstant().map(start ->
            new DaemonIdentity(parent.pid(), start.toEpochMilli())));
  }

  /** The message id of event {@code serial} from the daemon with identifier {@code server}. */
  public String messageId(String host, String server, long serial) {
    return host + '/' + server + '/' + pid + '-' + startMillis + '/' + serial;
  }

  /** The part of the message id that names the daemon run, also put in each message body. */
  public String run() {
    return pid + "-" + startMillis;
  }
}
