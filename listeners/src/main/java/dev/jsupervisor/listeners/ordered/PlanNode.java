package dev.jsupervisor.listeners.ordered;

import java.time.Duration;
import java.util.List;

/**
 * One program of the startup plan with everything the engine needs to start it and to judge
 * when its dependents may start.
 *
 * @param id {@code program} or {@code group:program}: how the plan and its messages name it
 * @param group the process group the program's processes live in
 * @param program the {@code [program:x]} name
 * @param processNames the process names (several with numprocs), in group order
 * @param priority the priority that orders starts issued together ({@code
 *     dependent_startup_inherit_priority} already applied)
 * @param managed whether the listener starts it (autostart=false and in a chain or
 *     dependent_startup); otherwise it is only watched
 * @param dependencies what must happen before the listener starts it
 * @param exitCodes the program's expected exit codes (to judge an EXITED seen in a snapshot)
 * @param readiness the {@code startready} check, or null
 * @param readinessTimeout how long the readiness check may keep failing ({@code
 *     startready_timeout})
 * @param startTimeout the {@code start_timeout}, or null for none
 */
public record PlanNode(
    String id,
    String group,
    String program,
    List<String> processNames,
    int priority,
    boolean managed,
    List<Dependency> dependencies,
    List<Integer> exitCodes,
    ReadinessCheck readiness,
    Duration readinessTimeout,
    Duration startTimeout) {

  public PlanNode {
    processNames = List.copyOf(processNames);
    dependencies = List.copyOf(dependencies);
    exitCodes = List.copyOf(exitCodes);
  }

  /** The namespec that addresses one of this program's processes exactly. */
  public String namespec(String processName) {
    return group + ":" + processName;
  }
}
