package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.listeners.control.RecordingLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutageLogTest {
  private final RecordingLog log = new RecordingLog();
  private final OutageLog outage = new OutageLog(log);

  @Test
  void aRefusalInFlightAcrossTheRecoveryStartsNoNewOutage() {
    long before = System.nanoTime();
    outage.refused("not connected to NATS (disconnected)", before);
    outage.refused("not connected to NATS (disconnected)", System.nanoTime());
    outage.stored();
    // Another slot's attempt, begun during the outage, times out after the recovery.
    outage.refused("JetStream did not confirm within 1000 ms", before);
    outage.stored();
    assertEquals(List.of(
        "WARN cannot store events in NATS (not connected to NATS (disconnected)); answering FAIL"
            + " so supervisord keeps them and sends them again",
        "INFO NATS stores events again; 2 deliveries were refused meanwhile"), log.lines());

    // An attempt begun after the recovery is a new outage.
    outage.refused("JetStream did not confirm within 1000 ms", System.nanoTime());
    outage.stored();
    assertEquals(4, log.lines().size(), log.lines().toString());
    assertEquals("INFO NATS stores events again; 1 deliveries were refused meanwhile",
        log.lines().get(3));
  }
}
