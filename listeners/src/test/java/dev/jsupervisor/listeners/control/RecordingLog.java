package dev.jsupervisor.listeners.control;

import dev.jsupervisor.listeners.sdk.ListenerLog;

import java.util.ArrayList;
import java.util.List;

/** Keeps every logged line, prefixed with its level, for assertions. */
public final class RecordingLog implements ListenerLog {
  private final List<String> lines = new ArrayList<>();

  @Override
  public synchronized void info(String line) {
    lines.add("INFO " + line);
  }

  @Override
  public synchronized void warn(String line) {
    lines.add("WARN " + line);
  }

  @Override
  public synchronized void error(String line) {
    lines.add("ERROR " + line);
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Lines at one level ("INFO", "WARN", "ERROR"), without the prefix. */
  public synchronized List<String> at(String level) {
    return lines.stream()
        .filter(l -> l.startsWith(level + " "))
        .map(l -> l.substring(level.length() + 1))
        .toList();
  }
}
