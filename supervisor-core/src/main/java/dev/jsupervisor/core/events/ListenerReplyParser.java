package dev.jsupervisor.core.events;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental parser of one listener's stdout that tracks its protocol state exactly as
 * supervisord does (events.md §3), over any split of the bytes. Memory is bounded: a result
 * line longer than {@link #MAX_RESULT_LINE_BYTES} or a result length above
 * {@link #MAX_RESULT_BODY_BYTES} is a protocol violation, not an allocation.
 *
 * <p>Two deliberate departures from supervisord, both for results it would mishandle: a
 * negative result length is a bad result line, and the body is exactly {@code n} bytes even
 * when they arrive in several pieces.
 */
public final class ListenerReplyParser {
  /** Longest first line of a result, newline excluded, before it counts as a violation. */
  public static final int MAX_RESULT_LINE_BYTES = 128;
  /** Largest result body a listener may announce. */
  public static final int MAX_RESULT_BODY_BYTES = 64 * 1024;

  private static final byte[] READY_TOKEN = "READY\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OK_BODY = "OK".getBytes(StandardCharsets.US_ASCII);
  /** supervisord skips this many bytes of the result line without looking at them. */
  private static final int RESULT_PREFIX_LENGTH = "RESULT ".length();

  private final String listenerName;
  private ListenerState state = ListenerState.ACKNOWLEDGED;

  private final byte[] readyBuffer = new byte[READY_TOKEN.length];
  private int readyFill;
  private final ByteArrayOutputStream resultLine = new ByteArrayOutputStream();
  private byte[] body;
  private int bodyFill;

  /** A parser for a freshly spawned listener; {@code listenerName} prefixes every warning. */
  public ListenerReplyParser(String listenerName) {
    this.listenerName = listenerName;
  }

  public ListenerState state() {
    return state;
  }

  /** Records that an event was written to the listener: READY -> BUSY. */
  public void eventSent() {
    if (state != ListenerState.READY) {
      throw new IllegalStateException(listenerName + ": event sent while " + state);
    }
    state = ListenerState.BUSY;
  }

  /** Forgets everything: the listener process was respawned and starts ACKNOWLEDGED. */
  public void reset() {
    state = ListenerState.ACKNOWLEDGED;
    clearBuffers();
  }

  /** Parses the next bytes the listener wrote and returns what they meant, in order. */
  public List<ListenerReply> feed(byte[] data, int offset, int length) {
    List<ListenerReply> replies = new ArrayList<>(1);
    int end = offset + length;
    int i = offset;
    while (i < end) {
      switch (state) {
        case UNKNOWN:
          return replies;
        case READY:
          replies.add(violation(ListenerReply.Kind.VIOLATION, List.of()));
          return replies;
        case ACKNOWLEDGED:
          i = feedAcknowledged(data, i, end, replies);
          break;
        case BUSY:
          i = feedBusy(data, i, end, replies);
          break;
        default:
          throw new AssertionError(state);
      }
    }
    return replies;
  }

  /** Convenience for {@link #feed(byte[], int, int)} over a whole array. */
  public List<ListenerReply> feed(byte[] data) {
    return feed(data, 0, data.length);
  }

  private int feedAcknowledged(byte[] data, int i, int end, List<ListenerReply> replies) {
    int take = Math.min(end - i, readyBuffer.length - readyFill);
    System.arraycopy(data, i, readyBuffer, readyFill, take);
    readyFill += take;
    i += take;
    if (readyFill < readyBuffer.length) {
      return i;
    }
    readyFill = 0;
    if (Arrays.equals(readyBuffer, READY_TOKEN)) {
      state = ListenerState.READY;
      replies.add(new ListenerReply(ListenerReply.Kind.READY, List.of()));
      return i;
    }
    replies.add(violation(ListenerReply.Kind.VIOLATION, List.of()));
    return end;
  }

  private int feedBusy(byte[] data, int i, int end, List<ListenerReply> replies) {
    if (body == null) {
      while (i < end && data[i] != '\n') {
        if (resultLine.size() >= MAX_RESULT_LINE_BYTES) {
          String warning =
              listenerName + ": bad result line: longer than " + MAX_RESULT_LINE_BYTES + " bytes";
          replies.add(violation(ListenerReply.Kind.VIOLATION_WHILE_BUSY, List.of(warning)));
          return end;
        }
        resultLine.write(data[i++]);
      }
      if (i == end) {
        return i;
      }
      i++; // the newline
      byte[] line = resultLine.toByteArray();
      resultLine.reset();
      long announced = parsePythonInt(line, Math.min(RESULT_PREFIX_LENGTH, line.length));
      if (announced < 0) {
        String warning = listenerName + ": bad result line: '" + printable(line) + "'";
        replies.add(violation(ListenerReply.Kind.VIOLATION_WHILE_BUSY, List.of(warning)));
        return end;
      }
      if (announced > MAX_RESULT_BODY_BYTES) {
        String warning =
            listenerName + ": result length " + announced + " exceeds the limit of "
                + MAX_RESULT_BODY_BYTES + " bytes";
        replies.add(violation(ListenerReply.Kind.VIOLATION_WHILE_BUSY, List.of(warning)));
        return end;
      }
      body = new byte[(int) announced];
      bodyFill = 0;
    }
    int take = Math.min(end - i, body.length - bodyFill);
    System.arraycopy(data, i, body, bodyFill, take);
    bodyFill += take;
    i += take;
    if (bodyFill == body.length) {
      boolean ok = Arrays.equals(body, OK_BODY);
      body = null;
      state = ListenerState.ACKNOWLEDGED;
      replies.add(
          ok
              ? new ListenerReply(ListenerReply.Kind.ACCEPTED, List.of())
              : new ListenerReply(
                  ListenerReply.Kind.REJECTED, List.of(listenerName + ": event was rejected")));
    }
    return i;
  }

  private ListenerReply violation(ListenerReply.Kind kind, List<String> first) {
    state = ListenerState.UNKNOWN;
    clearBuffers();
    List<String> warnings = new ArrayList<>(first);
    warnings.add(
        listenerName
            + ": has entered the UNKNOWN state and will no longer receive events, this usually"
            + " indicates the process violated the eventlistener protocol");
    return new ListenerReply(kind, warnings);
  }

  private void clearBuffers() {
    readyFill = 0;
    resultLine.reset();
    body = null;
    bodyFill = 0;
  }

  /**
   * Parses {@code bytes[from..]} the way Python's {@code int()} reads a result length:
   * surrounding whitespace, an optional sign and underscores between digits are allowed.
   * Returns -1 for anything else and for negative numbers; saturates above the body limit.
   */
  static long parsePythonInt(byte[] bytes, int from) {
    int start = from;
    int end = bytes.length;
    while (start < end && isPythonSpace(bytes[start])) {
      start++;
    }
    while (end > start && isPythonSpace(bytes[end - 1])) {
      end--;
    }
    boolean negative = false;
    if (start < end && (bytes[start] == '+' || bytes[start] == '-')) {
      negative = bytes[start] == '-';
      start++;
    }
    if (start == end) {
      return -1;
    }
    long value = 0;
    boolean previousWasDigit = false;
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      if (b >= '0' && b <= '9') {
        value = Math.min(value * 10 + (b - '0'), (long) MAX_RESULT_BODY_BYTES + 1);
        previousWasDigit = true;
      } else if (b == '_' && previousWasDigit && i + 1 < end) {
        previousWasDigit = false;
      } else {
        return -1;
      }
    }
    if (!previousWasDigit) {
      return -1;
    }
    return negative && value != 0 ? -1 : value;
  }

  private static boolean isPythonSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0x0b || b == 0x0c;
  }

  private static String printable(byte[] line) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line)).toString();
    } catch (CharacterCodingException e) {
      return "Undecodable: " + pythonBytesRepr(line);
    }
  }

  /** Bytes written the way Python shows them ({@code b'R\xff'}), as supervisord logs them. */
  static String pythonBytesRepr(byte[] bytes) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte b : bytes) {
      hasSingle |= b == '\'';
      hasDouble |= b == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder sb = new StringBuilder("b").append(quote);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == '\\' || c == quote) {
        sb.append('\\').append((char) c);
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c >= 0x20 && c < 0x7f) {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.append(quote).toString();
  }
}
