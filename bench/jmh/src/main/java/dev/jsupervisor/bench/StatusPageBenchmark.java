package dev.jsupervisor.bench;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.web.internal.StatusPage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The web status page rendered server-side for 500 processes (the target: under 20 ms),
 * a mix of states so every action layout is written.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StatusPageBenchmark {
  private static final ProcessState[] STATES = {
    ProcessState.RUNNING, ProcessState.RUNNING, ProcessState.STOPPED, ProcessState.FATAL,
    ProcessState.STARTING,
  };

  private final StatusPage page = new StatusPage("4.2.5");
  private List<ProcessInfo> infos;

  @Setup
  public void setUp() {
    infos = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ProcessState state = STATES[i % STATES.length];
      infos.add(new ProcessInfo("app_" + i, "group_" + (i / 50), 1_795_288_410, 0, 1_795_289_000,
          state, "", 0, "/var/log/app_" + i + ".log", "", 10_000 + i,
          state == ProcessState.RUNNING ? "pid " + (10_000 + i) + ", uptime 1:02:03"
              : "Dec 07 03:04 AM"));
    }
  }

  @Benchmark
  public String render500() {
    return page.render(infos, "Process group_1:app_7 started");
  }
}
