package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.core.util.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopTest {
  private final FakeClock clock = new FakeClock();
  private final List<Throwable> uncaught = new ArrayList<>();
  private final EventLoop loop = new EventLoop(clock, uncaught::add);

  @Test
  void timersFireInDeadlineOrderOnlyWhenTheClockReachesThem() {
    List<String> fired = new ArrayList<>();
    loop.execute(
        () -> {
          loop.scheduleAfter(TimeUnit.SECONDS.toNanos(2), () -> fired.add("b"));
          loop.scheduleAfter(TimeUnit.SECONDS.toNanos(1), () -> fired.add("a"));
          loop.scheduleAfter(TimeUnit.SECONDS.toNanos(2), () -> fired.add("c"));
        });
    loop.runPending();
    assertEquals(List.of(), fired);
    assertEquals(TimeUnit.SECONDS.toNanos(1), loop.nanosUntilNextTimer());

    clock.advance(Duration.ofMillis(999));
    loop.runPending();
    assertEquals(List.of(), fired);

    clock.advance(Duration.ofMillis(1));
    loop.runPending();
    assertEquals(List.of("a"), fired);

    clock.advance(Duration.ofSeconds(5));
    loop.runPending();
    assertEquals(List.of("a", "b", "c"), fired, "equal deadlines keep their arming order");
    assertEquals(-1, loop.nanosUntilNextTimer());
  }

  @Test
  void aTaskPostedWhileTimersRunIsHandledBeforeTheNextDueTimer() {
    // A long run of due timers (spawning many processes) must not starve the mailbox: a child's
    // exit posted by another thread meanwhile comes before that child's own startsecs deadline.
    List<String> order = new ArrayList<>();
    loop.execute(
        () -> {
          loop.scheduleAfter(TimeUnit.SECONDS.toNanos(1), () -> {
            order.add("spawn others");
            loop.execute(() -> order.add("exit reported"));
          });
          loop.scheduleAfter(TimeUnit.SECONDS.toNanos(1), () -> order.add("startsecs deadline"));
        });
    loop.runPending();
    clock.advance(Duration.ofSeconds(1));
    loop.runPending();
    assertEquals(List.of("spawn others", "exit reported", "startsecs deadline"), order);
  }

  @Test
  void cancelledTimerNeverRuns() {
    List<String> fired = new ArrayList<>();
    loop.execute(
        () -> loop.scheduleAfter(10, () -> fired.add("x")).cancel());
    clock.advance(Duration.ofSeconds(1));
    loop.runPending();
    assertEquals(List.of(), fired);
    assertEquals(-1, loop.nanosUntilNextTimer());
  }

  @Test
  void aThrowingTaskIsReportedAndTheLoopGoesOn() throws Exception {
    CompletableFuture<Integer> failed =
        loop.call(
            () -> {
              throw new IllegalStateException("boom");
            });
    CompletableFuture<Integer> ok = loop.call(() -> 42);
    loop.execute(
        () -> {
          throw new IllegalArgumentException("uncaught");
        });
    loop.runPending();
    assertEquals(42, ok.get());
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, failed::get);
    assertEquals("boom", e.getCause().getMessage());
    assertEquals(1, uncaught.size());
    assertEquals("uncaught", uncaught.get(0).getMessage());
  }

  @Test
  void callAsyncCompletesWhenTheInnerFutureDoes() throws Exception {
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletableFuture<String> outer = loop.callAsync(() -> inner);
    loop.runPending();
    assertTrue(!outer.isDone());
    inner.complete("done");
    assertEquals("done", outer.get());
  }

  @Test
  void realThreadRunsPostedTasksAndTimersInOrderOnOneThread() throws Exception {
    EventLoop real = new EventLoop(Clock.SYSTEM, uncaught::add);
    List<String> threads = new CopyOnWriteArrayList<>();
    List<Integer> order = new CopyOnWriteArrayList<>();
    real.start("test-loop");
    try {
      for (int i = 0; i < 100; i++) {
        int n = i;
        real.execute(
            () -> {
              threads.add(Thread.currentThread().getName());
              order.add(n);
            });
      }
      CompletableFuture<Boolean> timerFired = new CompletableFuture<>();
      real.execute(() -> real.scheduleAfter(TimeUnit.MILLISECONDS.toNanos(20), () -> timerFired.complete(real.inLoop())));
      assertTrue(timerFired.get(5, TimeUnit.SECONDS));
      await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 100);
      for (int i = 0; i < 100; i++) {
        assertEquals(i, order.get(i));
      }
      assertTrue(threads.stream().allMatch("test-loop"::equals));
    } finally {
      real.stop();
      real.join();
    }
    assertTrue(uncaught.isEmpty());
  }
}
