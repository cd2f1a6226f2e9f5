package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageBufferTest {
  @Test
  void writesUtf8AsStringGetBytesDoesIncludingSurrogatePairsAndLoneSurrogates() {
    String text = "a\u00e9\u65e5\ud83d\ude00 z \ud800x\udc00";
    PageBuffer out = new PageBuffer(1).utf8(text);
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), out.toByteArray());
    assertEquals(text.replace('\ud800', '?').replace('\udc00', '?'), out.toString());
  }

  @Test
  void escapesBackslashNewlineAndQuotesOnlyWhenAsked() {
    assertEquals("a\\\\b\\nc\\\"\u00fc",
        new PageBuffer(8).escaped("a\\b\nc\"\u00fc", true).toString());
    assertEquals("a\\\\b\\nc\"", new PageBuffer(8).escaped("a\\b\nc\"", false).toString());
  }

  @Test
  void writesDecimalsAsLongToStringDoes() {
    long[] values = {0, 7, -7, 10, 99, 1_795_288_410L, -1_000_000_000_000L, Long.MAX_VALUE,
        Long.MIN_VALUE, 999_999_999_999_999L};
    PageBuffer out = new PageBuffer(1);
    StringBuilder expected = new StringBuilder();
    for (long v : values) {
      out.decimal(v).ascii(' ');
      expected.append(v).append(' ');
    }
    assertEquals(expected.toString(), out.toString());
  }

  @Test
  void growsPastItsInitialSizeAndKeepsEveryByte() throws Exception {
    PageBuffer out = new PageBuffer(0);
    String line = "node_supervisord_up{name=\"x\",group=\"y\"} 1\n";
    for (int i = 0; i < 10_000; i++) {
      out.utf8(line);
    }
    assertEquals(line.length() * 10_000, out.length());
    assertTrue(out.capacity() >= out.length());
    List<Integer> writes = new ArrayList<>();
    ByteArrayOutputStream sent = new ByteArrayOutputStream() {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        writes.add(len);
        super.write(b, off, len);
      }
    };
    out.writeTo(sent, 64 * 1024);
    assertEquals(line.repeat(10_000), sent.toString(StandardCharsets.UTF_8));
    int full = out.length() / 65536;
    assertEquals(full + 1, writes.size());
    assertTrue(writes.subList(0, full).stream().allMatch(n -> n == 65536), writes::toString);
    assertEquals(out.length() - full * 65536, writes.get(full));
    assertThrows(IllegalArgumentException.class, () -> out.writeTo(sent, 0));
    assertEquals(out.length(), out.view().remaining());
  }

  @Test
  void resetKeepsTheArrayUpToTheRetainLimitAndDropsALargerOne() {
    PageBuffer out = new PageBuffer(1024, 4096);
    out.utf8("x".repeat(3000));
    int kept = out.capacity();
    out.reset();
    assertEquals(0, out.length());
    assertEquals(kept, out.capacity());
    out.utf8("x".repeat(10_000));
    assertTrue(out.capacity() > 4096);
    out.reset();
    assertEquals(1024, out.capacity());
    assertEquals("", out.toString());
  }

  @Test
  void theDefaultRetainLimitIsFourMebibytes() {
    PageBuffer out = new PageBuffer(100);
    assertEquals(PageBuffer.DEFAULT_RETAIN_LIMIT, out.retainLimit());
    out.bytes(new byte[PageBuffer.DEFAULT_RETAIN_LIMIT + 1]);
    out.reset();
    assertEquals(256, out.capacity());
  }

  @Test
  void rejectsNegativeSizes() {
    assertThrows(IllegalArgumentException.class, () -> new PageBuffer(-1));
    assertThrows(IllegalArgumentException.class, () -> new PageBuffer(10, -1));
  }

  @Test
  void spareBufferHandsTheSameArrayBackEmptyAndAFreshOneWhileItIsOut() {
    SpareBuffer spare = new SpareBuffer();
    PageBuffer first = spare.take(1000);
    first.utf8("page one");
    PageBuffer overlapping = spare.take(1000);
    assertTrue(first != overlapping);
    spare.give(first);
    assertSame(first, spare.kept());
    PageBuffer again = spare.take(1000);
    assertSame(first, again);
    assertEquals(0, again.length());
    assertEquals(null, spare.kept());
  }
}
