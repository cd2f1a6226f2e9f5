package dev.jsupervisor.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.config.LogConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log writes, PROCESS_LOG chunks and PROCESS_COMMUNICATION captures of one channel. */
final class ChannelRecorderTest {
  static final class Collected implements ChannelRecorder.Sink {
    final StringBuilder log = new StringBuilder();
    final List<String> logEvents = new ArrayList<>();
    final List<String> comm = new ArrayList<>();

    @Override
    public void logWrite(byte[] data) {
      log.append(new String(data, UTF_8));
    }

    @Override
    public void logEvent(byte[] data) {
      logEvents.add(new String(data, UTF_8));
    }

    @Override
    public void communicationEvent(byte[] data) {
      comm.add(new String(data, UTF_8));
    }
  }

  private final Collected out = new Collected();

  private ChannelRecorder recorder(long captureMaxBytes, boolean events, boolean stripAnsi) {
    return new ChannelRecorder(
        new LogConfig("/x.log", 0, 0, captureMaxBytes, events, false), stripAnsi, out);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void withoutCaptureEveryChunkIsLoggedAtOnceAndIsOneEvent() {
    ChannelRecorder r = recorder(0, true, false);
    r.accept(b("hi\n"));
    r.accept(b("partial"));
    assertEquals("hi\npartial", out.log.toString());
    assertEquals(List.of("hi\n", "partial"), out.logEvents);
  }

  @Test
  void eventsOnlyWhenEnabled() {
    ChannelRecorder r = recorder(0, false, false);
    r.accept(b("x"));
    assertTrue(out.logEvents.isEmpty());
    assertEquals("x", out.log.toString());
  }

  @Test
  void captureEnabledHoldsBackShortOutput() {
    ChannelRecorder r = recorder(1024, false, false);
    r.accept(b("hi\nbye\n"));
    assertEquals("", out.log.toString(), "24 bytes or fewer wait for more");
    assertEquals("hi\nbye\n", new String(r.pending(), UTF_8));
    r.accept(b("and some more output\n"));
    assertEquals("hi\nbye\nand some more output\n", out.log.toString());
  }

  @Test
  void captureBecomesOneCommunicationEventAndStaysOutOfTheLog() {
    ChannelRecorder r = recorder(1024, true, false);
    r.accept(b("before<!--XSUPERVISOR:BEGIN-->the payload<!--XSUPERVISOR:END-->after, long enough\n"));
    assertEquals(List.of("the payload"), out.comm);
    assertFalse(r.capturing());
    assertEquals("before", out.log.toString(), "a tail of 24 bytes or fewer is held back");
    r.accept(b("!!!!!!"));
    assertEquals("beforeafter, long enough\n!!!!!!", out.log.toString());
    assertEquals(List.of("before", "the payload", "after, long enough\n!!!!!!"), out.logEvents);
  }

  @Test
  void tokensSplitAcrossChunksAreFound() {
    ChannelRecorder r = recorder(1024, false, false);
    String all = "start text here <!--XSUPERVISOR:BEGIN-->captured text<!--XSUPERVISOR:END-->tail of the output, long\n";
    for (int i = 0; i < all.length(); i += 7) {
      r.accept(b(all.substring(i, Math.min(all.length(), i + 7))));
    }
    assertEquals(List.of("captured text"), out.comm);
    assertEquals("start text here tail of the output, long\n", out.log.toString());
  }

  @Test
  void captureBufferDropsOldBytesLikeSupervisord() {
    ChannelRecorder r = recorder(10, false, false);
    r.accept(b("<!--XSUPERVISOR:BEGIN-->"));
    r.accept(b("-"));
    r.accept(b("0123456789abcdefghijklmnopqrstuvwxyz"));
    r.accept(b("ABCDEF<!--XSUPERVISOR:END-->plus a long enough tail\n"));
    assertEquals(1, out.comm.size());
    assertTrue(out.comm.get(0).endsWith("ABCDEF"), out.comm.get(0));
  }

  @Test
  void stripAnsiRemovesEscapeSequencesBeforeLoggingAndEvents() {
    ChannelRecorder r = recorder(0, true, true);
    r.accept(b("\u001b[1;31mred\u001b[0m plain \u001b[2Jdone\u001b"));
    assertEquals("red plain done\u001b", out.log.toString());
    assertEquals(List.of("red plain done\u001b"), out.logEvents);
  }

  @Test
  void oversizedChunkEndingInATruncatedTokenKeepsOnlyThePrefixBack() {
    ChannelRecorder r = recorder(1024, false, false);
    String big = "y".repeat(300_000);
    r.accept(b(big + "<!--XSUPERVISOR:BEG"));
    assertEquals(big, out.log.toString());
    assertEquals("<!--XSUPERVISOR:BEG", new String(r.pending(), UTF_8));
    assertTrue(out.comm.isEmpty());
  }

  @Test
  void unterminatedCaptureNeverReachesTheLog() {
    ChannelRecorder r = recorder(1024, false, false);
    r.accept(b("<!--XSUPERVISOR:BEGIN-->secret that never ends, and more text"));
    assertTrue(r.capturing());
    assertEquals("", out.log.toString());
    assertTrue(out.comm.isEmpty());
  }

  @Test
  void mainLogLineDecodesUtf8OrShowsTheBytes() {
    assertEquals("'web' stdout output:\nhé\n", ChannelRecorder.mainLogLine("web", "stdout", b("hé\n")));
    assertEquals(
        "'web' stderr output:\nUndecodable: b'\\xffok'",
        ChannelRecorder.mainLogLine("web", "stderr", new byte[] {(byte) 0xff, 'o', 'k'}));
  }

  @Test
  void prefixAtEndFindsTheLongestProperPrefix() {
    byte[] token = ChannelRecorder.BEGIN_TOKEN;
    assertEquals(4, ChannelRecorder.prefixAtEnd(b("abc<!--"), token));
    assertEquals(0, ChannelRecorder.prefixAtEnd(b("abc"), token));
    assertEquals(22, ChannelRecorder.prefixAtEnd(b("x<!--XSUPERVISOR:BEGIN-"), token));
  }
}
