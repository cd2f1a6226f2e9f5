package dev.jsupervisor.listeners.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental decoder of a listener's stdin: a header line, then exactly {@code len} Unicode
 * code points of UTF-8 (not {@code len} bytes: supervisord counts characters, events.md §2),
 * over any split of the bytes. Pure: no I/O.
 */
public final class EnvelopeDecoder {
  /** Longest header line accepted, newline excluded. */
  public static final int MAX_HEADER_BYTES = 8 * 1024;
  /** Default largest payload, in code points. */
  public static final int DEFAULT_MAX_PAYLOAD_CODE_POINTS = 4 * 1024 * 1024;

  private final int maxPayloadCodePoints;
  private final ByteArrayOutputStream header = new ByteArrayOutputStream();
  private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
  private EventHeader current;
  private int codePointsDone;
  private int continuationBytesLeft;

  public EnvelopeDecoder() {
    this(DEFAULT_MAX_PAYLOAD_CODE_POINTS);
  }

  public EnvelopeDecoder(int maxPayloadCodePoints) {
    this.maxPayloadCodePoints = maxPayloadCodePoints;
  }

  /** Decodes the next bytes; returns the events they completed, in order. */
  public List<RawEvent> feed(byte[] data, int offset, int length) throws ProtocolException {
    List<RawEvent> events = new ArrayList<>(1);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      if (current == null) {
        i = readHeader(data, i, end);
      } else {
        i = readPayload(data, i, end);
      }
      if (current != null && isPayloadComplete()) {
        events.add(new RawEvent(current, payload.toString(StandardCharsets.UTF_8)));
        current = null;
        payload.reset();
        codePointsDone = 0;
      }
    }
    return events;
  }

  /** True when bytes of an unfinished event are held: end of input now means truncation. */
  public boolean hasPartialEvent() {
    return current != null || header.size() > 0;
  }

  private int readHeader(byte[] data, int i, int end) throws ProtocolException {
    while (i < end) {
      byte b = data[i++];
      if (b == '\n') {
        String line = header.toString(StandardCharsets.UTF_8);
        header.reset();
        EventHeader parsed = EventHeader.parse(line);
        if (parsed.length() > maxPayloadCodePoints) {
          throw new ProtocolException("event payload of " + parsed.length()
              + " characters exceeds the limit of " + maxPayloadCodePoints + ": " + line);
        }
        current = parsed;
        return i;
      }
      if (header.size() >= MAX_HEADER_BYTES) {
        throw new ProtocolException(
            "event header line longer than " + MAX_HEADER_BYTES + " bytes without a newline");
      }
      header.write(b);
    }
    return i;
  }

  private int readPayload(byte[] data, int i, int end) {
    while (i < end && !isPayloadComplete()) {
      int b = data[i] & 0xff;
      boolean continuation = (b & 0xc0) == 0x80;
      if (continuationBytesLeft > 0 && continuation) {
        continuationBytesLeft--;
        if (continuationBytesLeft == 0) {
          codePointsDone++;
        }
      } else {
        if (continuationBytesLeft > 0) {
          // A truncated sequence: count it as the one (replacement) character it decodes to.
          continuationBytesLeft = 0;
          codePointsDone++;
          if (isPayloadComplete()) {
            return i;
          }
        }
        continuationBytesLeft = expectedContinuations(b);
        if (continuationBytesLeft == 0) {
          codePointsDone++;
        }
      }
      payload.write(b);
      i++;
    }
    return i;
  }

  private boolean isPayloadComplete() {
    return codePointsDone == current.length() && continuationBytesLeft == 0;
  }

  private static int expectedContinuations(int lead) {
    if ((lead & 0xe0) == 0xc0) {
      return 1;
    }
    if ((lead & 0xf0) == 0xe0) {
      return 2;
    }
    if ((lead & 0xf8) == 0xf0) {
      return 3;
    }
    return 0; // ASCII, or a stray byte that decodes to one replacement character
  }
}
