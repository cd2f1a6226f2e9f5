package dev.jsupervisor.listeners.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.ListenerCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventListenerTest {
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final ListenerLog log = new StderrListenerLog("rec", new PrintStream(stderr, true,
      StandardCharsets.UTF_8), Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));

  private static byte[] events(Event... events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < events.length; i++) {
      out.writeBytes(ListenerCodec.envelope("srv", i, "pool", i, events[i]));
    }
    return out.toByteArray();
  }

  /** Hands out the stream one byte per read, like a slow pipe. */
  private static InputStream trickle(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  private String runWith(byte[] input, EventHandler handler) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new EventListener(log).run(trickle(input), out, handler);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void answersEachEventThenAsksForTheNext() throws Exception {
    List<ListenerEvent> seen = new ArrayList<>();
    String out = runWith(
        events(Event.remoteCommunication("a", "é"), Event.groupAdded("g"),
            Event.remoteCommunication("b", "x")),
        e -> {
          seen.add(e);
          return seen.size() == 2 ? EventHandler.Result.FAIL : EventHandler.Result.OK;
        });
    assertEquals("READY\nRESULT 2\nOKREADY\nRESULT 4\nFAILREADY\nRESULT 2\nOKREADY\n", out);
    assertEquals(3, seen.size());
    assertEquals("é", ((ListenerEvent.RemoteCommunicationEvent) seen.get(0)).data());
    assertEquals("g", ((ListenerEvent.ProcessGroupEvent) seen.get(1)).groupName());
    assertEquals("", stderr.toString(StandardCharsets.UTF_8));
  }

  @Test
  void emptyInputIsACleanReturnAfterReady() throws Exception {
    assertEquals("READY\n", runWith(new byte[0], e -> EventHandler.Result.OK));
  }

  @Test
  void aThrowingHandlerGetsFailThenTheEventIsDroppedAfterTheLimit() throws Exception {
    Event poison = Event.remoteCommunication("p", "x");
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    for (int i = 0; i < EventListener.DEFAULT_MAX_ATTEMPTS; i++) {
      in.writeBytes(ListenerCodec.envelope("srv", 5, "pool", 5, poison));
    }
    in.writeBytes(ListenerCodec.envelope("srv", 6, "pool", 6, poison));
    String out = runWith(in.toByteArray(), e -> {
      if (e.header().serial() == 5) {
        throw new IllegalStateException("boom\nsecond line");
      }
      return EventHandler.Result.OK;
    });
    assertEquals("READY\nRESULT 4\nFAILREADY\nRESULT 4\nFAILREADY\nRESULT 2\nOKREADY\n"
        + "RESULT 2\nOKREADY\n", out);
    String[] lines = stderr.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(3, lines.length);
    assertEquals("2026-01-02 03:04:05,678 ERRO rec: handler failed on REMOTE_COMMUNICATION serial 5;"
        + " asking for redelivery: java.lang.IllegalStateException: boom\\nsecond line (at ",
        lines[0].substring(0, lines[0].indexOf("(at ") + 4));
    assertTrue(lines[2].contains("failed on REMOTE_COMMUNICATION serial 5 3 times; dropping it"),
        lines[2]);
  }

  @Test
  void stdinEndingMidEventIsLoggedNotThrown() throws Exception {
    byte[] full = events(Event.remoteCommunication("a", "b"));
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 1);
    assertEquals("READY\n", runWith(cut, e -> EventHandler.Result.OK));
    assertTrue(Pattern.compile("WARN rec: stdin ended in the middle of an event\n$")
        .matcher(stderr.toString(StandardCharsets.UTF_8)).find());
  }

  @Test
  void garbageOnStdinIsAProtocolError() {
    byte[] garbage = "not a header\n".getBytes(StandardCharsets.US_ASCII);
    assertThrows(ProtocolException.class, () -> runWith(garbage, e -> EventHandler.Result.OK));
  }

  @Test
  void maxAttemptsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new EventListener(log, 0));
  }
}
