package dev.jsupervisor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTypeTest {

  @Test
  void childrenMatchTheirAncestorsOnly() {
    assertTrue(EventType.PROCESS_STATE_RUNNING.isA(EventType.PROCESS_STATE));
    assertTrue(EventType.PROCESS_STATE_RUNNING.isA(EventType.EVENT));
    assertTrue(EventType.PROCESS_STATE_RUNNING.isA(EventType.PROCESS_STATE_RUNNING));
    assertFalse(EventType.PROCESS_STATE.isA(EventType.PROCESS_STATE_RUNNING));
    assertFalse(EventType.TICK_5.isA(EventType.PROCESS_STATE));
    assertTrue(EventType.REMOTE_COMMUNICATION.isA(EventType.EVENT));
    assertFalse(EventType.PROCESS_COMMUNICATION_STDOUT.isA(EventType.PROCESS_LOG));
  }

  @Test
  void everyTypeReachesEventAndOnlyGroupingTypesAreAbstract() {
    for (EventType t : EventType.values()) {
      assertTrue(t.isA(EventType.EVENT), t.name());
      boolean hasChildren = false;
      for (EventType other : EventType.values()) {
        hasChildren |= other.parent().equals(Optional.of(t));
      }
      assertEquals(hasChildren, t.isAbstract(), t.name());
    }
    assertEquals(Optional.empty(), EventType.EVENT.parent());
    assertEquals(Optional.of(EventType.TICK), EventType.TICK_3600.parent());
  }

  @Test
  void byNameIsExactAndCaseSensitive() {
    assertEquals(Optional.of(EventType.TICK_60), EventType.byName("TICK_60"));
    assertEquals(Optional.of(EventType.PROCESS_STATE), EventType.byName("PROCESS_STATE"));
    assertEquals(Optional.empty(), EventType.byName("tick_60"));
    assertEquals(Optional.empty(), EventType.byName("TICK_10"));
    assertEquals(Optional.empty(), EventType.byName(""));
    assertEquals(Optional.empty(), EventType.byName(null));
    assertEquals(27, EventType.values().length);
  }

  @Test
  void processStateTypesMapBothWays() {
    for (ProcessState s : ProcessState.values()) {
      EventType t = EventType.forProcessState(s);
      assertEquals("PROCESS_STATE_" + s.name(), t.name());
      assertEquals(Optional.of(s), t.processState());
    }
    assertEquals(Optional.empty(), EventType.PROCESS_STATE.processState());
    assertEquals(Optional.empty(), EventType.TICK_5.processState());
  }

  @Test
  void tickPeriods() {
    assertEquals(5, EventType.TICK_5.tickPeriodSeconds());
    assertEquals(60, EventType.TICK_60.tickPeriodSeconds());
    assertEquals(3600, EventType.TICK_3600.tickPeriodSeconds());
    assertEquals(0, EventType.TICK.tickPeriodSeconds());
    assertEquals(0, EventType.REMOTE_COMMUNICATION.tickPeriodSeconds());
  }
}
