package dev.jsupervisor.core.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplyBytesTest {

  @Test
  void writesAcrossChunksKeepEveryByteInOrder() {
    Random random = new Random(7);
    byte[] expected = new byte[3 * ReplyBytes.CHUNK_BYTES + 123];
    random.nextBytes(expected);
    ReplyBytes out = new ReplyBytes();
    int at = 0;
    while (at < expected.length) {
      int n = Math.min(expected.length - at, random.nextInt(5000));
      if (n == 1) {
        out.write(expected[at]);
      } else {
        out.write(expected, at, n);
      }
      at += n;
    }
    assertEquals(expected.length, out.size());
    assertArrayEquals(expected, out.toByteArray());
    ByteBuffer joined = ByteBuffer.allocate(expected.length);
    for (ByteBuffer part : out.buffers()) {
      assertTrue(part.isReadOnly(), "a sender cannot change the chunks");
      joined.put(part);
    }
    assertArrayEquals(expected, joined.array());
    out.release();
  }

  @Test
  void decimalsAreThoseOfPython() {
    ReplyBytes out = new ReplyBytes();
    for (int n : new int[] {0, 7, -7, 10, 1234567890, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      out.writeDecimal(n);
      out.write(' ');
    }
    assertEquals("0 7 -7 10 1234567890 2147483647 -2147483648 ",
        new String(out.toByteArray(), StandardCharsets.US_ASCII));
  }

  @Test
  void anAnswerLongerThanItsLimitFailsWithANamedError() {
    ReplyBytes out = new ReplyBytes(ReplyBytes.CHUNK_BYTES * 2);
    out.write(new byte[ReplyBytes.CHUNK_BYTES * 2]);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> out.write('x'));
    assertTrue(e.getMessage().contains("longer than " + ReplyBytes.CHUNK_BYTES * 2 + " bytes"),
        e.getMessage());
    assertEquals(ReplyBytes.CHUNK_BYTES * 2, out.size(), "nothing past the limit was kept");
    assertThrows(IllegalStateException.class,
        () -> new ReplyBytes(10).write(new byte[ReplyBytes.CHUNK_BYTES + 1]));
    assertThrows(IllegalArgumentException.class, () -> new ReplyBytes(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> new ReplyBytes().write(new byte[4], 3, 2));
  }

  @Test
  void theDefaultLimitStopsAnOversizedAnswer() {
    ReplyBytes out = new ReplyBytes();
    byte[] block = new byte[1024 * 1024];
    assertThrows(IllegalStateException.class, () -> {
      for (int i = 0; i <= ReplyBytes.MAX_BYTES / block.length; i++) {
        out.write(block);
      }
    });
    assertEquals(ReplyBytes.MAX_BYTES, out.size());
    out.release();
  }

  @Test
  void releasedChunksAreReusedAndThePoolIsBounded() {
    ReplyBytes big = new ReplyBytes();
    big.write(new byte[(ReplyBytes.POOLED_CHUNKS + 10) * ReplyBytes.CHUNK_BYTES]);
    big.release();
    assertEquals(ReplyBytes.POOLED_CHUNKS, ReplyBytes.pooledChunks(), "the pool keeps at most its size");
    big.release(); // twice is harmless
    assertEquals(ReplyBytes.POOLED_CHUNKS, ReplyBytes.pooledChunks());
    assertEquals(0, big.size());
    assertThrows(IllegalStateException.class, () -> big.write('x'), "no writes after release");

    ReplyBytes reused = new ReplyBytes();
    reused.write(new byte[ReplyBytes.CHUNK_BYTES]);
    assertEquals(ReplyBytes.POOLED_CHUNKS - 1, ReplyBytes.pooledChunks(), "a chunk came from the pool");
    reused.write("fresh".getBytes(StandardCharsets.US_ASCII));
    byte[] bytes = reused.toByteArray();
    assertEquals(ReplyBytes.CHUNK_BYTES + 5, bytes.length);
    assertEquals("fresh", new String(bytes, ReplyBytes.CHUNK_BYTES, 5, StandardCharsets.US_ASCII));
    reused.release();
  }

  @Test
  void anEmptyAnswerHasNoBuffers() {
    ReplyBytes out = new ReplyBytes();
    assertEquals(0, out.buffers().length);
    assertEquals(0, out.toByteArray().length);
  }
}
