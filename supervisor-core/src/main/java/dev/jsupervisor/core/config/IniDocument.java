package dev.jsupervisor.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections of one or more INI files as Python's RawConfigParser holds them: ordered sections
 * (case-sensitive names) of ordered keys (lower-cased), with {@code [DEFAULT]} keys visible in
 * every section. Reading more text into the same document merges sections, later keys winning.
 */
public final class IniDocument {
  /** The section whose keys every other section inherits. */
  public static final String DEFAULT_SECTION = "DEFAULT";

  /**
   * One value and where it came from.
   *
   * @param value the current value (may have been rewritten, e.g. by {@code %(here)s} replacing)
   * @param raw the value exactly as read from the file
   * @param source the file name given to the reader
   * @param line the 1-based line of the key
   */
  public record Entry(String value, String raw, String source, int line) {}

  private final Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
  private final Map<String, Entry> defaults = new LinkedHashMap<>();

  /** Section names in first-seen order, without {@code DEFAULT}. */
  public List<String> sections() {
    return List.copyOf(sections.keySet());
  }

  public boolean hasSection(String section) {
    return sections.containsKey(section);
  }

  /** The section's value for key, falling back to {@code [DEFAULT]}; null when neither has it. */
  public String get(String section, String key) {
    Entry entry = entry(section, key);
    return entry == null ? null : entry.value();
  }

  public Entry entry(String section, String key) {
    Map<String, Entry> keys = sections.get(section);
    Entry entry = keys == null ? null : keys.get(key);
    return entry != null ? entry : defaults.get(key);
  }

  public boolean hasOption(String section, String key) {
    return entry(section, key) != null;
  }

  /** The section's keys then the default keys it does not override (RawConfigParser.options). */
  public List<String> options(String section) {
    List<String> keys = new ArrayList<>(sections.getOrDefault(section, Map.of()).keySet());
    for (String key : defaults.keySet()) {
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Every (key, value) a section sees, its own keys first, values as currently set. */
  public Map<String, String> items(String section) {
    Map<String, String> items = new LinkedHashMap<>();
    defaults.forEach((k, e) -> items.put(k, e.value()));
    sections.getOrDefault(section, Map.of()).forEach((k, e) -> items.put(k, e.value()));
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String key : options(section)) {
      ordered.put(key, items.get(key));
    }
    return ordered;
  }

  /** Like {@link #items} but with the values as read from the file (before any rewriting). */
  public Map<String, String> rawItems(String section) {
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String key : options(section)) {
      ordered.put(key, entry(section, key).raw());
    }
    return ordered;
  }

  /** The {@code [DEFAULT]} keys. */
  public Map<String, Entry> defaults() {
    return Collections.unmodifiableMap(defaults);
  }

  /** Replaces the current value of a key in a section (keeping where it came from). */
  public void set(String section, String key, String value) {
    Entry old = entry(section, key);
    Entry updated = old == null ? new Entry(value, value, "", 0)
        : new Entry(value, old.raw(), old.source(), old.line());
    sections.get(section).put(key, updated);
  }

  Map<String, Entry> openSection(String name) {
    if (DEFAULT_SECTION.equals(name)) {
      return defaults;
    }
    return sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
  }
}
