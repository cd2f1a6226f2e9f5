package dev.jsupervisor.listeners.fastreload;

import dev.jsupervisor.core.api.Namespec;

/**
 * A pid fast-reload has seen belong to one process of the daemon, with the kernel start time
 * recorded when it was first seen, so a reused pid is never mistaken for it.
 *
 * @param group the process group name
 * @param name the process name
 * @param pid the pid
 * @param startTime {@code /proc/<pid>/stat} start time when first seen
 * @param stoppingByDaemon whether supervisord has already sent it its stop signal (STOPPING)
 */
public record PidEntry(
    String group, String name, int pid, long startTime, boolean stoppingByDaemon) {

  /** {@code group:name}. */
  public String namespec() {
    return group + ":" + name;
  }

  /** {@code name} or {@code group:name} as supervisorctl shows it. */
  public String displayName() {
    return Namespec.display(group, name);
  }
}
