package dev.jsupervisor.core.rpc.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * An XML-RPC answer being written, held in fixed-size chunks that come from a small shared pool
 * and go back to it once the answer is sent: a large answer (500 processes: ~550 KB) is neither
 * copied as it grows nor turned into garbage, and no chunk is big enough to skip the young
 * generation. At most {@link #MAX_BYTES} long. One thread writes it; not thread-safe.
 */
public final class ReplyBytes {
  /** Size of one chunk. */
  public static final int CHUNK_BYTES = 16 * 1024;
  /** Longest answer; beyond it a write fails (no real answer comes near: 1,000 processes ~1 MB). */
  public static final int MAX_BYTES = 64 * 1024 * 1024;
  /** Chunks kept for reuse when answers are done with them: 1 MiB, one 500-process answer. */
  static final int POOLED_CHUNKS = 64;

  private static final ArrayBlockingQueue<byte[]> POOL = new ArrayBlockingQueue<>(POOLED_CHUNKS);

  private final int limit;
  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current;
  private int position;
  private int size;
  private boolean released;
  /** Scratch for {@link #writeDecimal}. */
  private final byte[] digits = new byte[10];

  /** An empty answer of at most {@link #MAX_BYTES}. */
  public ReplyBytes() {
    this(MAX_BYTES);
  }

  /** An empty answer of at most {@code limit} bytes. */
  ReplyBytes(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    this.limit = limit;
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** Appends one byte (the low 8 bits of {@code b}). */
  public void write(int b) {
    if (current == null || position == current.length) {
      nextChunk(1);
    }
    current[position++] = (byte) b;
    size++;
  }

  /** Appends all of {@code bytes}. */
  public void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
  public void write(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    while (length > 0) {
      if (current == null || position == current.length) {
        nextChunk(length);
      }
      int n = Math.min(length, current.length - position);
      System.arraycopy(bytes, offset, current, position, n);
      position += n;
      size += n;
      offset += n;
      length -= n;
    }
  }

  /** Appends the decimal digits of {@code n}, as Python's {@code str(int)} writes them. */
  public void writeDecimal(int n) {
    if (n == Integer.MIN_VALUE) {
      write(MIN_INT);
      return;
    }
    if (n < 0) {
      write('-');
      n = -n;
    }
    int at = digits.length;
    do {
      digits[--at] = (byte) ('0' + n % 10);
      n /= 10;
    } while (n != 0);
    write(digits, at, digits.length - at);
  }

  private static final byte[] MIN_INT = "-2147483648".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private void nextChunk(int wanted) {
    if (released) {
      throw new IllegalStateException("reply already released");
    }
    if ((long) size + Math.min(wanted, CHUNK_BYTES) > limit) {
      throw new IllegalStateException("XML-RPC answer longer than " + limit + " bytes");
    }
    byte[] chunk = POOL.poll();
    current = chunk != null ? chunk : new byte[CHUNK_BYTES];
    chunks.add(current);
    position = 0;
  }

  /**
   * The bytes written, as read-only buffers over the chunks (valid until {@link #release}); no
   * buffer for an empty answer.
   */
  public ByteBuffer[] buffers() {
    ByteBuffer[] out = new ByteBuffer[chunks.size()];
    int left = size;
    for (int i = 0; i < out.length; i++) {
      int n = Math.min(left, CHUNK_BYTES);
      out[i] = ByteBuffer.wrap(chunks.get(i), 0, n).asReadOnlyBuffer();
      left -= n;
    }
    return out;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] chunk : chunks) {
      int n = Math.min(size - at, CHUNK_BYTES);
      System.arraycopy(chunk, 0, out, at, n);
      at += n;
    }
    return out;
  }

  /**
   * Gives the chunks back to the pool (as many as it keeps); the answer is then empty and takes
   * no more writes. Call once its bytes are sent, never while a buffer is still being written.
   */
  public void release() {
    if (released) {
      return;
    }
    released = true;
    for (byte[] chunk : chunks) {
      if (!POOL.offer(chunk)) {
        break;
      }
    }
    chunks.clear();
    current = null;
    size = 0;
  }

  /** Chunks waiting in the pool (for tests). */
  static int pooledChunks() {
    return POOL.size();
  }
}
