package dev.jsupervisor.bench;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.metrics.EventTally;
import dev.jsupervisor.core.metrics.ExpositionFormat;
import dev.jsupervisor.core.metrics.MetricsPage;
import dev.jsupervisor.core.metrics.PageBuffer;
import dev.jsupervisor.core.metrics.RpcTally;
import java.io.IOException;
import java.util.ArrayList;
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
 * One /metrics page of 500 running processes (500 real {@code sleep} children, so each
 * {@code /proc/PID/stat} read is a real one), rendered to the bytes a scrape sends, in the
 * daemon's JVM settings (C1 only, serial collector, its lean heap). {@code -prof gc} gives the
 * allocation per page.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms8m",
    "-Xmx512m", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=50", "-XX:TLABSize=32k"})
public class MetricsPageBenchmark {
  private final List<Process> children = new ArrayList<>();
  private final MetricsPage page = new MetricsPage();
  private final EventTally tally = new EventTally();
  private final RpcTally rpc = new RpcTally();
  private final PageBuffer buffer = new PageBuffer(800_000);
  private List<ProcessInfo> infos;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    infos = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Process child = new ProcessBuilder("sleep", "100000").start();
      children.add(child);
      String name = String.format("many_%03d", i);
      infos.add(new ProcessInfo(name, "many", 1_795_288_410, 0, 1_795_289_000,
          ProcessState.RUNNING, "", 0, "", "", (int) child.pid(), ""));
      tally.onEvent(Event.processState(ProcessState.STARTING, name, "many", ProcessState.STOPPED,
          0, 0, true));
      tally.onEvent(Event.processState(ProcessState.RUNNING, name, "many", ProcessState.STARTING,
          0, child.pid(), true));
    }
    rpc.onRequest("supervisor.getProcessInfo", dev.jsupervisor.core.rpc.RpcObserver.Outcome.OK,
        1_000_000);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    children.forEach(Process::destroyForcibly);
  }

  @Benchmark
  public int page500() {
    return page.renderTo(buffer.reset(), ExpositionFormat.PROMETHEUS, infos, tally, rpc,
        List.of(), ProcessHandle.current().pid()).length();
  }
}
