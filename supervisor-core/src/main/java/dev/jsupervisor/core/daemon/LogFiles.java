package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.TailResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads slices of log files with the offset and length rules of supervisord's {@code readLog}
 * and {@code tailProcessStdoutLog} (xmlrpc-api.md §5), returning raw bytes.
 */
final class LogFiles {
  /** Bounds what one call may read into memory. */
  static final int MAX_READ = 64 * 1024 * 1024;

  private LogFiles() {}

  /**
   * readLog's slice: offset >= 0 reads {@code length} bytes from it (to EOF when 0); a negative
   * offset with length 0 reads the last {@code -offset} bytes; anything else is BAD_ARGUMENTS.
   * An unreadable file is FAILED.
   */
  static byte[] read(Path file, int offset, int length) {
    if (offset < 0 && length != 0 || length < 0) {
      throw new RpcFault(Fault.BAD_ARGUMENTS);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long from;
      long count;
      if (offset < 0) {
        from = Math.max(0, size - (-(long) offset));
        count = size - from;
      } else {
        from = offset;
        count = length == 0 ? Math.max(0, size - from) : Math.min(length, Math.max(0, size - from));
      }
      return readAt(ch, from, count);
    } catch (IOException e) {
      throw new RpcFault(Fault.FAILED);
    }
  }

  /**
   * tailProcessStdoutLog's slice: at most {@code length} bytes ending at EOF when the file has
   * grown past {@code offset + length} (overflow), else from {@code offset}; the next offset is
   * the file size. An unreadable file answers empty, as supervisord does.
   */
  static TailResult tail(Path file, int offset, int length) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long off = offset;
      long len = length;
      boolean overflow = false;
      if (size > off + len) {
        overflow = true;
        off = size - 1;
      }
      if (off + len > size) {
        if (off > size - 1) {
          len = 0;
        }
        off = size - len;
      }
      off = Math.max(0, off);
      len = Math.max(0, len);
      byte[] data = len == 0 ? new byte[0] : readAt(ch, off, len);
      return new TailResult(Utf8.decodeOrFail(data), size, overflow);
    } catch (IOException e) {
      return new TailResult("", offset, false);
    }
  }

  private static byte[] readAt(FileChannel ch, long from, long count) throws IOException {
    int n = (int) Math.min(count, MAX_READ);
    ByteBuffer buf = ByteBuffer.allocate(Math.max(0, n));
    long pos = from;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        break;
      }
      pos += r;
    }
    return java.util.Arrays.copyOf(buf.array(), buf.position());
  }

  /** Strict UTF-8 decoding: a slice that splits a character is an internal error, as upstream. */
  static final class Utf8 {
    private Utf8() {}

    static String decodeOrFail(byte[] data) {
      try {
        return java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .decode(ByteBuffer.wrap(data))
            .toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new IllegalStateException("log slice is not valid UTF-8", e);
      }
    }
  }
}
