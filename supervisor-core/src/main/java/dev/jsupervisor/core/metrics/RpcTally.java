package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.rpc.RpcObserver;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts XML-RPC requests by method and outcome and keeps a latency histogram per method.
 * Methods the endpoint does not know count as {@code unknown}, so a client cannot add labels.
 */
public final class RpcTally implements RpcObserver {
  /** Histogram bounds in seconds: sub-millisecond status calls up to waiting starts. */
  public static final double[] BOUNDS =
      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  public static final String UNKNOWN = "unknown";

  /** One method's latencies. */
  public static final class Latency {
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Latency() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(double seconds) {
      for (int i = 0; i < BOUNDS.length; i++) {
        if (seconds <= BOUNDS[i]) {
          buckets[i].increment();
          break;
        }
      }
      sum.add(seconds);
      count.increment();
    }

    /** Observations at most each bound (cumulative, as the exposition wants them). */
    public long[] cumulative() {
      long[] out = new long[BOUNDS.length];
      long running = 0;
      for (int i = 0; i < BOUNDS.length; i++) {
        running += buckets[i].sum();
        out[i] = running;
      }
      return out;
    }

    public double sum() {
      return sum.sum();
    }

    public long count() {
      return count.sum();
    }
  }

  /** One method and outcome. */
  public record Key(String method, Outcome outcome) {}

  private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Latency> latencies = new ConcurrentHashMap<>();

  @Override
  public void onRequest(String method, Outcome outcome, long nanos) {
    String name = method == null ? UNKNOWN : method;
    requests.computeIfAbsent(new Key(name, outcome), k -> new LongAdder()).increment();
    latencies.computeIfAbsent(name, k -> new Latency()).observe(nanos / 1e9);
  }

  /** Request counts, sorted by method then outcome. */
  public Map<Key, Long> requests() {
    Map<Key, Long> out = new TreeMap<>(
        java.util.Comparator.comparing(Key::method).thenComparing(Key::outcome));
    requests.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Latencies by method, sorted. */
  public Map<String, Latency> latencies() {
    return new TreeMap<>(latencies);
  }
}
