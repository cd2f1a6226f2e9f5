package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz input on a worker thread with a deadline and an allocation ceiling, so a hang
 * or an unbounded allocation fails the property instead of stalling or exhausting the build.
 */
final class Guard {
  /** Far above any honest parse of a few kilobytes, even on a loaded 2-core machine. */
  static final Duration DEADLINE = Duration.ofSeconds(10);
  /** Fixed overhead of a parse (parser objects, buffers) before it is charged per input byte. */
  private static final long BASE_ALLOCATION = 16L * 1024 * 1024;
  private static final long ALLOCATION_PER_INPUT_BYTE = 512;

  private static ExecutorService worker = newWorker();

  private Guard() {}

  /** What the body may do: return, or throw an exception the caller's contract allows. */
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} for an input of {@code inputBytes} bytes; rethrows what it throws, fails on
   * a hang or when it allocates more than a fixed base plus a constant per input byte.
   */
  static synchronized void run(long inputBytes, Body body) throws Exception {
    Future<Long> allocated = worker.submit(() -> {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      body.run();
      return threads.getCurrentThreadAllocatedBytes() - before;
    });
    long bytes;
    try {
      bytes = allocated.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException hang) {
      worker.shutdownNow();
      worker = newWorker();
      throw new AssertionError("input of " + inputBytes + " bytes still running after " + DEADLINE);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception thrown) {
        throw thrown;
      }
      throw (Error) e.getCause();
    }
    long limit = BASE_ALLOCATION + ALLOCATION_PER_INPUT_BYTE * inputBytes;
    assertTrue(bytes <= limit,
        "input of " + inputBytes + " bytes allocated " + bytes + " bytes, limit " + limit);
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-guard");
      t.setDaemon(true);
      return t;
    });
  }
}
