package dev.jsupervisor.core.events;

import dev.jsupervisor.core.util.LogLevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ListenerPoolTest {
  private final RecordingEffects effects = new RecordingEffects();

  private ListenerPool pool(String name, int bufferSize, String... listeners) {
    return new ListenerPool(name, -1, bufferSize, List.of(EventType.EVENT), List.of(listeners),
        "srv", effects);
  }

  private static void say(ListenerPool pool, String listener, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    pool.listenerOutput(listener, bytes, 0, bytes.length);
  }

  private static void up(ListenerPool pool, String listener) {
    pool.listenerProcessState(listener, ProcessState.STARTING);
    pool.listenerProcessState(listener, ProcessState.RUNNING);
    say(pool, listener, "READY\n");
  }

  private static Event remote(String data) {
    return Event.remoteCommunication("t", data);
  }

  @Test
  void firstRunningReadyListenerInConfigOrderGetsTheHeadEvent() {
    ListenerPool pool = pool("lst", 10, "lst_0", "lst_1");
    up(pool, "lst_1");
    up(pool, "lst_0");
    pool.accept(0, remote("a"));
    pool.accept(1, remote("b"));
    assertEquals(2, effects.sent.size());
    assertEquals("lst_0", effects.sent.get(0).listener());
    assertEquals("type:t\na", effects.sent.get(0).payload());
    assertEquals("lst_1", effects.sent.get(1).listener());
    assertEquals(ListenerState.BUSY, pool.listenerState("lst_0"));
    assertEquals(Optional.of(1L), pool.heldBy("lst_1").map(BufferedEvent::serial));
    pool.accept(2, remote("c"));
    assertEquals(2, effects.sent.size(), "nobody is free");
    assertEquals(List.of(2L), serials(pool.buffered()));
  }

  @Test
  void readyWrittenWhileStartingIsRememberedButEventsWaitForRunning() {
    ListenerPool pool = pool("lst", 10, "lst");
    pool.listenerProcessState("lst", ProcessState.STARTING);
    say(pool, "lst", "READY\n");
    pool.accept(0, remote("a"));
    assertEquals(List.of(), effects.sent);
    assertEquals(ListenerState.READY, pool.listenerState("lst"));
    pool.listenerProcessState("lst", ProcessState.RUNNING);
    assertEquals(1, effects.sent.size());
    assertEquals("REMOTE_COMMUNICATION", effects.last().eventName());
  }

  @Test
  void debugLinesAreWrittenOnlyWhenTheLogTakesThem() {
    ListenerPool pool = pool("lst", 10, "lst");
    up(pool, "lst");
    effects.logs.clear();
    pool.accept(0, remote("a"));
    say(pool, "lst", "RESULT 2\nOKREADY\n");
    assertEquals(List.of("event 0 sent to listener lst", "lst: event was processed",
        "lst: BUSY -> READY"), effects.logsAt(LogLevel.DEBUG));
    effects.debug = false;
    effects.logs.clear();
    pool.accept(1, remote("b"));
    say(pool, "lst", "RESULT 4\nFAILREADY\n");
    say(pool, "lst", "RESULT 2\nOKREADY\n");
    assertEquals(List.of(0L, 1L, 1L), sentSerials(), "delivery is the same without debug lines");
    assertEquals(List.of(), effects.logsAt(LogLevel.DEBUG));
    assertEquals(List.of("lst: event was rejected"), effects.logsAt(LogLevel.WARN));
  }

  @Test
  void failRedeliversTheSameEventBeforeLaterOnes() {
    ListenerPool pool = pool("lst", 10, "lst");
    up(pool, "lst");
    pool.accept(7, remote("a"));
    pool.accept(8, remote("b"));
    say(pool, "lst", "RESULT 4\nFAILREADY\n");
    say(pool, "lst", "RESULT 2\nOKREADY\n");
    say(pool, "lst", "RESULT 2\nOKREADY\n");
    assertEquals(List.of(7L, 7L, 8L), sentSerials());
    assertEquals(List.of(0L, 0L, 1L), sentPoolSerials());
    assertEquals(List.of("lst: event was rejected"), effects.logsAt(LogLevel.WARN));
    assertEquals(List.of(), pool.buffered());
  }

  @Test
  void deathWhileBusyRedeliversToTheNextReadyListenerThenToTheRespawnedOne() {
    ListenerPool pool = pool("lst", 10, "a", "b");
    up(pool, "a");
    pool.accept(0, remote("x"));
    pool.accept(1, remote("y"));
    pool.listenerProcessState("a", ProcessState.EXITED);
    assertEquals(List.of(0L, 1L), serials(pool.buffered()));
    up(pool, "b");
    assertEquals("b", effects.last().listener());
    assertEquals(0L, effects.last().serial());
    pool.listenerProcessState("a", ProcessState.STARTING);
    assertEquals(ListenerState.ACKNOWLEDGED, pool.listenerState("a"));
    pool.listenerProcessState("a", ProcessState.RUNNING);
    say(pool, "a", "READY\n");
    assertEquals("a", effects.last().listener());
    assertEquals(1L, effects.last().serial());
    assertEquals(List.of(0L, 0L, 1L), sentSerials());
  }

  @Test
  void stoppingListenerGetsNoNewEventsButMayStillAnswer() {
    ListenerPool pool = pool("lst", 10, "lst");
    up(pool, "lst");
    pool.accept(0, remote("a"));
    pool.listenerProcessState("lst", ProcessState.STOPPING);
    say(pool, "lst", "RESULT 2\nOKREADY\n");
    pool.accept(1, remote("b"));
    assertEquals(List.of(0L), sentSerials());
    pool.listenerProcessState("lst", ProcessState.STOPPED);
    assertEquals(List.of(1L), serials(pool.buffered()));
  }

  @Test
  void garbageMakesOneListenerUnknownWhileTheOthersCarryOn() {
    ListenerPool pool = pool("lst", 10, "a", "b");
    up(pool, "a");
    up(pool, "b");
    pool.accept(0, remote("x"));
    say(pool, "a", "RESULT x\n");
    assertEquals(ListenerState.UNKNOWN, pool.listenerState("a"));
    assertEquals(List.of(
        "a: bad result line: 'RESULT x'",
        "a: has entered the UNKNOWN state and will no longer receive events, this usually"
            + " indicates the process violated the eventlistener protocol"),
        effects.logsAt(LogLevel.WARN));
    assertEquals("b", effects.last().listener());
    assertEquals(0L, effects.last().serial());
    say(pool, "b", "RESULT 2\nOKREADY\n");
    say(pool, "a", "READY\n");
    pool.accept(1, remote("y"));
    assertEquals("b", effects.last().listener());
    assertEquals(ListenerState.UNKNOWN, pool.listenerState("a"));
  }

  @Test
  void overflowDropsTheOldestEventWithAnErrorLine() {
    ListenerPool pool = pool("lst", 2, "lst");
    for (long serial = 0; serial < 5; serial++) {
      pool.accept(serial, remote("e" + serial));
    }
    assertEquals(List.of(3L, 4L), serials(pool.buffered()));
    assertEquals(List.of(3L, 4L), List.of(pool.buffered().get(0).poolSerial(),
        pool.buffered().get(1).poolSerial()));
    assertEquals(List.of(
        "pool lst event buffer overflowed, discarding event 0",
        "pool lst event buffer overflowed, discarding event 1",
        "pool lst event buffer overflowed, discarding event 2"),
        effects.logsAt(LogLevel.ERROR));
    up(pool, "lst");
    say(pool, "lst", "RESULT 2\nOKREADY\n");
    assertEquals(List.of(3L, 4L), sentSerials());
  }

  @Test
  void aRejectedEventReturningToAFullBufferDropsTheOldestWaitingOne() {
    ListenerPool pool = pool("lst", 1, "lst");
    up(pool, "lst");
    pool.accept(0, remote("a"));
    pool.accept(1, remote("b"));
    say(pool, "lst", "RESULT 4\nFAIL");
    assertEquals(List.of(0L), serials(pool.buffered()));
    assertEquals(List.of("pool lst event buffer overflowed, discarding event 1"),
        effects.logsAt(LogLevel.ERROR));
  }

  @Test
  void severalListenersWithRandomFailuresLoseNothing() {
    ListenerPool pool = pool("lst", 1000, "l0", "l1", "l2");
    Random random = new Random(42);
    List.of("l0", "l1", "l2").forEach(l -> up(pool, l));
    int total = 200;
    TreeMap<Long, Long> acknowledged = new TreeMap<>();
    long nextSerial = 0;
    while (acknowledged.size() < total) {
      if (nextSerial < total && random.nextInt(3) > 0) {
        pool.accept(nextSerial++, remote("n"));
        continue;
      }
      List<String> busy = new ArrayList<>();
      for (String l : pool.listenerNames()) {
        if (pool.listenerState(l) == ListenerState.BUSY) {
          busy.add(l);
        }
      }
      if (busy.isEmpty()) {
        if (nextSerial < total) {
          pool.accept(nextSerial++, remote("n"));
        }
        continue;
      }
      String l = busy.get(random.nextInt(busy.size()));
      BufferedEvent held = pool.heldBy(l).orElseThrow();
      int action = random.nextInt(5);
      if (action == 0) {
        say(pool, l, "RESULT 4\nFAILREADY\n");
      } else if (action == 1) {
        pool.listenerProcessState(l, ProcessState.EXITED);
        up(pool, l);
      } else {
        say(pool, l, "RESULT 2\nOK");
        assertTrue(acknowledged.put(held.serial(), held.poolSerial()) == null, "acked twice");
        say(pool, l, "READY\n");
      }
    }
    for (long serial = 0; serial < total; serial++) {
      assertEquals(serial, acknowledged.get(serial), "poolserial of serial " + serial);
    }
    assertEquals(List.of(), pool.buffered());
    assertEquals(List.of(), effects.logsAt(LogLevel.ERROR));
  }

  @Test
  void statsCountOverflowsAndRedeliveriesAndShowBufferAndListenerStates() throws Exception {
    ListenerPool pool = pool("lst", 2, "lst_0", "lst_1");
    assertEquals(new PoolStats("lst", 2, 0, 0, 0, List.of(
        new PoolStats.ListenerStat("lst_0", ListenerState.ACKNOWLEDGED),
        new PoolStats.ListenerStat("lst_1", ListenerState.ACKNOWLEDGED))), pool.stats());
    up(pool, "lst_0");
    pool.accept(0, remote("a"));
    pool.accept(1, remote("b"));
    pool.accept(2, remote("c"));
    pool.accept(3, remote("d"));
    PoolStats full = pool.stats();
    assertEquals(2, full.buffered());
    assertEquals(1, full.overflows(), "b was discarded for d");
    assertEquals(ListenerState.BUSY, full.listeners().get(0).state());
    say(pool, "lst_0", "RESULT 4\nFAIL");
    PoolStats rejected = pool.stats();
    assertEquals(1, rejected.redeliveries());
    assertEquals(2, rejected.overflows(), "a back at the head of a full buffer drops c");
    // Read from another thread, as a scrape does.
    PoolStats[] seen = new PoolStats[1];
    Thread reader = new Thread(() -> seen[0] = pool.stats());
    reader.start();
    reader.join();
    assertEquals(rejected, seen[0]);
  }

  @Test
  void subscriptionsMatchSubtypes() {
    ListenerPool pool = new ListenerPool("p", 0, 10,
        List.of(EventType.PROCESS_STATE, EventType.TICK_60), List.of("p"), "srv", effects);
    assertTrue(pool.subscribesTo(EventType.PROCESS_STATE_EXITED));
    assertTrue(pool.subscribesTo(EventType.TICK_60));
    assertEquals(false, pool.subscribesTo(EventType.TICK_5));
    assertEquals(false, pool.subscribesTo(EventType.REMOTE_COMMUNICATION));
  }

  @Test
  void badConstructionAndUnknownListenersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> pool("p", 0, "p"));
    ListenerPool pool = pool("p", 1, "p");
    assertThrows(IllegalArgumentException.class,
        () -> pool.listenerProcessState("nope", ProcessState.RUNNING));
  }

  private List<Long> sentSerials() {
    List<Long> out = new ArrayList<>();
    effects.sent.forEach(s -> out.add(s.serial()));
    return out;
  }

  private List<Long> sentPoolSerials() {
    List<Long> out = new ArrayList<>();
    effects.sent.forEach(s -> out.add(s.poolSerial()));
    return out;
  }

  private static List<Long> serials(List<BufferedEvent> events) {
    List<Long> out = new ArrayList<>();
    events.forEach(e -> out.add(e.serial()));
    return out;
  }
}
