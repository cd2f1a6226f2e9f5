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
  private boolean recovered;
  private long recoveredAt;

  public OutageLog(ListenerLog log) {
    this.log = log;
  }

  /**
   * An event was refused for {@code reason}; the first refusal of an outage is logged. A
   * refusal of an attempt that began before the last recovery (another slot's event, in flight
   * across it) belongs to the outage that ended and starts no new one.
   *
   * @param attemptStarted when (System.nanoTime) the refused attempt began
   */
  public synchronized void refused(String reason, long attemptStarted) {
    if (down) {
      refused++;
    } else if (!recovered || attemptStarted - recoveredAt >= 0) {
      refused = 1;
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
          recovered = true;
          recoveredAt = System.nanoTime();
        }
      }
    }
  }
}
