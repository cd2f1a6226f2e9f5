package dev.jsupervisor.core.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.content.AsyncContent;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class BodyDiscardTest {
  private final AtomicInteger done = new AtomicInteger();

  @Test
  void readsABodyThatArrivesLaterToItsEndThenAnswersOnce() {
    AsyncContent body = new AsyncContent();
    BodyDiscard.drain(body, 1000, done::incrementAndGet);
    assertEquals(0, done.get(), "nothing has arrived yet");
    body.write(false, ByteBuffer.allocate(300), Callback.NOOP);
    body.write(false, ByteBuffer.allocate(300), Callback.NOOP);
    assertEquals(0, done.get(), "the body has not ended");
    body.write(true, ByteBuffer.allocate(300), Callback.NOOP);
    assertEquals(1, done.get());
  }

  @Test
  void stopsReadingOnceMoreThanTheLimitHasArrived() {
    AsyncContent body = new AsyncContent();
    BodyDiscard.drain(body, 500, done::incrementAndGet);
    body.write(false, ByteBuffer.allocate(400), Callback.NOOP);
    assertEquals(0, done.get());
    body.write(false, ByteBuffer.allocate(101), Callback.NOOP);
    assertEquals(1, done.get(), "501 bytes are over a limit of 500");
    body.write(true, ByteBuffer.allocate(10), Callback.NOOP);
    assertEquals(1, done.get(), "answered once");
  }

  @Test
  void aBodyOfExactlyTheLimitIsReadToItsEnd() {
    AsyncContent body = new AsyncContent();
    BodyDiscard.drain(body, 500, done::incrementAndGet);
    body.write(false, ByteBuffer.allocate(500), Callback.NOOP);
    assertEquals(0, done.get(), "at the limit, not over it: still reading");
    body.write(true, ByteBuffer.allocate(0), Callback.NOOP);
    assertEquals(1, done.get());
  }

  @Test
  void aTruncatedBodyEndsTheDrain() {
    AsyncContent body = new AsyncContent();
    BodyDiscard.drain(body, 1000, done::incrementAndGet);
    body.write(false, ByteBuffer.allocate(10), Callback.NOOP);
    body.fail(new IOException("client went away"));
    assertEquals(1, done.get());
  }

  @Test
  void refusesANegativeLimit() {
    assertThrows(IllegalArgumentException.class,
        () -> BodyDiscard.drain(new AsyncContent(), -1, done::incrementAndGet));
  }
}
