package dev.jsupervisor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.api.ProcessState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EventBusTest {
  private final RecordingEffects effects = new RecordingEffects();
  private final EventBus bus = new EventBus();

  private ListenerPool pool(String name, int priority, EventType... types) {
    ListenerPool pool =
        new ListenerPool(name, priority, 10, List.of(types), List.of(name), "srv", effects);
    bus.subscribe(pool);
    return pool;
  }

  private static void ready(ListenerPool pool) {
    pool.listenerProcessState(pool.name(), ProcessState.STARTING);
    pool.listenerProcessState(pool.name(), ProcessState.RUNNING);
    say(pool, "READY\n");
  }

  private static void say(ListenerPool pool, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    pool.listenerOutput(pool.name(), bytes, 0, bytes.length);
  }

  @Test
  void eventsNobodyWantsConsumeNoSerial() {
    ListenerPool ticks = pool("ticks", 0, EventType.TICK);
    assertEquals(OptionalLong.empty(), bus.publish(Event.remoteCommunication("t", "d")));
    assertEquals(OptionalLong.of(0), bus.publish(Event.tick(EventType.TICK_5, 5)));
    assertEquals(OptionalLong.empty(), bus.publish(Event.groupAdded("g")));
    assertEquals(OptionalLong.of(1), bus.publish(Event.tick(EventType.TICK_60, 60)));
    assertEquals(2, ticks.buffered().size());
  }

  @Test
  void observersSeeEveryEventAfterThePoolsWithoutTakingASerial() {
    ListenerPool ticks = pool("ticks", 0, EventType.TICK);
    List<String> seen = new java.util.ArrayList<>();
    EventObserver observer = e -> seen.add(e.type().name() + " buffered=" + ticks.buffered().size());
    bus.observe(observer);
    assertEquals(OptionalLong.empty(), bus.publish(Event.groupAdded("g")));
    assertEquals(OptionalLong.of(0), bus.publish(Event.tick(EventType.TICK_5, 5)));
    bus.unobserve(observer);
    bus.publish(Event.groupAdded("h"));
    assertEquals(List.of("PROCESS_GROUP_ADDED buffered=0", "TICK_5 buffered=1"), seen);
  }

  @Test
  void oneSerialIsSharedByAllPoolsWhilePoolSerialsAreTheirOwn() {
    ListenerPool all = pool("all", 5, EventType.EVENT);
    ListenerPool remote = pool("remote", -1, EventType.REMOTE_COMMUNICATION);
    assertEquals(List.of(remote, all), bus.pools());
    bus.publish(Event.groupAdded("g"));
    bus.publish(Event.remoteCommunication("t", "d"));
    assertEquals(List.of(new BufferedEvent(1, 0, Event.remoteCommunication("t", "d"))),
        remote.buffered());
    assertEquals(List.of(0L, 1L), List.of(all.buffered().get(0).poolSerial(),
        all.buffered().get(1).poolSerial()));
    assertEquals(1L, all.buffered().get(1).serial());
  }

  @Test
  void aStuckPoolDoesNotStallTheOthersAndRejectionsStayInTheirPool() {
    ListenerPool stuck = pool("stuck", -1, EventType.REMOTE_COMMUNICATION);
    ListenerPool healthy = pool("healthy", -1, EventType.REMOTE_COMMUNICATION);
    ListenerPool ticks = pool("ticks", -1, EventType.TICK_3600);
    ready(stuck);
    ready(healthy);
    ready(ticks);
    bus.publish(Event.remoteCommunication("t", "one"));
    say(stuck, "garbage\n");
    say(healthy, "RESULT 4\nFAILREADY\n");
    say(healthy, "RESULT 2\nOKREADY\n");
    bus.publish(Event.remoteCommunication("t", "two"));
    assertEquals(ListenerState.UNKNOWN, stuck.listenerState("stuck"));
    List<String> healthyGot = effects.sent.stream()
        .filter(s -> s.pool().equals("healthy")).map(s -> s.serial() + ":" + s.payload()).toList();
    assertEquals(List.of("0:type:t\none", "0:type:t\none", "1:type:t\ntwo"), healthyGot);
    assertEquals(0, effects.sent.stream().filter(s -> s.pool().equals("ticks")).count());
    assertEquals(List.of(), ticks.buffered());
  }

  @Test
  void unsubscribedPoolsReceiveNothingAndDoubleSubscriptionIsRefused() {
    ListenerPool p = pool("p", 0, EventType.EVENT);
    assertThrows(IllegalArgumentException.class, () -> bus.subscribe(p));
    bus.unsubscribe(p);
    assertEquals(OptionalLong.empty(), bus.publish(Event.groupAdded("g")));
    assertEquals(List.of(), p.buffered());
  }
}
