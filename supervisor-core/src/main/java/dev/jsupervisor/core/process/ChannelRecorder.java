package dev.jsupervisor.core.process;

import dev.jsupervisor.core.config.LogConfig;
import dev.jsupervisor.core.process.internal.PyRepr;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What happens to one output channel's bytes (supervisord's output dispatcher, pure): normal log
 * writes, PROCESS_LOG event data, and PROCESS_COMMUNICATION captures between the XSUPERVISOR
 * tokens, with supervisord's hold-back quirk while capture is enabled (events.md §5). Not
 * thread-safe: feed it from one thread.
 */
public final class ChannelRecorder {
  static final byte[] BEGIN_TOKEN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
  static final byte[] END_TOKEN = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

  /** Where the recorded output goes. */
  public interface Sink {
    /** Bytes for the channel's normal log (file and/or syslog); never captured text. */
    void logWrite(byte[] data);

    /** Data of one PROCESS_LOG_STDOUT/STDERR event (only called when events are enabled). */
    void logEvent(byte[] data);

    /** Data of one PROCESS_COMMUNICATION_STDOUT/STDERR event. */
    void communicationEvent(byte[] data);

    /** Every recorded piece, captured or not: for the main log's DEBG output lines. */
    default void recorded(byte[] data) {}
  }

  private final boolean eventsEnabled;
  private final boolean stripAnsi;
  private final long captureMaxBytes;
  private final Sink sink;

  private byte[] pending = new byte[0];
  private boolean capturing;
  private byte[] capture = new byte[0];

  public ChannelRecorder(LogConfig config, boolean stripAnsi, Sink sink) {
    this.eventsEnabled = config.eventsEnabled();
    this.captureMaxBytes = config.captureMaxBytes();
    this.stripAnsi = stripAnsi;
    this.sink = sink;
  }

  /** Records one chunk read from the pipe. */
  public void accept(byte[] chunk) {
    pending = concat(pending, chunk);
    if (captureMaxBytes <= 0) {
      byte[] data = pending;
      pending = new byte[0];
      record(data);
      return;
    }
    while (true) {
      byte[] token = capturing ? END_TOKEN : BEGIN_TOKEN;
      if (pending.length <= token.length) {
        return; // supervisord waits for more than a token's worth of bytes
      }
      byte[] data = pending;
      pending = new byte[0];
      int at = indexOf(data, token);
      if (at < 0) {
        int keep = prefixAtEnd(data, token);
        if (keep > 0) {
          pending = Arrays.copyOfRange(data, data.length - keep, data.length);
          data = Arrays.copyOf(data, data.length - keep);
        }
        record(data);
        return;
      }
      record(Arrays.copyOf(data, at));
      toggleCapture();
      pending = Arrays.copyOfRange(data, at + token.length, data.length);
      if (pending.length == 0) {
        return;
      }
    }
  }

  /**
   * The main log's DEBG line for recorded output: {@code 'x' stdout output:} and the text, or
   * {@code Undecodable: b'...'} for bytes that are not UTF-8.
   */
  public static String mainLogLine(String processName, String channel, byte[] data) {
    return PyRepr.of(processName) + " " + channel + " output:\n" + decodeOrRepr(data);
  }

  /** UTF-8 text, or supervisord's {@code Undecodable: b'...'} form. */
  public static String decodeOrRepr(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return "Undecodable: " + PyRepr.ofBytes(data);
    }
  }

  /** Output held back and not yet recorded (lost if the process exits now, as in supervisord). */
  public byte[] pending() {
    return pending.clone();
  }

  public boolean capturing() {
    return capturing;
  }

  private void record(byte[] data) {
    if (data.length == 0) {
      return;
    }
    if (stripAnsi) {
      data = AnsiStripper.strip(data);
    }
    if (capturing) {
      appendToCapture(data);
    } else {
      sink.logWrite(data);
    }
    sink.recorded(data);
    if (eventsEnabled) {
      sink.logEvent(data);
    }
  }

  /** supervisord's bounded capture buffer drops as many old bytes as it appends when full. */
  private void appendToCapture(byte[] data) {
    if (capture.length + data.length > captureMaxBytes) {
      capture = Arrays.copyOfRange(capture, Math.min(data.length, capture.length), capture.length);
    }
    capture = concat(capture, data);
  }

  private void toggleCapture() {
    capturing = !capturing;
    if (!capturing) {
      byte[] captured = capture;
      capture = new byte[0];
      sink.communicationEvent(captured);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.write(a, 0, a.length);
    out.write(b, 0, b.length);
    return out.toByteArray();
  }

  static int indexOf(byte[] data, byte[] token) {
    outer:
    for (int i = 0; i + token.length <= data.length; i++) {
      for (int j = 0; j < token.length; j++) {
        if (data[i + j] != token[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Length of the longest proper prefix of {@code token} that {@code data} ends with. */
  static int prefixAtEnd(byte[] data, byte[] token) {
    for (int len = Math.min(token.length - 1, data.length); len > 0; len--) {
      if (Arrays.equals(data, data.length - len, data.length, token, 0, len)) {
        return len;
      }
    }
    return 0;
  }
}
