package dev.jsupervisor.core.process.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FdOutputStreamTest {
  private int readEnd;
  private FdOutputStream out;

  @BeforeEach
  void pipe() {
    Assumptions.assumeTrue(LibC.LINK_ERROR == null, "no native calls here");
    int[] fds = new int[2];
    assertEquals(0, LibC.pipe2(fds, LibC.O_CLOEXEC));
    readEnd = fds[0];
    out = new FdOutputStream(fds[1]);
  }

  @Test
  void aSmallWriteIntoAPipeWithRoomIsMadeAtOnce() throws IOException {
    byte[] envelope = "ver:3.0 len:2\nhi".getBytes();
    assertTrue(out.tryWriteNow(envelope));
    byte[] read = new byte[64];
    long n = LibC.read(readEnd, read, read.length);
    assertEquals(envelope.length, n);
    assertArrayEquals(envelope, java.util.Arrays.copyOf(read, (int) n));
    out.close();
    LibC.close(readEnd);
  }

  @Test
  void aFullPipeOrAnOversizedBlockIsLeftToTheBlockingWrite() throws IOException {
    assertFalse(out.tryWriteNow(new byte[FdOutputStream.ATOMIC_WRITE_BYTES + 1]),
        "more than one page could block");
    byte[] page = new byte[FdOutputStream.ATOMIC_WRITE_BYTES];
    int written = 0;
    while (out.tryWriteNow(page)) {
      written++;
      assertTrue(written < 10_000, "a pipe holds far less than 40 MB");
    }
    assertTrue(written >= 1, "an empty pipe takes one page");
    assertFalse(out.tryWriteNow(new byte[1]), "a full pipe: nothing written, nothing blocked");
    out.close();
    LibC.close(readEnd);
  }

  @Test
  void aGoneReaderIsAnErrorNotASignal() throws IOException {
    LibC.close(readEnd);
    IOException e = assertThrows(IOException.class, () -> out.tryWriteNow(new byte[10]));
    assertTrue(e.getMessage().contains("EPIPE"), e.getMessage());
    e = assertThrows(IOException.class, () -> out.write(new byte[10]));
    assertTrue(e.getMessage().contains("EPIPE"), e.getMessage());
    out.close();
    assertFalse(out.tryWriteNow(new byte[1]), "closed");
  }
}
