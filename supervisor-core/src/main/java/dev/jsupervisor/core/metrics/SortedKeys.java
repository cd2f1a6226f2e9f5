package dev.jsupervisor.core.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * The keys of a map in a fixed order, sorted again only when the key set changed since the last
 * call: the transition counters' keys (two or more per process) only grow, and rarely, so a
 * scrape of 500 processes need not sort ~1,000 keys every time.
 */
final class SortedKeys<K> {
  private final Comparator<? super K> order;
  private final K[] empty;
  private volatile K[] last;

  SortedKeys(Comparator<? super K> order, K[] empty) {
    if (empty.length != 0) {
      throw new IllegalArgumentException("needs an empty array");
    }
    this.order = order;
    this.empty = empty;
    this.last = empty;
  }

  /** The keys of {@code map} in order; the array is shared between calls: do not change it. */
  K[] of(Map<K, ?> map) {
    K[] keys = last;
    if (keys.length == map.size() && containsAll(map, keys)) {
      return keys;
    }
    keys = map.keySet().toArray(empty);
    Arrays.sort(keys, order);
    last = keys;
    return keys;
  }

  private static <K> boolean containsAll(Map<K, ?> map, K[] keys) {
    for (K k : keys) {
      if (!map.containsKey(k)) {
        return false;
      }
    }
    return true;
  }
}
