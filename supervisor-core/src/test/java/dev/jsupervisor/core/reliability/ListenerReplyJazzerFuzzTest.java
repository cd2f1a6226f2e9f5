package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jsupervisor.core.events.ListenerReply;
import dev.jsupervisor.core.events.ListenerReplyParser;
import dev.jsupervisor.core.events.ListenerState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the daemon's parser of listener stdout, fed the way the daemon feeds
 * it: the first input byte picks the size of each read, the rest is what the listener wrote, and
 * an event goes out whenever the listener is READY. Every reply must leave the parser in the
 * state it announces, each warning stays short, and nothing follows a violation.
 */
final class ListenerReplyJazzerFuzzTest {
  /** A bad result line is quoted with each byte escaped in at most 4 chars, plus some text. */
  private static final int MAX_WARNING_CHARS = 4 * ListenerReplyParser.MAX_RESULT_LINE_BYTES + 200;

  @FuzzTest
  // Per input: Jazzer makes it libFuzzer's -timeout; a replayed hang fails on its own thread.
  @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  // libFuzzer dictionary syntax: backslash escapes are written out (\\n is a newline).
  @DictionaryEntries({"READY\\n", "RESULT ", "RESULT 2\\nOK", "RESULT 4\\nFAIL", "\\n", "OK",
      "65536", "-1"})
  void repliesMatchTheState(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int readSize = 1 + (input[0] & 0xff);
    ListenerReplyParser parser = new ListenerReplyParser("fuzz");
    int replies = 0;
    for (int i = 1; i < input.length; i += readSize) {
      ListenerState before = parser.state();
      List<ListenerReply> got = parser.feed(input, i, Math.min(readSize, input.length - i));
      replies += got.size();
      if (before == ListenerState.UNKNOWN) {
        assertTrue(got.isEmpty(), "replies after a violation: " + got);
      }
      for (ListenerReply reply : got) {
        for (String warning : reply.warnings()) {
          assertTrue(warning.length() <= MAX_WARNING_CHARS, "a warning of " + warning.length());
        }
      }
      if (!got.isEmpty()) {
        assertEquals(stateAfter(got.get(got.size() - 1).kind()), parser.state(), got.toString());
      }
      if (parser.state() == ListenerState.READY) {
        parser.eventSent();
      }
    }
    assertTrue(replies <= input.length, replies + " replies to " + input.length + " bytes");
  }

  private static ListenerState stateAfter(ListenerReply.Kind kind) {
    return switch (kind) {
      case READY -> ListenerState.READY;
      case ACCEPTED, REJECTED -> ListenerState.ACKNOWLEDGED;
      case VIOLATION, VIOLATION_WHILE_BUSY -> ListenerState.UNKNOWN;
    };
  }
}
