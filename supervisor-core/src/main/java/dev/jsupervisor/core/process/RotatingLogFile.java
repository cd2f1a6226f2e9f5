package dev.jsupervisor.core.process;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * An append-only log file rotated like supervisord's: after a write leaves it at {@code maxBytes}
 * or more it becomes {@code name.1} (older ones shift up to {@code name.N}), or is truncated when
 * there are no backups. Each write lands whole in one file, so rotation never splits, loses or
 * repeats output. Disk errors (a full disk, a removed directory) go to a callback once until a
 * write succeeds again, never to the writer; output written meanwhile is dropped, not held in
 * memory. Thread-safe.
 */
public final class RotatingLogFile implements Closeable {
  private final Path path;
  private final long maxBytes;
  private final int backups;
  private final Consumer<IOException> onError;

  private FileChannel channel;
  private long size;
  private boolean failing;

  /**
   * @param maxBytes rotate at this size; 0 never rotates
   * @param backups rotated files kept; 0 truncates instead
   * @param onError told about the first failure of a run of failures
   */
  public RotatingLogFile(Path path, long maxBytes, int backups, Consumer<IOException> onError) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.backups = backups;
    this.onError = onError;
  }

  public Path path() {
    return path;
  }

  public void write(byte[] data) {
    write(data, 0, data.length);
  }

  public synchronized void write(byte[] data, int offset, int length) {
    if (length == 0) {
      return;
    }
    try {
      FileChannel ch = open();
      ByteBuffer buffer = ByteBuffer.wrap(data, offset, length);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      size += length;
      if (maxBytes > 0 && size >= maxBytes) {
        rotate();
      }
      failing = false;
    } catch (IOException e) {
      fail(e);
    }
  }

  /** Closes and reopens the file (SIGUSR2 / reopenlogs), so an outside rotation is picked up. */
  public synchronized void reopen() {
    closeQuietly();
  }

  /** Deletes the current file and starts an empty one; backups stay (clearProcessLogs). */
  public synchronized void clear() {
    closeQuietly();
    try {
      Files.deleteIfExists(path);
      open();
    } catch (IOException e) {
      fail(e);
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private FileChannel open() throws IOException {
    if (channel == null) {
      channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      size = channel.size();
    }
    return channel;
  }

  private void rotate() throws IOException {
    closeQuietly();
    if (backups > 0) {
      for (int i = backups - 1; i > 0; i--) {
        Path from = backup(i);
        if (Files.exists(from)) {
          Files.move(from, backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      try {
        Files.move(path, backup(1), StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchFileException e) {
        // Someone removed the file under us; starting a fresh one is all that is left to do.
      }
    } else {
      Files.deleteIfExists(path);
    }
    open();
  }

  private Path backup(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  /**
   * Drops the file handle (the next write reopens it, which is how a freed disk or a recreated
   * directory is picked up) and reports the first failure of a run, naming the file.
   */
  private void fail(IOException e) {
    closeQuietly();
    if (!failing) {
      failing = true;
      String message = String.valueOf(e.getMessage());
      onError.accept(message.contains(path.toString()) ? e
          : new IOException(path + ": " + message, e));
    }
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing was buffered in user space, so nothing can be lost here.
      }
      channel = null;
    }
  }
}
