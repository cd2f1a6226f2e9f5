package dev.jsupervisor.core.rpc;

import java.util.List;

/**
 * What {@code reloadConfig} found: group names added, changed and removed by the new config;
 * sent as {@code [[added, changed, removed]]}.
 */
public record ConfigDiff(List<String> added, List<String> changed, List<String> removed) {

  public ConfigDiff {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
  }
}
