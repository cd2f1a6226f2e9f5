package dev.jsupervisor.listeners.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.ListenerCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envelopes come from core's encoder, so both sides of the protocol are checked together. */
class EnvelopeDecoderTest {

  private static byte[] stream(Event... events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < events.length; i++) {
      out.writeBytes(ListenerCodec.envelope("srv", 10 + i, "pool", i, events[i]));
    }
    return out.toByteArray();
  }

  private static List<RawEvent> decode(byte[] bytes, int... cuts) throws ProtocolException {
    EnvelopeDecoder decoder = new EnvelopeDecoder();
    List<RawEvent> events = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      events.addAll(decoder.feed(bytes, from, cut - from));
      from = cut;
    }
    events.addAll(decoder.feed(bytes, from, bytes.length - from));
    assertFalse(decoder.hasPartialEvent());
    return events;
  }

  private static List<String> payloads(List<RawEvent> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.payload()));
    return out;
  }

  @Test
  void multibytePayloadsAreReadByCodePointsUnderEverySplit() throws Exception {
    Event[] events = {
      Event.remoteCommunication("mytype", "some data é"),
      Event.supervisorStateChange(dev.jsupervisor.core.api.SupervisorState.RUNNING),
      Event.remoteCommunication("x", "€\uD83D\uDE00ü"),
      Event.groupAdded("grüppe"),
      Event.remoteCommunication("end", "é"),
    };
    List<String> expected = new ArrayList<>();
    for (Event e : events) {
      expected.add(e.payload());
    }
    byte[] bytes = stream(events);
    List<RawEvent> whole = decode(bytes);
    assertEquals(expected, payloads(whole));
    assertEquals(23, whole.get(0).header().length());
    assertEquals(14, whole.get(4).header().serial());
    for (int a = 0; a <= bytes.length; a++) {
      assertEquals(whole, decode(bytes, a), "cut at " + a);
    }
    for (int a = 0; a <= bytes.length; a += 13) {
      for (int b = a; b <= bytes.length; b++) {
        assertEquals(whole, decode(bytes, a, b), "cut at " + a + ", " + b);
      }
    }
    int[] everyByte = new int[bytes.length];
    Arrays.setAll(everyByte, i -> i);
    assertEquals(whole, decode(bytes, everyByte));
  }

  @Test
  void eventCompletesWithoutWaitingForMoreBytes() throws Exception {
    EnvelopeDecoder decoder = new EnvelopeDecoder();
    byte[] bytes = stream(Event.remoteCommunication("t", "ends in é"));
    List<RawEvent> events = decoder.feed(bytes, 0, bytes.length);
    assertEquals(1, events.size());
    assertEquals("type:t\nends in é", events.get(0).payload());
  }

  @Test
  void truncatedInputIsReportedAsPartial() throws Exception {
    byte[] bytes = stream(Event.remoteCommunication("t", "é"));
    for (int n = 1; n < bytes.length; n++) {
      EnvelopeDecoder decoder = new EnvelopeDecoder();
      assertEquals(List.of(), decoder.feed(bytes, 0, n));
      assertTrue(decoder.hasPartialEvent(), "after " + n + " bytes");
    }
  }

  @Test
  void invalidUtf8CountsOneCharacterPerBadSequence() throws Exception {
    byte[] header = "ver:3.0 server:s serial:1 pool:p poolserial:1 eventname:X len:3\n"
        .getBytes(StandardCharsets.US_ASCII);
    // a stray continuation byte, a lead byte cut short by 'a', then 'b' which is not read.
    byte[] payload = {(byte) 0x80, (byte) 0xc3, 'a', 'b'};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    out.writeBytes(payload);
    EnvelopeDecoder decoder = new EnvelopeDecoder();
    byte[] bytes = out.toByteArray();
    List<RawEvent> events = decoder.feed(bytes, 0, bytes.length);
    assertEquals("\uFFFD\uFFFDa", events.get(0).payload());
    assertTrue(decoder.hasPartialEvent(), "the 'b' starts a next header");
  }

  @Test
  void oversizedAndMalformedInputIsRefusedWithoutBuffering() {
    EnvelopeDecoder decoder = new EnvelopeDecoder();
    byte[] noNewline = new byte[EnvelopeDecoder.MAX_HEADER_BYTES + 1];
    Arrays.fill(noNewline, (byte) 'a');
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> decoder.feed(noNewline, 0, noNewline.length));
    assertTrue(e.getMessage().contains("longer than 8192 bytes"), e.getMessage());

    byte[] huge = "ver:3.0 server:s serial:1 pool:p poolserial:1 eventname:X len:2147483647\n"
        .getBytes(StandardCharsets.US_ASCII);
    e = assertThrows(ProtocolException.class,
        () -> new EnvelopeDecoder().feed(huge, 0, huge.length));
    assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());

    byte[] bad = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    e = assertThrows(ProtocolException.class, () -> new EnvelopeDecoder().feed(bad, 0, bad.length));
    assertTrue(e.getMessage().contains("'hello' is not key:value"), e.getMessage());
  }
}
