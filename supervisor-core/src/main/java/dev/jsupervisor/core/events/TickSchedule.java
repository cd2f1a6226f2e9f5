package dev.jsupervisor.core.events;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which TICK_* events fire, given the wall clock: the first check only records the
 * current period of each tick type, and later checks fire one tick per type whose period
 * changed, stamped with the start of the current period (so a long stall or a clock jump
 * yields one tick per type, not a burst, as in supervisord).
 */
public final class TickSchedule {
  private static final List<EventType> TICK_TYPES =
      List.of(EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600);

  private final Map<EventType, Long> lastSlice = new EnumMap<>(EventType.class);

  /** The ticks due at {@code nowMillis} (wall clock), in period order (5, 60, 3600). */
  public List<Event> due(long nowMillis) {
    long nowSeconds = Math.floorDiv(nowMillis, 1000L);
    List<Event> fired = new ArrayList<>(TICK_TYPES.size());
    for (EventType type : TICK_TYPES) {
      long period = type.tickPeriodSeconds();
      long slice = Math.floorDiv(nowSeconds, period) * period;
      Long previous = lastSlice.put(type, slice);
      if (previous != null && previous != slice) {
        fired.add(Event.tick(type, slice));
      }
    }
    return fired;
  }

  /**
   * Milliseconds from {@code nowMillis} until the next 5 s boundary: how long the daemon's
   * loop may sleep before the next call to {@link #due} can fire anything.
   */
  public static long millisUntilNextBoundary(long nowMillis) {
    return 5000L - Math.floorMod(nowMillis, 5000L);
  }
}
