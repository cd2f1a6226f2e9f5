package dev.jsupervisor.core.metrics;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One page buffer kept between scrapes, so a scrape reuses the last one's array instead of
 * allocating ~800 KB; a scrape that overlaps another (its buffer still being sent) gets a new
 * one, which is dropped or kept when it comes back.
 */
final class SpareBuffer {
  private final AtomicReference<PageBuffer> spare = new AtomicReference<>();

  /** An empty buffer: the spare, or a new one of {@code expectedBytes}. */
  PageBuffer take(int expectedBytes) {
    PageBuffer buffer = spare.getAndSet(null);
    return buffer != null ? buffer.reset() : new PageBuffer(expectedBytes);
  }

  /** Gives {@code buffer} back once its bytes are sent (emptied, and shrunk if it grew large). */
  void give(PageBuffer buffer) {
    spare.set(buffer.reset());
  }

  /** The buffer kept for the next scrape, or null. */
  PageBuffer kept() {
    return spare.get();
  }
}
