package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.api.ProcessInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoded {@code name="..",group=".."} label text of each process, kept from one scrape to
 * the next: a process list like the last one costs no escaping, and a process added, removed or
 * renamed is encoded anew while the others are reused. Holds only the last list's entries.
 */
final class ProcessLabels {
  private final List<String> labelNames;
  private String[] names = new String[0];
  private String[] groups = new String[0];
  private LabelText[] labels = new LabelText[0];

  /** Label text for {@code labelNames}: the process name's label first, the group's second. */
  ProcessLabels(List<String> labelNames) {
    if (labelNames.size() != 2) {
      throw new IllegalArgumentException("process labels are a name and a group: " + labelNames);
    }
    this.labelNames = List.copyOf(labelNames);
  }

  /** The label text of each of {@code processes}, in order. */
  synchronized LabelText[] of(List<ProcessInfo> processes) {
    if (!sameAsLast(processes)) {
      remember(processes);
    }
    return labels.clone();
  }

  /** How many processes' label texts are kept. */
  synchronized int size() {
    return labels.length;
  }

  private boolean sameAsLast(List<ProcessInfo> processes) {
    if (processes.size() != labels.length) {
      return false;
    }
    for (int i = 0; i < labels.length; i++) {
      ProcessInfo p = processes.get(i);
      if (!p.name().equals(names[i]) || !p.group().equals(groups[i])) {
        return false;
      }
    }
    return true;
  }

  private void remember(List<ProcessInfo> processes) {
    Map<String, Map<String, LabelText>> known = new HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      known.computeIfAbsent(groups[i], g -> new HashMap<>()).put(names[i], labels[i]);
    }
    int n = processes.size();
    String[] newNames = new String[n];
    String[] newGroups = new String[n];
    LabelText[] newLabels = new LabelText[n];
    for (int i = 0; i < n; i++) {
      ProcessInfo p = processes.get(i);
      newNames[i] = p.name();
      newGroups[i] = p.group();
      LabelText text = known.getOrDefault(p.group(), Map.of()).get(p.name());
      newLabels[i] = text != null ? text : LabelText.of(labelNames, p.name(), p.group());
    }
    names = newNames;
    groups = newGroups;
    labels = newLabels;
  }
}
