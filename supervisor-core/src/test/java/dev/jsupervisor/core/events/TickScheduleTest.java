package dev.jsupervisor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TickScheduleTest {
  private static final long HOUR = 1_795_284_000L; // a multiple of 3600 s

  private static List<Event> at(TickSchedule schedule, long seconds, int millis) {
    return schedule.due(seconds * 1000 + millis);
  }

  @Test
  void nothingFiresAtStartupEvenOnABoundary() {
    TickSchedule schedule = new TickSchedule();
    assertEquals(List.of(), at(schedule, HOUR, 0));
    assertEquals(List.of(), at(schedule, HOUR + 4, 999));
  }

  @Test
  void firstTickComesAtTheFirstBoundaryCrossed() {
    TickSchedule schedule = new TickSchedule();
    assertEquals(List.of(), at(schedule, HOUR + 3, 200));
    assertEquals(List.of(), at(schedule, HOUR + 4, 999));
    assertEquals(List.of(Event.tick(EventType.TICK_5, HOUR + 5)), at(schedule, HOUR + 5, 1));
    assertEquals(List.of(), at(schedule, HOUR + 9, 0));
    assertEquals(List.of(Event.tick(EventType.TICK_5, HOUR + 10)), at(schedule, HOUR + 12, 0));
  }

  @Test
  void allPeriodsFireTogetherOnTheHourInPeriodOrder() {
    TickSchedule schedule = new TickSchedule();
    at(schedule, HOUR + 3599, 0);
    assertEquals(
        List.of(
            Event.tick(EventType.TICK_5, HOUR + 3600),
            Event.tick(EventType.TICK_60, HOUR + 3600),
            Event.tick(EventType.TICK_3600, HOUR + 3600)),
        at(schedule, HOUR + 3600, 0));
  }

  @Test
  void aLongStallFiresOneTickPerTypeStampedWithTheCurrentPeriod() {
    TickSchedule schedule = new TickSchedule();
    at(schedule, HOUR + 1, 0);
    assertEquals(
        List.of(Event.tick(EventType.TICK_5, HOUR + 125), Event.tick(EventType.TICK_60, HOUR + 120)),
        at(schedule, HOUR + 127, 0));
  }

  @Test
  void millisUntilNextBoundary() {
    assertEquals(5000, TickSchedule.millisUntilNextBoundary(HOUR * 1000));
    assertEquals(1, TickSchedule.millisUntilNextBoundary(HOUR * 1000 + 4999));
    assertEquals(2500, TickSchedule.millisUntilNextBoundary(HOUR * 1000 + 7500));
  }
}
