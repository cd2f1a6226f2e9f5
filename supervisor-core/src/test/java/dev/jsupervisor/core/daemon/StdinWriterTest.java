package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.process.ImmediateOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdinWriterTest {

  /** A stdin whose immediate writes succeed or not as told, recording who wrote what. */
  private static final class Stdin extends OutputStream implements ImmediateOutput {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> writers = new CopyOnWriteArrayList<>();
    volatile boolean room = true;
    volatile IOException failure;
    volatile CountDownLatch blockedWrite;

    @Override
    public boolean tryWriteNow(byte[] data) throws IOException {
      if (failure != null) {
        throw failure;
      }
      if (!room) {
        return false;
      }
      record(data);
      return true;
    }

    @Override
    public void write(int b) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      CountDownLatch latch = blockedWrite;
      if (latch != null) {
        try {
          latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }
      record(java.util.Arrays.copyOfRange(b, off, off + len));
    }

    private synchronized void record(byte[] data) {
      bytes.writeBytes(data);
      writers.add(Thread.currentThread().getName());
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.US_ASCII);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aReaderThatKeepsUpIsWrittenFromTheCallerWithoutAThread() {
    Stdin stdin = new Stdin();
    StdinWriter writer = new StdinWriter("sink", stdin, e -> {});
    String caller = Thread.currentThread().getName();
    assertTrue(writer.write(ascii("one ")));
    assertTrue(writer.write(ascii("two")));
    assertEquals("one two", stdin.text());
    assertEquals(List.of(caller, caller), stdin.writers);
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("stdin-sink")), "no writer thread was started");
    writer.close();
  }

  @Test
  void onceSomethingIsQueuedLaterWritesQueueBehindItInOrder() {
    Stdin stdin = new Stdin();
    StdinWriter writer = new StdinWriter("slow", stdin, e -> {});
    CountDownLatch unblock = new CountDownLatch(1);
    stdin.blockedWrite = unblock;
    stdin.room = false; // the pipe is full: the first block goes to the thread
    assertTrue(writer.write(ascii("a")));
    stdin.room = true; // room again, but "a" is still queued: "b" must not overtake it
    assertTrue(writer.write(ascii("b")));
    unblock.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> stdin.text().equals("ab"));
    assertEquals(List.of("stdin-slow", "stdin-slow"), stdin.writers);
    // Drained: the next write is made at once again.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      writer.write(ascii("c"));
      return stdin.writers.get(stdin.writers.size() - 1).equals(Thread.currentThread().getName());
    });
    assertTrue(stdin.text().startsWith("abc"), stdin.text());
    writer.close();
  }

  @Test
  void aFailedImmediateWriteIsReportedOnceAndLaterWritesAreDropped() {
    Stdin stdin = new Stdin();
    List<IOException> errors = new CopyOnWriteArrayList<>();
    StdinWriter writer = new StdinWriter("gone", stdin, errors::add);
    stdin.failure = new IOException("write: EPIPE");
    assertTrue(writer.write(ascii("x")));
    stdin.failure = null;
    assertTrue(writer.write(ascii("y")));
    await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
    assertEquals(1, errors.size());
    assertEquals("write: EPIPE", errors.get(0).getMessage());
    assertEquals("", stdin.text(), "nothing is written to a stdin that failed");
    writer.close();
  }
}
