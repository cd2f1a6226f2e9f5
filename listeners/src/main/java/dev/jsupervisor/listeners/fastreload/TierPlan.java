package dev.jsupervisor.listeners.fastreload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Splits the processes to stop into tiers: one per group priority, highest first, which is the
 * order supervisord's own shutdown respects (it stops groups one by one from the highest
 * priority down, all members of one group together).
 */
public final class TierPlan {

  /** The processes of one priority, stopped together. */
  public record Tier(int priority, List<PidEntry> entries) {
    public Tier {
      entries = List.copyOf(entries);
    }
  }

  private TierPlan() {}

  /**
   * Tiers in stopping order.
   *
   * @param priorityOf each entry's group priority
   * @param allAtOnce one tier holding everything, priorities ignored
   */
  public static List<Tier> plan(
      List<PidEntry> entries, ToIntFunction<PidEntry> priorityOf, boolean allAtOnce) {
    if (entries.isEmpty()) {
      return List.of();
    }
    if (allAtOnce) {
      int top = entries.stream().mapToInt(priorityOf).max().orElseThrow();
      return List.of(new Tier(top, sorted(entries)));
    }
    Map<Integer, List<PidEntry>> byPriority = new TreeMap<>(Comparator.reverseOrder());
    for (PidEntry e : entries) {
      byPriority.computeIfAbsent(priorityOf.applyAsInt(e), k -> new ArrayList<>()).add(e);
    }
    List<Tier> tiers = new ArrayList<>();
    byPriority.forEach((priority, members) -> tiers.add(new Tier(priority, sorted(members))));
    return tiers;
  }

  private static List<PidEntry> sorted(List<PidEntry> entries) {
    List<PidEntry> out = new ArrayList<>(entries);
    out.sort(Comparator.comparing(PidEntry::group).thenComparing(PidEntry::name));
    return out;
  }
}
