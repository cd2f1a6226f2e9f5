package dev.jsupervisor.listeners.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jsupervisor.listeners.sdk.EnvelopeDecoder;
import dev.jsupervisor.listeners.sdk.ProtocolException;
import dev.jsupervisor.listeners.sdk.RawEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the SDK's decoder of listener stdin: the first input byte picks the
 * size of each read, the rest is what the supervisor wrote. Read in those pieces, the bytes must
 * decode to exactly what they decode to in one piece (the same events, or the same
 * {@link ProtocolException}), each payload of valid UTF-8 holding its header's count of code
 * points.
 */
final class EnvelopeDecoderJazzerFuzzTest {
  /** Small enough that the fuzzer reaches it; the default allows millions of code points. */
  private static final int MAX_PAYLOAD_CODE_POINTS = 4096;

  @FuzzTest
  // Per input: Jazzer makes it libFuzzer's -timeout; a replayed hang fails on its own thread.
  @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  // libFuzzer dictionary syntax: backslash escapes are written out (\\n is a newline).
  @DictionaryEntries({"ver:3.0 ", "server:s ", "serial:1 ", "pool:p ", "poolserial:0 ",
      "eventname:PROCESS_STATE_RUNNING ", "eventname:TICK_5 ", "len:", "\\n", "\\xc3\\xa9",
      "\\xf0\\x9f\\x98\\x80", "\\xe2\\x82", "4096", "4097", "2147483648", "-1"})
  void decodesTheSameInAnyPieces(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int readSize = 1 + (input[0] & 0xff);
    Outcome whole = decode(input, input.length);
    Outcome pieces = decode(input, readSize);
    assertEquals(whole, pieces, "read " + readSize + " bytes at a time");
    for (RawEvent event : whole.events()) {
      if (event.payload().indexOf('\uFFFD') >= 0) {
        continue; // malformed UTF-8: the supervisor never writes it, and its count is moot
      }
      assertEquals(event.header().length(),
          event.payload().codePointCount(0, event.payload().length()), event.toString());
      assertTrue(event.payload().getBytes(StandardCharsets.UTF_8).length <= 4L * input.length);
    }
    if (whole.refusal() != null) {
      assertFalse(whole.refusal().isEmpty(), "an empty protocol error");
    }
  }

  /**
   * What decoding the bytes after the first in reads of {@code readSize} produced. A refusal
   * ends the stream: the events completed by the refused read are not returned, so a refused
   * outcome counts no events.
   */
  private record Outcome(List<RawEvent> events, String refusal, boolean partial) {}

  private static Outcome decode(byte[] input, int readSize) {
    EnvelopeDecoder decoder = new EnvelopeDecoder(MAX_PAYLOAD_CODE_POINTS);
    List<RawEvent> events = new ArrayList<>();
    try {
      for (int i = 1; i < input.length; i += readSize) {
        events.addAll(decoder.feed(input, i, Math.min(readSize, input.length - i)));
      }
    } catch (ProtocolException e) {
      return new Outcome(List.of(), String.valueOf(e.getMessage()), true);
    }
    return new Outcome(events, null, decoder.hasPartialEvent());
  }
}
