package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishTurnsTest {
  private static final Duration LONG = Duration.ofMinutes(5);
  private final List<Long> published = Collections.synchronizedList(new ArrayList<>());

  private PublishTurns.Turn submit(PublishTurns turns, long serial) {
    return turns.submit(serial, () -> published.add(serial));
  }

  /** The first event: it waits for a predecessor that never comes, and is claimed. */
  private void start(PublishTurns turns, long serial) {
    turns.claim(submit(turns, serial));
  }

  @Test
  void anEventBeforeItsTurnIsPublishedByTheThreadThatPublishesItsPredecessor() {
    PublishTurns turns = new PublishTurns(LONG);
    start(turns, 10);
    PublishTurns.Turn thirteen = submit(turns, 13);
    PublishTurns.Turn twelve = submit(turns, 12);
    assertEquals(List.of(10L), published);
    assertFalse(turns.sent(thirteen));
    PublishTurns.Turn eleven = submit(turns, 11);
    assertEquals(List.of(10L, 11L, 12L, 13L), published);
    assertTrue(turns.sent(eleven) && turns.sent(twelve) && turns.sent(thirteen));
    submit(turns, 14);
    assertEquals(14L, published.get(4));
  }

  @Test
  void thePredecessorThatNeverComesIsGivenUpByTheOwnersClaim() {
    PublishTurns turns = new PublishTurns(LONG);
    start(turns, 1);
    PublishTurns.Turn five = submit(turns, 5); // 2, 3 and 4 were dropped by the supervisor
    PublishTurns.Turn six = submit(turns, 6);
    assertEquals(List.of(1L), published);
    assertTrue(five.gapDeadline() - System.nanoTime() > Duration.ofMinutes(4).toNanos());
    turns.claim(five);
    assertEquals(List.of(1L, 5L, 6L), published, "the claim publishes what waited on it too");
    turns.claim(six); // already sent: nothing
    turns.claim(five);
    assertEquals(List.of(1L, 5L, 6L), published);
  }

  @Test
  void anEventSentAgainGoesAtOnceAndDoesNotMoveTheOrderBack() {
    PublishTurns turns = new PublishTurns(LONG);
    start(turns, 20);
    submit(turns, 17);
    submit(turns, 21);
    assertEquals(List.of(20L, 17L, 21L), published);
  }

  @Test
  void theFirstEventWaitsForItsPredecessorToo() {
    PublishTurns turns = new PublishTurns(LONG);
    PublishTurns.Turn first = submit(turns, 3);
    assertFalse(turns.sent(first), "2 may still come");
    PublishTurns.Turn second = submit(turns, 2);
    assertEquals(List.of(), published, "and 1 may still come");
    turns.claim(second);
    assertEquals(List.of(2L, 3L), published);
  }

  @Test
  void withoutAGapEverythingGoesAtOnce() {
    PublishTurns turns = new PublishTurns(Duration.ZERO);
    submit(turns, 1_000);
    submit(turns, 7);
    submit(turns, Long.MIN_VALUE);
    assertEquals(List.of(1_000L, 7L, Long.MIN_VALUE), published);
  }

  @Test
  void aFailingPublishIsKeptForItsOwnerAndTheNextStillGoes() {
    PublishTurns turns = new PublishTurns(LONG);
    start(turns, 1);
    IllegalStateException closed = new IllegalStateException("Connection is Closed");
    PublishTurns.Turn three = submit(turns, 3);
    PublishTurns.Turn two = turns.submit(2, () -> {
      throw closed;
    });
    assertSame(closed, turns.failure(two));
    assertTrue(turns.sent(three));
    assertNull(turns.failure(three));
    assertEquals(List.of(1L, 3L), published);
  }

  @Test
  void manyThreadsInAnyOrderPublishInSerialOrder() throws Exception {
    PublishTurns turns = new PublishTurns(LONG);
    start(turns, 0);
    int n = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> all = new ArrayList<>();
      for (long serial = n; serial >= 1; serial--) {
        long s = serial;
        all.add(pool.submit(() -> {
          go.await();
          return submit(turns, s);
        }));
      }
      go.countDown();
      for (Future<?> f : all) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Long> expected = new ArrayList<>();
    for (long serial = 0; serial <= n; serial++) {
      expected.add(serial);
    }
    assertEquals(expected, published);
  }

  @Test
  void aClaimPublishesTheWaitingTurnsBeforeItFirst() {
    // Slot 0 restarted: serials go on at 5000 while it knows none; 5001 came a little earlier.
    PublishTurns turns = new PublishTurns(LONG);
    PublishTurns.Turn later = submit(turns, 5001);
    PublishTurns.Turn earlier = submit(turns, 5000);
    PublishTurns.Turn after = submit(turns, 5002);
    turns.claim(later);
    assertEquals(List.of(5000L, 5001L, 5002L), published);
    assertTrue(turns.sent(earlier) && turns.sent(after));
  }

  @Test
  void anOwnerWaitsForTheTurnAnotherThreadTookAndAnErrorStillEndsTheWait() throws Exception {
    PublishTurns turns = new PublishTurns(LONG);
    start(turns, 1);
    PublishTurns.Turn three = submit(turns, 3);
    assertFalse(turns.awaitSent(three, System.nanoTime() + 1_000_000), "nobody took it yet");
    OutOfMemoryError oom = new OutOfMemoryError("test");
    assertSame(oom, assertThrows(OutOfMemoryError.class, () -> turns.submit(2, () -> {
      throw oom;
    })));
    assertFalse(turns.sent(three), "after an Error the queue is not drained further");
    turns.claim(three);
    assertTrue(turns.awaitSent(three, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
    assertEquals(List.of(1L, 3L), published);
  }
}
