package dev.jsupervisor.core.rpc;

import java.util.concurrent.CompletableFuture;

/**
 * A pull stream over a growing log file: each {@link #next()} completes once there are bytes the
 * reader has not seen yet. The HTTP layer asks for the next chunk only after the previous one was
 * written, so a slow client never makes the follower buffer without bound. A client that went
 * away is noticed when a chunk fails to write or, on a quiet log, by the stream's periodic probe;
 * the follower is closed then, and must drop everything it registered. The implementation should
 * complete pending futures with an empty array when the daemon stops.
 */
public interface LogFollower extends AutoCloseable {

  /**
   * The next bytes of the log (never an empty array while the log lives); completes with an empty
   * array when the log ends for good (e.g. the daemon is stopping), which ends the HTTP stream.
   */
  CompletableFuture<byte[]> next();

  /**
   * Releases the follower and any wake-up it registered; a pending {@link #next()} may be left
   * incomplete. May be called from any thread.
   */
  @Override
  void close();
}
