package dev.jsupervisor.core.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PosixSpawn's C string arrays: every string back as written, then the NULL that ends them. */
final class CStringsTest {
  private static final String ENCODING = System.getProperty("sun.jnu.encoding", "UTF-8");

  private static List<String> readBack(Memory block) {
    List<String> out = new ArrayList<>();
    for (long i = 0; ; i++) {
      Pointer p = block.getPointer(i * Native.POINTER_SIZE);
      if (p == null) {
        return out;
      }
      out.add(p.getString(0, Charset.forName(ENCODING).name()));
    }
  }

  @Test
  void stringsComeBackInOrderWithTheTerminatingNull() {
    String[] values = {"a", "", "h\u00e9llo w\u00f6rld", "KEY=value=with=equals"};
    try (Memory block = PosixSpawn.cStrings(values)) {
      assertEquals(List.of(values), readBack(block));
    }
  }

  @Test
  void anEmptyArrayIsOnlyTheNull() {
    try (Memory block = PosixSpawn.cStrings(new String[0])) {
      assertEquals(Native.POINTER_SIZE, block.size());
      assertNull(block.getPointer(0));
    }
  }

  @Test
  void aLargeArrayFitsExactlyInOneBlock() {
    String[] values = new String[5_000];
    long text = 0;
    for (int i = 0; i < values.length; i++) {
      values[i] = "VAR" + i + "=" + "v".repeat(i % 97);
      text += values[i].length() + 1;
    }
    try (Memory block = PosixSpawn.cStrings(values)) {
      assertEquals((values.length + 1L) * Native.POINTER_SIZE + text, block.size());
      assertEquals(List.of(values), readBack(block));
    }
  }
}
