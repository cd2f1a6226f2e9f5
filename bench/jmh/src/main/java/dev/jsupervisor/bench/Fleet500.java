package dev.jsupervisor.bench;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.metrics.EventTally;
import dev.jsupervisor.core.metrics.RpcTally;
import dev.jsupervisor.core.rpc.RpcObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a /metrics page of bench/metrics500's daemon is made of: 500 real {@code sleep} children
 * (so each {@code /proc/PID/stat} read is a real one), RUNNING, each seen starting by the tally,
 * and one XML-RPC method counted.
 */
final class Fleet500 implements AutoCloseable {
  final List<ProcessInfo> infos = new ArrayList<>();
  final EventTally tally = new EventTally();
  final RpcTally rpc = new RpcTally();
  private final List<Process> children = new ArrayList<>();

  Fleet500() throws IOException {
    try {
      for (int i = 0; i < 500; i++) {
        Process child = new ProcessBuilder("sleep", "100000").start();
        children.add(child);
        String name = String.format("many_%03d", i);
        infos.add(new ProcessInfo(name, "many", 1_795_288_410, 0, 1_795_289_000,
            ProcessState.RUNNING, "", 0, "", "", (int) child.pid(), ""));
        tally.onEvent(Event.processState(ProcessState.STARTING, name, "many",
            ProcessState.STOPPED, 0, 0, true));
        tally.onEvent(Event.processState(ProcessState.RUNNING, name, "many",
            ProcessState.STARTING, 0, child.pid(), true));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    rpc.onRequest("supervisor.getProcessInfo", RpcObserver.Outcome.OK, 1_000_000);
  }

  @Override
  public void close() {
    children.forEach(Process::destroyForcibly);
  }
}
