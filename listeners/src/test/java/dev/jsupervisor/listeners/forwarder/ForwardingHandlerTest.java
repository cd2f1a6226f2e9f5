package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.listeners.control.RecordingLog;
import dev.jsupervisor.listeners.sdk.EventHandler.Result;
import dev.jsupervisor.listeners.sdk.EventHeader;
import dev.jsupervisor.listeners.sdk.ListenerEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardingHandlerTest {
  /** A store that refuses while {@code down} and records what it stored. */
  private static final class FakeStore implements EventStore {
    final List<String> subjects = new ArrayList<>();
    final List<String> ids = new ArrayList<>();
    final List<FleetEvent> stored = new ArrayList<>();
    boolean down;
    RuntimeException bug;

    @Override
    public void store(String subject, String messageId, byte[] body) throws StoreException {
      if (bug != null) {
        throw bug;
      }
      if (down) {
        throw new StoreException("not connected to NATS (disconnected)");
      }
      subjects.add(subject);
      ids.add(messageId);
      stored.add(EventJson.read(body));
    }
  }

  private final FakeStore store = new FakeStore();
  private final RecordingLog log = new RecordingLog();
  private final List<Duration> pauses = new ArrayList<>();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"), ZoneOffset.UTC);

  private ForwardingHandler handler(Optional<String> host) {
    return new ForwardingHandler("supervisor", host, "box.example", Optional.of(
        new DaemonIdentity(100, 1_700_000_000_000L)), store, log, clock, Duration.ofMillis(200),
        pauses::add, new OutageLog(log));
  }

  private static ListenerEvent state(String server, long serial) {
    String payload = "processname:api groupname:web from_state:STARTING pid:5";
    return ListenerEvent.of(new EventHeader("3.0", server, serial, "fwd", serial,
        "PROCESS_STATE_RUNNING", payload.length()), payload);
  }

  @Test
  void storedEventIsAnsweredOkWithSubjectAndIdempotentId() throws Exception {
    assertEquals(Result.OK, handler(Optional.empty()).handle(state("supervisor", 9)));

    assertEquals(List.of("supervisor.box_example.PROCESS_STATE_RUNNING.web.api"), store.subjects);
    assertEquals(List.of("box.example/supervisor/100-1700000000000/9"), store.ids);
    assertEquals("box.example", store.stored.get(0).host());
    assertEquals(Optional.of("100-1700000000000"), store.stored.get(0).daemon());
    assertTrue(log.lines().isEmpty(), log.lines().toString());
  }

  @Test
  void withoutTheDaemonsIdentityTheIdNamesThisForwardersRunNotAFixedWord() throws Exception {
    ForwardingHandler h = new ForwardingHandler("supervisor", Optional.empty(), "box.example",
        Optional.empty(), store, log, clock, Duration.ZERO, d -> { }, new OutageLog(log));
    assertEquals(Result.OK, h.handle(state("supervisor", 9)));
    long start = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    assertEquals(List.of("box.example/supervisor/listener-" + ProcessHandle.current().pid() + "-"
        + start + "/9"), store.ids);
    assertEquals(Optional.empty(), store.stored.get(0).daemon(), "the body names no daemon");
  }

  @Test
  void hostIsTheIdentifierUnlessDefaultAndTheOptionWins() throws Exception {
    handler(Optional.empty()).handle(state("node7", 1));
    handler(Optional.of("override")).handle(state("node7", 2));
    assertEquals(List.of("node7", "override"),
        store.stored.stream().map(FleetEvent::host).toList());
  }

  @Test
  void outageAnswersFailAndIsLoggedOnceThenRecoveryOnce() throws Exception {
    ForwardingHandler h = handler(Optional.empty());
    store.down = true;
    for (int i = 0; i < 5; i++) {
      assertEquals(Result.FAIL, h.handle(state("supervisor", 3)));
    }
    store.down = false;
    assertEquals(Result.OK, h.handle(state("supervisor", 3)));
    assertEquals(Result.OK, h.handle(state("supervisor", 4)));

    List<String> lines = log.lines();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("WARN cannot store events in NATS (not connected"),
        lines.get(0));
    assertEquals("INFO NATS stores events again; 5 deliveries were refused meanwhile",
        lines.get(1));
    assertEquals(5, pauses.size(), "an instant refusal pauses before FAIL: " + pauses);
    assertTrue(pauses.stream().allMatch(p -> !p.isNegative() && p.toMillis() <= 200));
    assertEquals(List.of(3L, 4L), store.stored.stream().map(FleetEvent::serial).toList());
    assertEquals(store.ids.get(0), "box.example/supervisor/100-1700000000000/3");
  }

  @Test
  void slotsSharingAnOutageLogLogItOnceAcrossThreads() throws Exception {
    OutageLog shared = new OutageLog(log);
    store.down = true;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
        .newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Result>> answers = new ArrayList<>();
      for (int slot = 0; slot < 8; slot++) {
        ForwardingHandler h = new ForwardingHandler("supervisor", Optional.empty(),
            "box.example", Optional.empty(), store, log, clock, Duration.ZERO, d -> { },
            shared);
        long serial = slot;
        answers.add(pool.submit(() -> h.handle(state("supervisor", serial))));
      }
      for (java.util.concurrent.Future<Result> a : answers) {
        assertEquals(Result.FAIL, a.get(10, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    store.down = false;
    ForwardingHandler h = new ForwardingHandler("supervisor", Optional.empty(), "box.example",
        Optional.empty(), store, log, clock, Duration.ZERO, d -> { }, shared);
    assertEquals(Result.OK, h.handle(state("supervisor", 9)));
    List<String> lines = log.lines();
    assertEquals(2, lines.size(), lines.toString());
    assertEquals("INFO NATS stores events again; 8 deliveries were refused meanwhile",
        lines.get(1));
  }

  @Test
  void secondOutageIsLoggedAgain() throws Exception {
    ForwardingHandler h = handler(Optional.empty());
    for (int round = 0; round < 2; round++) {
      store.down = true;
      h.handle(state("supervisor", round));
      store.down = false;
      h.handle(state("supervisor", round));
    }
    assertEquals(4, log.lines().size(), log.lines().toString());
    assertFalse(log.lines().get(2).startsWith("INFO"), log.lines().toString());
  }

  @Test
  void anUnexpectedExceptionWhileStoringIsFailNeverOkAndLoggedOnce() throws Exception {
    ForwardingHandler h = handler(Optional.empty());
    store.bug = new ArithmeticException("long overflow");
    // Through the SDK, which would answer OK (dropping the event) after 3 exceptions.
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      String payload = "processname:api groupname:web from_state:STARTING pid:5";
      events.append("ver:3.0 server:supervisor serial:7 pool:fwd poolserial:7"
          + " eventname:PROCESS_STATE_RUNNING len:" + payload.length() + "\n" + payload);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new dev.jsupervisor.listeners.sdk.EventListener(new RecordingLog()).run(
        new java.io.ByteArrayInputStream(events.toString().getBytes(
            java.nio.charset.StandardCharsets.US_ASCII)), out, h);
    String answers = out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(5, answers.split("RESULT 4\nFAIL", -1).length - 1, answers);
    assertFalse(answers.contains("OK"), answers);
    assertEquals(1, log.lines().size(), log.lines().toString());
    assertTrue(log.lines().get(0).startsWith("WARN cannot store events in NATS (unexpected"
        + " ArithmeticException: long overflow)"), log.lines().toString());
    assertTrue(store.stored.isEmpty());

    store.bug = null;
    assertEquals(Result.OK, h.handle(state("supervisor", 7)));
    assertEquals("INFO NATS stores events again; 5 deliveries were refused meanwhile",
        log.lines().get(1));
  }
}
