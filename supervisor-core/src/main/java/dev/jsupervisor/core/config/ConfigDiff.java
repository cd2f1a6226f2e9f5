package dev.jsupervisor.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code supervisor.reloadConfig} reports: the groups added, changed and removed between the
 * daemon's active groups and a newly loaded config.
 *
 * <p>Order as supervisord returns it: added and changed follow the new config's (priority, name)
 * order and include shadowed duplicates; removed follows the active groups' order. supervisorctl
 * sorts by name when printing.
 *
 * @param added in the new config, not active
 * @param changed active and in the new config, with a different config
 * @param removed active, not in the new config
 */
public record ConfigDiff(List<String> added, List<String> changed, List<String> removed) {

  public ConfigDiff {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
  }

  /** Compares the active groups (in the daemon's order) with every group of the new config. */
  public static ConfigDiff between(Collection<GroupConfig> active, SupervisordConfig next) {
    Map<String, GroupConfig> current = new LinkedHashMap<>();
    active.forEach(g -> current.put(g.name(), g));
    Set<String> incoming = new HashSet<>();
    next.allGroups().forEach(g -> incoming.add(g.name()));
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (GroupConfig group : next.allGroups()) {
      GroupConfig old = current.get(group.name());
      if (old == null) {
        added.add(group.name());
      } else if (!sameGroup(old, group)) {
        changed.add(group.name());
      }
    }
    for (String name : current.keySet()) {
      if (!incoming.contains(name)) {
        removed.add(name);
      }
    }
    return new ConfigDiff(added, changed, removed);
  }

  /**
   * supervisord's group equality: same class of group, name, priority and processes; for an
   * fcgi-program also the same socket URL (its owner, mode and backlog do not count).
   */
  public static boolean sameGroup(GroupConfig a, GroupConfig b) {
    if (a.isEventListenerPool() != b.isEventListenerPool()
        || (a.socket() == null) != (b.socket() == null)
        || (a.socket() != null && !a.socket().url().equals(b.socket().url()))
        || !a.name().equals(b.name()) || a.priority() != b.priority()
        || a.processes().size() != b.processes().size()) {
      return false;
    }
    if (a.isEventListenerPool() && (a.bufferSize() != b.bufferSize()
        || !a.events().equals(b.events())
        || !Objects.equals(a.resultHandler(), b.resultHandler()))) {
      return false;
    }
    for (int i = 0; i < a.processes().size(); i++) {
      if (!sameProcess(a.processes().get(i), b.processes().get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every setting supervisord compares; unknown keys, the user name text and process_num do not
   * count, and an AUTO log file equals any log file.
   */
  public static boolean sameProcess(ProcessConfig a, ProcessConfig b) {
    return a.name().equals(b.name())
        && Objects.equals(a.uid(), b.uid())
        && a.command().equals(b.command())
        && Objects.equals(a.directory(), b.directory())
        && Objects.equals(a.umask(), b.umask())
        && a.priority() == b.priority()
        && a.autostart() == b.autostart()
        && a.autoRestart() == b.autoRestart()
        && a.startSecs() == b.startSecs()
        && a.startRetries() == b.startRetries()
        && sameLog(a.stdout(), b.stdout())
        && sameLog(a.stderr(), b.stderr())
        && a.stopSignal() == b.stopSignal()
        && a.stopWaitSecs() == b.stopWaitSecs()
        && a.stopAsGroup() == b.stopAsGroup()
        && a.killAsGroup() == b.killAsGroup()
        && a.exitCodes().equals(b.exitCodes())
        && a.redirectStderr() == b.redirectStderr()
        && a.environment().equals(b.environment())
        && Objects.equals(a.serverUrl(), b.serverUrl());
  }

  private static boolean sameLog(LogConfig a, LogConfig b) {
    boolean sameFile = a.isAuto() || b.isAuto() || Objects.equals(a.logfile(), b.logfile());
    return sameFile
        && a.maxBytes() == b.maxBytes()
        && a.backups() == b.backups()
        && a.captureMaxBytes() == b.captureMaxBytes()
        && a.eventsEnabled() == b.eventsEnabled()
        && a.syslog() == b.syslog();
  }
}
