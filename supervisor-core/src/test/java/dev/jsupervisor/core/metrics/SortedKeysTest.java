package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SortedKeysTest {
  private final SortedKeys<String> keys = new SortedKeys<>(Comparator.naturalOrder(), new String[0]);

  @Test
  void sortsTheKeysAndReusesTheOrderWhileTheKeySetIsTheSame() {
    Map<String, Long> counts = new HashMap<>(Map.of("b", 1L, "c", 2L, "a", 3L));
    String[] first = keys.of(counts);
    assertArrayEquals(new String[] {"a", "b", "c"}, first);
    counts.put("b", 10L);
    assertSame(first, keys.of(counts));
    assertSame(first, keys.of(new HashMap<>(counts)));
  }

  @Test
  void sortsAgainWhenAKeyIsAddedRemovedOrReplaced() {
    Map<String, Long> counts = new HashMap<>(Map.of("b", 1L, "a", 3L));
    String[] first = keys.of(counts);
    counts.put("0", 1L);
    String[] added = keys.of(counts);
    assertNotSame(first, added);
    assertArrayEquals(new String[] {"0", "a", "b"}, added);
    counts.remove("a");
    assertArrayEquals(new String[] {"0", "b"}, keys.of(counts));
    counts.remove("b");
    counts.put("z", 1L);
    assertArrayEquals(new String[] {"0", "z"}, keys.of(counts));
    assertArrayEquals(new String[0], keys.of(Map.of()));
  }

  @Test
  void needsAnEmptyArrayToTypeItsOwn() {
    assertThrows(IllegalArgumentException.class,
        () -> new SortedKeys<>(Comparator.<String>naturalOrder(), new String[1]));
  }
}
