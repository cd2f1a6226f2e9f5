package dev.jsupervisor.bench;

import dev.jsupervisor.core.metrics.ExpositionFormat;
import dev.jsupervisor.core.metrics.MetricsPage;
import dev.jsupervisor.core.metrics.PageBuffer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One /metrics page of 500 running processes ({@link Fleet500}) rendered into the reused buffer a
 * scrape sends, in the daemon's JVM settings (C1 only, serial collector, its lean heap).
 * {@code -prof gc} gives the allocation per page; on a busy machine prefer
 * {@link MetricsPageCost} (CPU time per page).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms8m",
    "-Xmx512m", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=50", "-XX:TLABSize=32k"})
public class MetricsPageBenchmark {
  private final MetricsPage page = new MetricsPage();
  private final PageBuffer buffer = new PageBuffer(800_000);
  private final long pid = ProcessHandle.current().pid();
  private Fleet500 fleet;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    fleet = new Fleet500();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fleet.close();
    page.close();
  }

  @Benchmark
  public int page500() {
    return page.renderTo(buffer.reset(), ExpositionFormat.PROMETHEUS, fleet.infos, fleet.tally,
        fleet.rpc, List.of(), pid).length();
  }
}
