package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.events.ListenerPool;
import java.util.ArrayList;
import java.util.List;

/** An active process group (or listener pool) and its processes, in the group's order. */
final class ManagedGroup {
  final GroupConfig config;
  final List<ManagedProcess> processes = new ArrayList<>();
  /** The listener pool, for an {@code [eventlistener:x]} group; else null. */
  ListenerPool pool;

  ManagedGroup(GroupConfig config) {
    this.config = config;
  }

  String name() {
    return config.name();
  }

  int priority() {
    return config.priority();
  }

  ManagedProcess process(String name) {
    for (ManagedProcess p : processes) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
