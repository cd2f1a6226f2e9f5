package dev.jsupervisor.listeners.ordered;

import dev.jsupervisor.core.config.GroupConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The startup graph built from both config dialects: {@code startinorder}/{@code
 * startnextafter} chains and {@code dependent_startup}/{@code dependent_startup_wait_for}
 * dependencies. Nodes are kept in a start order that respects every dependency.
 */
public final class StartupPlan {
  private final Map<String, PlanNode> nodes;
  private final List<String> warnings;

  StartupPlan(List<PlanNode> orderedNodes, List<String> warnings) {
    Map<String, PlanNode> m = new LinkedHashMap<>();
    for (PlanNode n : orderedNodes) {
      m.put(n.id(), n);
    }
    this.nodes = Collections.unmodifiableMap(m);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Builds the plan from the daemon's process groups (event listener pools are ignored).
   *
   * @throws PlanException naming every cycle, unknown program and bad value found
   */
  public static StartupPlan from(List<GroupConfig> groups) throws PlanException {
    return new PlanBuilder(groups).build();
  }

  /** Every program taking part, in a start order that respects the dependencies. */
  public List<PlanNode> nodes() {
    return new ArrayList<>(nodes.values());
  }

  /** The node with this id, or null. */
  public PlanNode node(String id) {
    return nodes.get(id);
  }

  /** Things that will not stop the plan but probably surprise its author, one line each. */
  public List<String> warnings() {
    return warnings;
  }

  /** Whether no program takes part (the listener then has nothing to do). */
  public boolean isEmpty() {
    return nodes.isEmpty();
  }
}
