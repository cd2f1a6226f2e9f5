package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.rpc.LogFollower;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells {@code tail -f} followers that a log file was written, so they read new bytes at once
 * instead of polling the file. Writers call {@link #touched(Path)} after each write; thread-safe.
 */
final class LogWatch {
  private static final int CHUNK = 64 * 1024;

  private final Map<Path, List<Runnable>> waiters = new ConcurrentHashMap<>();
  private final List<Follower> followers = new CopyOnWriteArrayList<>();

  /** A log file has new bytes (or was rotated or cleared). */
  void touched(Path path) {
    List<Runnable> ws = waiters.remove(path);
    if (ws != null) {
      ws.forEach(Runnable::run);
    }
  }

  /** Follows {@code path} from {@code backlog} bytes before its end. */
  LogFollower follow(Path path, int backlog) {
    long size = size(path);
    Follower f = new Follower(path, Math.max(0, size - Math.max(0, backlog)));
    followers.add(f);
    return f;
  }

  /** Followers open now (for tests and diagnostics). */
  int followerCount() {
    return followers.size();
  }

  /** Followers waiting for {@code path} to be written. */
  int waiterCount(Path path) {
    List<Runnable> ws = waiters.get(path);
    return ws == null ? 0 : ws.size();
  }

  /** Ends every stream (the daemon stops). */
  void endAll() {
    for (Follower f : followers) {
      f.end();
    }
  }

  private static long size(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return ch.size();
    } catch (IOException e) {
      return 0;
    }
  }

  private final class Follower implements LogFollower {
    private final Path path;
    private long position;
    private volatile CompletableFuture<byte[]> pending;
    private volatile boolean ended;
    /** This follower's entry in {@link #waiters}; one per follower, removed on close. */
    private final Runnable wakeUp = this::tryRead;

    Follower(Path path, long position) {
      this.path = path;
      this.position = position;
    }

    @Override
    public synchronized CompletableFuture<byte[]> next() {
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      pending = f;
      if (ended) {
        f.complete(new byte[0]);
        return f;
      }
      // Register before reading, so a write between the read and the registration is not missed.
      waiters.compute(path, (p, ws) -> {
        List<Runnable> list = ws == null ? new CopyOnWriteArrayList<>() : ws;
        if (!list.contains(wakeUp)) {
          list.add(wakeUp);
        }
        return list;
      });
      tryRead();
      return f;
    }

    private synchronized void tryRead() {
      CompletableFuture<byte[]> f = pending;
      if (f == null || f.isDone()) {
        return;
      }
      byte[] data = readNew();
      if (data.length > 0) {
        pending = null;
        f.complete(data);
      }
    }

    private byte[] readNew() {
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        long size = ch.size();
        if (size < position) {
          position = 0; // rotated or cleared: start over on the new file
        }
        if (size == position) {
          return new byte[0];
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, size - position));
        int n = ch.read(buf, position);
        if (n <= 0) {
          return new byte[0];
        }
        position += n;
        return java.util.Arrays.copyOf(buf.array(), n);
      } catch (NoSuchFileException e) {
        return new byte[0];
      } catch (IOException e) {
        return new byte[0];
      }
    }

    synchronized void end() {
      ended = true;
      CompletableFuture<byte[]> f = pending;
      if (f != null) {
        f.complete(new byte[0]);
      }
    }

    /** Forgets this follower everywhere, so a departed client leaves nothing behind. */
    @Override
    public void close() {
      followers.remove(this);
      waiters.computeIfPresent(path, (p, ws) -> {
        ws.remove(wakeUp);
        return ws.isEmpty() ? null : ws;
      });
      pending = null;
    }
  }
}
