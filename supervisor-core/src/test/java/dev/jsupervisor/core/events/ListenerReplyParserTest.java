package dev.jsupervisor.core.events;

import static dev.jsupervisor.core.events.ListenerReply.Kind.ACCEPTED;
import static dev.jsupervisor.core.events.ListenerReply.Kind.READY;
import static dev.jsupervisor.core.events.ListenerReply.Kind.REJECTED;
import static dev.jsupervisor.core.events.ListenerReply.Kind.VIOLATION;
import static dev.jsupervisor.core.events.ListenerReply.Kind.VIOLATION_WHILE_BUSY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Streams are written as segments: between two segments the daemon sends an event (when the
 * listener is READY). Every stream is checked whole, byte by byte, and cut at every pair of
 * positions, and must give the same replies, warnings and final state each time.
 */
class ListenerReplyParserTest {
  private static final String UNKNOWN_WARNING =
      "x: has entered the UNKNOWN state and will no longer receive events, this usually"
          + " indicates the process violated the eventlistener protocol";

  private record Outcome(List<ListenerReply> replies, ListenerState state) {
    List<ListenerReply.Kind> kinds() {
      List<ListenerReply.Kind> kinds = new ArrayList<>();
      replies.forEach(r -> kinds.add(r.kind()));
      return kinds;
    }
  }

  private static Outcome run(byte[] stream, TreeSet<Integer> cuts, TreeSet<Integer> sends) {
    ListenerReplyParser parser = new ListenerReplyParser("x");
    List<ListenerReply> replies = new ArrayList<>();
    TreeSet<Integer> boundaries = new TreeSet<>(cuts);
    boundaries.addAll(sends);
    boundaries.add(stream.length);
    int from = 0;
    for (int to : boundaries) {
      if (to <= from) {
        continue;
      }
      replies.addAll(parser.feed(Arrays.copyOfRange(stream, from, to)));
      from = to;
      if (sends.contains(to) && parser.state() == ListenerState.READY) {
        parser.eventSent();
      }
    }
    return new Outcome(replies, parser.state());
  }

  /** Runs the segments under every split and returns the (identical) outcome. */
  private static Outcome everySplit(String... segments) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    TreeSet<Integer> sends = new TreeSet<>();
    for (String segment : segments) {
      all.writeBytes(segment.getBytes(StandardCharsets.UTF_8));
      sends.add(all.size());
    }
    byte[] stream = all.toByteArray();
    Outcome whole = run(stream, new TreeSet<>(), sends);
    TreeSet<Integer> everyByte = new TreeSet<>();
    for (int i = 1; i < stream.length; i++) {
      everyByte.add(i);
    }
    assertEquals(whole, run(stream, everyByte, sends), "byte by byte");
    for (int a = 1; a < stream.length; a++) {
      for (int b = a; b < stream.length; b++) {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(a, b));
        assertEquals(whole, run(stream, cuts, sends), "cut at " + a + " and " + b);
      }
    }
    return whole;
  }

  @Test
  void readyThenOkThenReadyAgainInTheSameWrite() {
    Outcome o = everySplit("READY\n", "RESULT 2\nOKREADY\n", "RESULT 2\nOK");
    assertEquals(List.of(READY, ACCEPTED, READY, ACCEPTED), o.kinds());
    assertEquals(ListenerState.ACKNOWLEDGED, o.state());
    o.replies().forEach(r -> assertEquals(List.of(), r.warnings()));
  }

  @Test
  void failIsARejectionThatKeepsTheListenerUsable() {
    Outcome o = everySplit("READY\n", "RESULT 4\nFAILREADY\n");
    assertEquals(List.of(READY, REJECTED, READY), o.kinds());
    assertEquals(List.of("x: event was rejected"), o.replies().get(1).warnings());
    assertTrue(o.replies().get(1).rejectsEvent());
    // READY again, so the harness sent the next (redelivered) event after the last segment.
    assertEquals(ListenerState.BUSY, o.state());
  }

  @Test
  void anyBodyButOkIsRejectedIncludingEmptyAndLowerCase() {
    assertEquals(List.of(READY, REJECTED), everySplit("READY\n", "RESULT 3\nBAD").kinds());
    assertEquals(List.of(READY, REJECTED), everySplit("READY\n", "RESULT 2\nok").kinds());
    assertEquals(List.of(READY, REJECTED), everySplit("READY\n", "RESULT 0\n").kinds());
    assertEquals(List.of(READY, REJECTED), everySplit("READY\n", "RESULT 3\nOK\n").kinds());
  }

  @Test
  void theFirstSevenBytesOfTheResultLineAreNotChecked() {
    Outcome o = everySplit("READY\n", "XXXXXX 2\nOK");
    assertEquals(List.of(READY, ACCEPTED), o.kinds());
  }

  @Test
  void resultLengthIsReadLikePythonInt() {
    assertEquals(List.of(READY, ACCEPTED), everySplit("READY\n", "RESULT  2 \r\nOK").kinds());
    assertEquals(List.of(READY, ACCEPTED), everySplit("READY\n", "RESULT +2\nOK").kinds());
    assertEquals(List.of(READY, REJECTED), everySplit("READY\n", "RESULT 1_0\n0123456789").kinds());
    assertEquals(0, ListenerReplyParser.parsePythonInt("RESULT -0".getBytes(), 7));
    assertEquals(-1, ListenerReplyParser.parsePythonInt("RESULT 1__0".getBytes(), 7));
    assertEquals(-1, ListenerReplyParser.parsePythonInt("RESULT _1".getBytes(), 7));
    assertEquals(-1, ListenerReplyParser.parsePythonInt("RESULT 1_".getBytes(), 7));
    assertEquals(-1, ListenerReplyParser.parsePythonInt("RESULT 1 2".getBytes(), 7));
  }

  @Test
  void badResultLinesMakeTheListenerUnknownAndRejectTheEvent() {
    for (String line : List.of("RESULT x", "READY", "RESULT", "OK", "RESULT -2", "RESULT 2.0")) {
      Outcome o = everySplit("READY\n", line + "\nOK");
      assertEquals(List.of(READY, VIOLATION_WHILE_BUSY), o.kinds(), line);
      assertEquals(
          List.of("x: bad result line: '" + line + "'", UNKNOWN_WARNING),
          o.replies().get(1).warnings());
      assertTrue(o.replies().get(1).rejectsEvent());
      assertEquals(ListenerState.UNKNOWN, o.state());
    }
  }

  @Test
  void garbageInsteadOfReadyMakesTheListenerUnknown() {
    for (String garbage : List.of("HELLO\n", "\nREADY\n", "ready\n", "READY \n", "READYREADY\n")) {
      Outcome o = everySplit(garbage);
      assertEquals(List.of(VIOLATION), o.kinds(), garbage);
      assertEquals(List.of(UNKNOWN_WARNING), o.replies().get(0).warnings());
      assertEquals(ListenerState.UNKNOWN, o.state());
    }
  }

  @Test
  void talkingWhileReadyIsAViolationWithoutAnEvent() {
    Outcome o = everySplit("READY\nREADY\n");
    assertEquals(List.of(READY, VIOLATION), o.kinds());
    assertEquals(false, o.replies().get(1).rejectsEvent());
  }

  @Test
  void trailingNewlineAfterAResultBreaksTheNextReady() {
    Outcome o = everySplit("READY\n", "RESULT 2\nOK\nREADY\n");
    assertEquals(List.of(READY, ACCEPTED, VIOLATION), o.kinds());
    assertEquals(ListenerState.UNKNOWN, o.state());
  }

  @Test
  void unknownIgnoresEverythingUntilReset() {
    ListenerReplyParser parser = new ListenerReplyParser("x");
    assertEquals(List.of(VIOLATION), kinds(parser.feed(bytes("HELLO\n"))));
    assertEquals(List.of(), parser.feed(bytes("READY\nRESULT 2\nOK")));
    assertEquals(ListenerState.UNKNOWN, parser.state());
    parser.reset();
    assertEquals(List.of(READY), kinds(parser.feed(bytes("READY\n"))));
  }

  @Test
  void truncatedInputWaitsInTheRightState() {
    assertEquals(List.of(), everySplit("READ").kinds());
    assertEquals(ListenerState.ACKNOWLEDGED, everySplit("READ").state());
    assertEquals(ListenerState.BUSY, everySplit("READY\n", "RESULT 4\nFAI").state());
    assertEquals(ListenerState.BUSY, everySplit("READY\n", "RESULT 4").state());
  }

  @Test
  void eventSentIsOnlyLegalWhenReady() {
    ListenerReplyParser parser = new ListenerReplyParser("x");
    assertThrows(IllegalStateException.class, parser::eventSent);
    parser.feed(bytes("READY\n"));
    parser.eventSent();
    assertThrows(IllegalStateException.class, parser::eventSent);
    parser.reset();
    assertEquals(ListenerState.ACKNOWLEDGED, parser.state());
  }

  @Test
  void aMegabyteResultLineIsCutOffAtTheLimit() {
    ListenerReplyParser parser = busyParser();
    byte[] huge = new byte[1 << 20];
    Arrays.fill(huge, (byte) '9');
    List<ListenerReply> replies = new ArrayList<>();
    for (int i = 0; i < huge.length; i += 4096) {
      replies.addAll(parser.feed(huge, i, 4096));
    }
    replies.addAll(parser.feed(bytes("\nOK")));
    assertEquals(List.of(VIOLATION_WHILE_BUSY), kinds(replies));
    assertEquals(
        "x: bad result line: longer than " + ListenerReplyParser.MAX_RESULT_LINE_BYTES + " bytes",
        replies.get(0).warnings().get(0));
    assertEquals(ListenerState.UNKNOWN, parser.state());
  }

  @Test
  void hugeAnnouncedLengthsAreViolationsNotAllocations() {
    for (String length : List.of("99999999999", "99999999999999999999999999", "65537")) {
      Outcome o = everySplit("READY\n", "RESULT " + length + "\nOK");
      assertEquals(List.of(READY, VIOLATION_WHILE_BUSY), o.kinds(), length);
      assertTrue(o.replies().get(1).warnings().get(0).contains("exceeds the limit"), length);
    }
  }

  @Test
  void theLargestAllowedBodyIsRead() {
    ListenerReplyParser parser = busyParser();
    int max = ListenerReplyParser.MAX_RESULT_BODY_BYTES;
    assertEquals(List.of(), parser.feed(bytes("RESULT " + max + "\n")));
    byte[] body = new byte[max];
    assertEquals(List.of(), parser.feed(body, 0, max - 1));
    assertEquals(List.of(REJECTED), kinds(parser.feed(body, max - 1, 1)));
  }

  @Test
  void undecodableResultLinesAreReportedWithoutDecoding() {
    ListenerReplyParser parser = busyParser();
    List<ListenerReply> replies = parser.feed(new byte[] {'R', '\'', (byte) 0xff, '\t', '\n'});
    assertEquals(List.of(VIOLATION_WHILE_BUSY), kinds(replies));
    assertEquals("x: bad result line: 'Undecodable: b\"R'\\xff\\t\"'",
        replies.get(0).warnings().get(0));
    assertEquals("b'a\\'\"\\\\\\n\\x00'",
        ListenerReplyParser.pythonBytesRepr(new byte[] {'a', '\'', '"', '\\', '\n', 0}));
  }

  private static ListenerReplyParser busyParser() {
    ListenerReplyParser parser = new ListenerReplyParser("x");
    parser.feed(bytes("READY\n"));
    parser.eventSent();
    return parser;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<ListenerReply.Kind> kinds(List<ListenerReply> replies) {
    List<ListenerReply.Kind> kinds = new ArrayList<>();
    replies.forEach(r -> kinds.add(r.kind()));
    return kinds;
  }
}
