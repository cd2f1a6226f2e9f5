package dev.jsupervisor.bench;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.ListenerCodec;
import dev.jsupervisor.listeners.sdk.EnvelopeDecoder;
import dev.jsupervisor.listeners.sdk.ListenerEvent;
import dev.jsupervisor.listeners.sdk.ProtocolException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event listener envelope both ways: the daemon encoding a PROCESS_STATE_RUNNING event, and a
 * listener decoding it into a typed event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventEnvelopeBenchmark {
  private final Event event =
      Event.processState(
          ProcessState.RUNNING, "worker_07", "workers", ProcessState.STARTING, 0, 48213, false);
  private final byte[] wire = ListenerCodec.envelope("supervisor", 1042, "ordered", 317, event);

  @Benchmark
  public byte[] encode() {
    return ListenerCodec.envelope("supervisor", 1042, "ordered", 317, event);
  }

  @Benchmark
  public ListenerEvent decode() throws ProtocolException {
    return ListenerEvent.of(new EnvelopeDecoder().feed(wire, 0, wire.length).get(0));
  }
}
