package dev.jsupervisor.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every XML-RPC call made to a {@link FakeSupervisor}, in arrival order, with waits that have a
 * deadline. {@link #await} consumes: each call is handed out at most once, so a test that awaits
 * the same method twice gets two different calls.
 */
public final class CallLog {
  private static final String NAMESPACE = "supervisor.";

  private final List<RecordedCall> calls = new ArrayList<>();
  private final List<Boolean> consumed = new ArrayList<>();
  private final Supplier<Long> virtualMillis;

  CallLog(Supplier<Long> virtualMillis) {
    this.virtualMillis = virtualMillis;
  }

  /** {@code startProcess} becomes {@code supervisor.startProcess}; qualified names stay. */
  static String qualify(String method) {
    return method.contains(".") ? method : NAMESPACE + method;
  }

  synchronized void record(String method, Object... args) {
    calls.add(new RecordedCall(calls.size(), method, Arrays.asList(args), virtualMillis.get()));
    consumed.add(false);
    notifyAll();
  }

  /** All calls so far. */
  public synchronized List<RecordedCall> all() {
    return List.copyOf(calls);
  }

  /** The calls to one method so far. */
  public synchronized List<RecordedCall> of(String method) {
    return calls.stream().filter(c -> c.is(method)).toList();
  }

  /**
   * Waits for the first not yet awaited call to {@code method} whose first argument is
   * {@code firstArg} (any, when null), and marks it awaited.
   *
   * @throws AssertionError naming the calls that did arrive when the deadline passes
   */
  public RecordedCall await(String method, String firstArg, Duration timeout) {
    Predicate<RecordedCall> wanted =
        c -> c.is(method) && (firstArg == null || firstArg.equals(c.firstArg()));
    String what = qualify(method) + (firstArg == null ? "" : "('" + firstArg + "', ...)");
    return await(wanted, what, timeout);
  }

  /** Waits for the first not yet awaited call matching {@code wanted}. */
  public synchronized RecordedCall await(Predicate<RecordedCall> wanted, String description,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = 0; i < calls.size(); i++) {
        if (!consumed.get(i) && wanted.test(calls.get(i))) {
          consumed.set(i, true);
          return calls.get(i);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no call " + description + " within " + timeout.toMillis()
            + " ms; calls received: " + (calls.isEmpty() ? "none" : calls));
      }
      try {
        wait(Math.max(1, left / 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + description);
      }
    }
  }

  /**
   * Asserts that calls to these methods happened in this order (other calls may come between).
   * Each entry is a method name, optionally followed by {@code :} and its first argument, e.g.
   * {@code "startProcess:web"}.
   */
  public synchronized void assertOrder(String... expected) {
    int from = 0;
    for (String want : expected) {
      int colon = want.indexOf(':');
      String method = colon < 0 ? want : want.substring(0, colon);
      String arg = colon < 0 ? null : want.substring(colon + 1);
      int found = -1;
      for (int i = from; i < calls.size(); i++) {
        RecordedCall c = calls.get(i);
        if (c.is(method) && (arg == null || arg.equals(c.firstArg()))) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        throw new AssertionError("expected calls in order " + Arrays.toString(expected)
            + " but found no " + want + " after position " + from + "; calls: " + calls);
      }
      from = found + 1;
    }
  }
}
