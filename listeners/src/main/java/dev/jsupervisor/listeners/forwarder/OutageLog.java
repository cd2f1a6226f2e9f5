package dev.jsupervisor.listeners.forwarder;

import dev.jsupervisor.listeners.sdk.ListenerLog;

/**
 * Logs an outage of the event store once when it starts and once when it ends, however many
 * events were refused in between and however many slots (threads) refused them.
 */
public final class OutageLog {
  private final ListenerLog log;
  // Read on every stored event without the lock: a store in steady state takes none.
  private volatile boolean down;
  private long refused;

  public OutageLog(ListenerLog log) {
    this.log = log;
  }

  /** An event was refused for {@code reason}; the first refusal of an outage is logged. */
  public synchronized void refused(String reason) {
    refused++;
    if (!down) {
      down = true;
      log.warn("cannot store events in NATS (" + reason + "); answering FAIL so supervisord"
          + " keeps them and sends them again");
    }
  }

  /** An event was stored; the first store after an outage is logged. */
  public void stored() {
    if (down) {
      synchronized (this) {
        if (down) {
          log.info("NATS stores events again; " + refused
              + " deliveries were refused meanwhile");
          down = false;
          refused = 0;
        }
      }
    }
  }
}
