package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.ProcessInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * How the quick commands read a bare word (no colon, not {@code all}): a group's name means that
 * whole group; any other word means every process of that name, whatever its group. supervisorctl
 * reads a bare word only as {@code word:word}, so {@code app_05} of a numprocs program {@code app}
 * is "no such process" there; plain {@code start}/{@code stop} keep that reading.
 */
final class BareNames {
  private BareNames() {}

  /** True for a word without a colon that is not {@code all}. */
  static boolean isBare(String word) {
    return word.indexOf(':') < 0 && !word.equals("all");
  }

  /** True when some process belongs to a group of this name. */
  static boolean isGroup(String word, List<ProcessInfo> all) {
    for (ProcessInfo p : all) {
      if (p.group().equals(word)) {
        return true;
      }
    }
    return false;
  }

  /** The processes a bare, non-glob word names: its group's if it is a group, else its name's. */
  static List<ProcessInfo> resolve(String word, List<ProcessInfo> all) {
    boolean group = isGroup(word, all);
    List<ProcessInfo> hits = new ArrayList<>();
    for (ProcessInfo p : all) {
      if (group ? p.group().equals(word) : p.name().equals(word)) {
        hits.add(p);
      }
    }
    return hits;
  }

  /**
   * The line telling which processes a bare word stood for, or null when it needs none: the word
   * named a group, or every hit is a process alone in a group of its own name (shown as itself).
   */
  static String resolvedLine(String word, List<ProcessInfo> hits, List<ProcessInfo> all) {
    if (!isBare(word) || isGroup(word, all)) {
      return null;
    }
    List<String> shown = new ArrayList<>();
    boolean inAGroup = false;
    for (ProcessInfo p : hits) {
      shown.add(p.namespec());
      inAGroup |= !p.group().equals(p.name());
    }
    return inAGroup ? word + ": resolved to " + String.join(" ", shown) : null;
  }
}
