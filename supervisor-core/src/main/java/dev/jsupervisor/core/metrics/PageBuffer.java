package dev.jsupervisor.core.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer a metrics page is written into as UTF-8, with the few appends the text
 * formats need (ASCII words, escaped label values, decimal numbers) and no per-append
 * allocation. Reusable: {@link #reset()} keeps the array for the next page, unless it grew past
 * {@link #retainLimit()}, so one huge page does not pin its memory for the daemon's life.
 */
public final class PageBuffer {
  /** A page of 500 processes is ~770 KB: a buffer up to 4 MiB is kept between scrapes. */
  public static final int DEFAULT_RETAIN_LIMIT = 4 << 20;
  private static final int MIN_CAPACITY = 256;

  private final int retainLimit;
  private final int initialCapacity;
  private byte[] bytes;
  private int length;

  /** A buffer of {@code initialCapacity} bytes that keeps up to the default limit on reset. */
  public PageBuffer(int initialCapacity) {
    this(initialCapacity, DEFAULT_RETAIN_LIMIT);
  }

  /** As {@link #PageBuffer(int)}, keeping at most {@code retainLimit} bytes across resets. */
  public PageBuffer(int initialCapacity, int retainLimit) {
    if (initialCapacity < 0 || retainLimit < 0) {
      throw new IllegalArgumentException("negative buffer size");
    }
    this.initialCapacity = Math.max(MIN_CAPACITY, Math.min(initialCapacity, retainLimit));
    this.retainLimit = retainLimit;
    this.bytes = new byte[this.initialCapacity];
  }

  /** Empties the buffer; an array grown past the retain limit is dropped for a small one. */
  public PageBuffer reset() {
    length = 0;
    if (bytes.length > retainLimit) {
      bytes = new byte[initialCapacity];
    }
    return this;
  }

  public int retainLimit() {
    return retainLimit;
  }

  /** The bytes written so far. */
  public int length() {
    return length;
  }

  /** The current array's size (what the buffer holds on to). */
  public int capacity() {
    return bytes.length;
  }

  /** A view of the bytes written, valid until the next append or reset. */
  public ByteBuffer view() {
    return ByteBuffer.wrap(bytes, 0, length).asReadOnlyBuffer();
  }

  /**
   * Writes the bytes written so far to {@code out}, in writes of at most {@code slice} bytes (a
   * socket stream copies each write into a native buffer of its size, which the JDK keeps).
   */
  public void writeTo(java.io.OutputStream out, int slice) throws java.io.IOException {
    if (slice <= 0) {
      throw new IllegalArgumentException("slice of " + slice + " bytes");
    }
    for (int at = 0; at < length; at += slice) {
      out.write(bytes, at, Math.min(slice, length - at));
    }
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  /** The bytes written, decoded as UTF-8. */
  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** Appends one byte (an ASCII character). */
  public PageBuffer ascii(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  /** Appends pre-encoded bytes. */
  public PageBuffer bytes(byte[] text) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, length, text.length);
    length += text.length;
    return this;
  }

  /** Appends {@code text} as UTF-8 (unpaired surrogates as {@code ?}, as String.getBytes does). */
  public PageBuffer utf8(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        ascii(c);
      } else {
        i = nonAscii(text, i);
      }
    }
    return this;
  }

  /**
   * Appends {@code text} as UTF-8 with backslash and newline escaped, and the double quote too
   * when {@code quotes} (label values; OpenMetrics help).
   */
  public PageBuffer escaped(String text, boolean quotes) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> ascii('\\').ascii('\\');
        case '\n' -> ascii('\\').ascii('n');
        case '"' -> {
          if (quotes) {
            ascii('\\');
          }
          ascii('"');
        }
        default -> {
          if (c < 0x80) {
            ascii(c);
          } else {
            i = nonAscii(text, i);
          }
        }
      }
    }
    return this;
  }

  /** Appends {@code value} in decimal, as {@code Long.toString} writes it. */
  public PageBuffer decimal(long value) {
    if (value == Long.MIN_VALUE) {
      return utf8(Long.toString(value));
    }
    ensure(20);
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int at = length + digits;
    length = at;
    do {
      bytes[--at] = (byte) ('0' + (int) (value % 10));
      value /= 10;
    } while (value != 0);
    return this;
  }

  /** Writes the character at {@code i} (and its low surrogate) as UTF-8; returns the last index. */
  private int nonAscii(String text, int i) {
    char c = text.charAt(i);
    ensure(4);
    if (c < 0x800) {
      bytes[length++] = (byte) (0xc0 | c >> 6);
      bytes[length++] = (byte) (0x80 | c & 0x3f);
      return i;
    }
    if (Character.isHighSurrogate(c) && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, text.charAt(i + 1));
      bytes[length++] = (byte) (0xf0 | cp >> 18);
      bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3f);
      bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3f);
      bytes[length++] = (byte) (0x80 | cp & 0x3f);
      return i + 1;
    }
    if (Character.isSurrogate(c)) {
      bytes[length++] = '?';
      return i;
    }
    bytes[length++] = (byte) (0xe0 | c >> 12);
    bytes[length++] = (byte) (0x80 | c >> 6 & 0x3f);
    bytes[length++] = (byte) (0x80 | c & 0x3f);
    return i;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      long wanted = Math.max((long) length + more, (long) bytes.length * 2);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("metrics page over 2 GB");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }
}
