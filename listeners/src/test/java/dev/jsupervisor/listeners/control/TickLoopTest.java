package dev.jsupervisor.listeners.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.RpcFault;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickLoopTest {
  private final FakeSupervisorCalls calls = new FakeSupervisorCalls();
  private final RecordingLog log = new RecordingLog();

  @Test
  void wakesSupervisordOnlyWhileTheEngineAsks() {
    AtomicBoolean needed = new AtomicBoolean(false);
    AtomicInteger engineTicks = new AtomicInteger();
    try (TickLoop loop = new TickLoop(engineTicks::incrementAndGet, needed::get, calls, log)
        .start(5)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.ticks() >= 5);
      assertEquals(0, calls.stateCalls, "no wake-up calls while none is needed");
      needed.set(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.stateCalls >= 3);
      needed.set(false);
      long made = loop.wakeCalls();
      long ticksThen = loop.ticks();
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.ticks() >= ticksThen + 5);
      assertTrue(loop.wakeCalls() <= made + 1, "at most the tick in flight still woke it");
      assertTrue(engineTicks.get() >= 5);
    }
  }

  @Test
  void quickPaceAppliesOnlyWhileItsConditionHolds() {
    AtomicBoolean quick = new AtomicBoolean(true);
    // An interval this long leaves only the first tick without the quick pace.
    try (TickLoop loop = new TickLoop(() -> { }, () -> true, calls, log)
        .quickWhile(quick::get, 2)
        .start(600_000)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.ticks() >= 5);
      assertTrue(calls.stateCalls >= 5, "each quick tick wakes supervisord");
      quick.set(false);
      long ticksThen = loop.ticks();
      await().atMost(Duration.ofSeconds(10)).until(loop::atIntervalPace);
      long skippedThen = loop.skipped();
      // At the old 2 ms pace, 300 ms would bring ~150 skipped wake-ups; at the interval's, none.
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
          .until(() -> loop.skipped() == skippedThen);
      assertTrue(loop.ticks() <= ticksThen + 1, "at most the tick in flight ran");
    }
  }

  @Test
  void hurryWakesBackToBackWithinEachTickAndStopsWhenUnreachable() {
    AtomicBoolean hurry = new AtomicBoolean(true);
    try (TickLoop loop = new TickLoop(() -> { }, () -> true, calls, log)
        .hurryWhile(hurry::get)
        .start(20)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.ticks() >= 2);
      assertTrue(loop.wakeCalls() > 2 * loop.ticks(),
          "back-to-back calls: " + loop.wakeCalls() + " in " + loop.ticks() + " ticks");
      calls.stateFailure = new UncheckedIOException(new ConnectException("refused"));
      long ticksThen = loop.ticks();
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.ticks() >= ticksThen + 3);
      long callsThen = loop.wakeCalls();
      long ticksNow = loop.ticks();
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.ticks() >= ticksNow + 3);
      assertTrue(loop.wakeCalls() - callsThen <= loop.ticks() - ticksNow + 1,
          "one failed call per tick while supervisord is unreachable");
    }
  }

  @Test
  void faultsAndUnreachableDaemonNeverStopTheTicks() {
    calls.stateFailure = new RpcFault(Fault.SHUTDOWN_STATE);
    try (TickLoop loop = new TickLoop(() -> { }, () -> true, calls, log)) {
      loop.runOnce();
      calls.stateFailure = new UncheckedIOException(new ConnectException("refused"));
      loop.runOnce();
      loop.runOnce();
      assertEquals(3, loop.wakeCalls());
      assertEquals(1, log.at("WARN").size(), "unreachable is reported once: " + log.lines());
      assertTrue(log.at("ERROR").isEmpty());
    }
  }

  @Test
  void aFailingEngineTickIsLoggedAndTheLoopGoesOn() {
    try (TickLoop loop = new TickLoop(() -> {
      throw new IllegalStateException("boom");
    }, () -> false, calls, log)) {
      loop.runOnce();
      loop.runOnce();
      assertEquals(2, loop.ticks());
      assertEquals(2, log.at("ERROR").size());
    }
  }

  @Test
  void theEnginesOwnWakeCallReplacesGetState() {
    AtomicInteger polls = new AtomicInteger();
    try (TickLoop loop = new TickLoop(() -> { }, () -> true, calls, log)
        .wakeWith(polls::incrementAndGet)) {
      loop.runOnce();
      loop.runOnce();
      assertEquals(2, polls.get());
      assertEquals(0, calls.stateCalls);
    }
  }
}
