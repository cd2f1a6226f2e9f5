package dev.jsupervisor.core.config;

import java.util.List;
import java.util.Set;

/**
 * One process group as supervisord builds it: a program's processes, a {@code [group:x]}, an
 * event listener pool, or an {@code [fcgi-program:x]}'s processes and socket. Groups are ordered by (priority, name) everywhere.
 *
 * @param name group name
 * @param kind what kind of section made the group
 * @param priority group priority
 * @param processes the group's processes in their order inside the group
 * @param events for a listener pool: the subscribed event type names as written (upper-cased);
 *     empty otherwise
 * @param bufferSize for a listener pool: its event buffer size; 0 otherwise
 * @param resultHandler for a listener pool: the {@code result_handler} spec; null otherwise
 * @param sourceFile the file the section came from (for error messages)
 * @param socket for an {@code [fcgi-program:x]}: the socket its processes get as fd 0; null
 *     otherwise
 */
public record GroupConfig(
    String name,
    GroupKind kind,
    int priority,
    List<ProcessConfig> processes,
    Set<String> events,
    int bufferSize,
    String resultHandler,
    String sourceFile,
    FcgiSocketConfig socket) {

  public GroupConfig {
    processes = List.copyOf(processes);
    events = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(events));
  }

  /** A group without a FastCGI socket. */
  public GroupConfig(String name, GroupKind kind, int priority, List<ProcessConfig> processes,
      Set<String> events, int bufferSize, String resultHandler, String sourceFile) {
    this(name, kind, priority, processes, events, bufferSize, resultHandler, sourceFile, null);
  }

  public boolean isEventListenerPool() {
    return kind == GroupKind.EVENT_LISTENER_POOL;
  }
}
