package dev.jsupervisor.listeners.fastreload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The live processes of the daemon by namespec, as far as fast-reload has seen them. */
public final class PidTable {
  private final Map<String, PidEntry> entries = new LinkedHashMap<>();

  /** Adds or replaces the entry for its namespec. */
  public void put(PidEntry entry) {
    entries.put(entry.namespec(), entry);
  }

  /** The entry for {@code group:name}, or null. */
  public PidEntry get(String namespec) {
    return entries.get(namespec);
  }

  /** Whether this exact pid is still recorded for its process. */
  public boolean holds(PidEntry entry) {
    PidEntry current = entries.get(entry.namespec());
    return current != null && current.pid() == entry.pid()
        && current.startTime() == entry.startTime();
  }

  /** Marks that supervisord has signalled the process itself. */
  public void markStoppingByDaemon(String namespec) {
    PidEntry e = entries.get(namespec);
    if (e != null && !e.stoppingByDaemon()) {
      entries.put(namespec, new PidEntry(e.group(), e.name(), e.pid(), e.startTime(), true));
    }
  }

  public void forget(String namespec) {
    entries.remove(namespec);
  }

  /** Drops every process of a removed group. */
  public void forgetGroup(String group) {
    entries.values().removeIf(e -> e.group().equals(group));
  }

  public void clear() {
    entries.clear();
  }

  public List<PidEntry> entries() {
    return new ArrayList<>(entries.values());
  }

  public int size() {
    return entries.size();
  }
}
