package dev.jsupervisor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.ListenerState;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In-process listeners that break the protocol in one way each, and the message each gets. */
class ProtocolViolationTest {
  private FakeSupervisor sup;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    if (sup != null) {
      sup.close();
    }
  }

  private FakeSupervisor start(ListenerBody body) throws Exception {
    sup = FakeSupervisor.builder().timeout(Duration.ofSeconds(2)).build();
    return sup.startListener(body);
  }

  /** Blocks the listener until the test ends, like a process that keeps running. */
  private void hang() throws InterruptedException {
    release.await();
  }

  private String failureOf(Runnable wait) {
    return assertThrows(ListenerProtocolError.class, wait::run).getMessage();
  }

  @Test
  void writingBeforeReady() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.write("HELLO\nREADY\n");
      hang();
    });
    String message = failureOf(sup::awaitReady);
    assertEquals("listener listener violated the event listener protocol: listener wrote"
        + " 'HELLO\\n' before READY; its first output must be exactly 'READY\\n' (log to stderr"
        + " instead)", message);
    assertEquals(ListenerState.UNKNOWN, sup.listenerState());
    assertTrue(sup.supervisorWarnings().get(0).contains("has entered the UNKNOWN state"));
  }

  @Test
  void resultLengthLongerThanTheBody() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.next();
      io.write("RESULT 3\nOK");
      io.ready();
      hang();
    });
    long serial = sup.awaitReady().emit(Event.remoteCommunication("t", "d"));
    String message = failureOf(() -> sup.awaitAck(serial));
    assertTrue(message.contains("result for event serial 0 (REMOTE_COMMUNICATION) has body 'OKR',"
        + " which is neither OK nor FAIL: 'RESULT 3' announced 3 bytes"), message);
  }

  @Test
  void resultLengthShorterThanTheBody() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.next();
      io.write("RESULT 1\nOK");
      io.ready();
      hang();
    });
    long serial = sup.awaitReady().emit(Event.remoteCommunication("t", "d"));
    String message = failureOf(() -> sup.awaitAck(serial));
    assertTrue(message.contains("has body 'O', which is neither OK nor FAIL"), message);
  }

  @Test
  void trailingNewlineAfterOk() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.next();
      io.write("RESULT 2\nOK\n");
      io.ready();
      hang();
    });
    long serial = sup.awaitReady().emit(Event.remoteCommunication("t", "d"));
    sup.awaitAck(serial);
    String message = failureOf(sup::awaitIdle);
    assertTrue(message.endsWith("after the result of event serial 0 (REMOTE_COMMUNICATION) the"
        + " listener wrote '\\nREADY\\n' where 'READY\\n' was expected (a newline after the result"
        + " body? write 'RESULT 2\\nOK' with no newline)"), message);
  }

  @Test
  void garbageWhileReady() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.write("x");
      hang();
    });
    sup.awaitReady();
    long serial = sup.emit(Event.groupAdded("g"));
    String message = failureOf(() -> sup.awaitOutcome(serial));
    assertTrue(message.endsWith("listener wrote 'x' on stdout after its READY and before any event"
        + " was sent; a READY listener must stay silent until it gets an event (log to stderr"
        + " instead)"), message);
  }

  @Test
  void badResultLine() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.next();
      io.write("RESULT x\n");
      hang();
    });
    long serial = sup.awaitReady().emit(Event.groupAdded("g"));
    String message = failureOf(() -> sup.awaitAck(serial));
    assertTrue(message.contains("bad result line for event serial 0 (PROCESS_GROUP_ADDED):"
        + " listener wrote 'RESULT x\\n'"), message);
    assertTrue(message.contains("(supervisord: listener: bad result line: 'RESULT x')"), message);
  }

  @Test
  void resultLineWithoutTheResultWord() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.next();
      io.write("XXXXXX 2\nOK");
      hang();
    });
    long serial = sup.awaitReady().emit(Event.groupAdded("g"));
    String message = failureOf(() -> sup.awaitAck(serial));
    assertTrue(message.contains("result line for event serial 0 (PROCESS_GROUP_ADDED) is"
        + " 'XXXXXX 2\\n' but must be 'RESULT <length>'"), message);
  }

  @Test
  void exitingMidEvent() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.next();
      io.write("RESULT 2\n");
    });
    long serial = sup.awaitReady().emit(Event.groupAdded("g"));
    String message = failureOf(() -> sup.awaitAck(serial));
    assertEquals("listener listener exited (returned normally) while handling event serial 0"
        + " (PROCESS_GROUP_ADDED) after writing only 'RESULT 2\\n'", message);
  }

  @Test
  void neverReady() throws Exception {
    start((in, out, env) -> hang());
    String message = failureOf(sup::awaitReady);
    assertEquals("listener listener never wrote READY within 2000 ms; it wrote ''", message);
  }

  @Test
  void noReadyAfterAnAck() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.next();
      io.ok();
      hang();
    });
    long first = sup.awaitReady().emit(Event.groupAdded("a"));
    sup.awaitAck(first);
    long second = sup.emit(Event.groupAdded("b"));
    String message = failureOf(() -> sup.awaitAck(second));
    assertEquals("listener listener did not answer event serial 1 within 2000 ms: it answered"
        + " event serial 0 (PROCESS_GROUP_ADDED) but never wrote READY again", message);
  }

  @Test
  void aListenerThatThrowsIsReportedWithItsException() throws Exception {
    start((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      io.next();
      throw new IllegalStateException("listener bug");
    });
    long serial = sup.awaitReady().emit(Event.groupAdded("g"));
    String message = failureOf(() -> sup.awaitAck(serial));
    assertTrue(message.contains("exited (threw java.lang.IllegalStateException: listener bug)"
        + " while handling event serial 0 (PROCESS_GROUP_ADDED) without writing a RESULT"),
        message);
  }
}
