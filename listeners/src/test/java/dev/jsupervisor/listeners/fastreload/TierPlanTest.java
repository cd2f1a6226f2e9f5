package dev.jsupervisor.listeners.fastreload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.listeners.fastreload.TierPlan.Tier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierPlanTest {
  private static final PidEntry A = new PidEntry("a", "a", 1, 10, false);
  private static final PidEntry B0 = new PidEntry("b", "b_00", 2, 20, false);
  private static final PidEntry B1 = new PidEntry("b", "b_01", 3, 30, false);
  private static final PidEntry C = new PidEntry("c", "c", 4, 40, false);
  private static final Map<String, Integer> PRIORITY = Map.of("a", 10, "b", 500, "c", 10);

  @Test
  void oneTierPerPriorityHighestFirstMembersByName() {
    List<Tier> tiers = TierPlan.plan(List.of(C, B1, A, B0), e -> PRIORITY.get(e.group()), false);
    assertEquals(List.of(new Tier(500, List.of(B0, B1)), new Tier(10, List.of(A, C))), tiers);
  }

  @Test
  void allAtOnceMakesOneTierAndNothingMakesNone() {
    assertEquals(List.of(new Tier(500, List.of(A, B0, B1, C))),
        TierPlan.plan(List.of(C, B1, A, B0), e -> PRIORITY.get(e.group()), true));
    assertTrue(TierPlan.plan(List.of(), e -> 0, false).isEmpty());
  }

  @Test
  void pidTableReplacesRestartedProcessesAndDropsRemovedGroups() {
    PidTable table = new PidTable();
    table.put(B0);
    table.put(B1);
    table.put(A);
    PidEntry restarted = new PidEntry("b", "b_00", 9, 90, false);
    table.put(restarted);
    assertFalse(table.holds(B0), "the old pid of b_00 is no longer its pid");
    assertTrue(table.holds(restarted));
    table.markStoppingByDaemon("b:b_01");
    assertTrue(table.get("b:b_01").stoppingByDaemon());
    table.forgetGroup("b");
    assertEquals(List.of(A), table.entries());
    table.forget("a:a");
    assertNull(table.get("a:a"));
    assertEquals(0, table.size());
    assertEquals("a", A.displayName());
    assertEquals("b:b_00", B0.displayName());
  }
}
