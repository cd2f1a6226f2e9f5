package dev.jsupervisor.bench;

import com.sun.management.ThreadMXBean;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.metrics.EventTally;
import dev.jsupervisor.core.metrics.ExpositionFormat;
import dev.jsupervisor.core.metrics.MetricsPage;
import dev.jsupervisor.core.metrics.RpcTally;
import dev.jsupervisor.core.rpc.RpcObserver;
import dev.jsupervisor.core.metrics.PageBuffer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and allocation of one /metrics page of 500 running processes (500 real sleep
 * children), measured on the rendering thread (ThreadMXBean) and for the whole JVM (process CPU,
 * collections included), which the machine's load distorts far less than wall time. Run it with
 * the daemon's JVM flags (bench/jmh/cost): java ... MetricsPageCost [pages]
 */
public final class MetricsPageCost {
  public static void main(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    List<Process> children = new ArrayList<>();
    List<ProcessInfo> infos = new ArrayList<>();
    EventTally tally = new EventTally();
    RpcTally rpc = new RpcTally();
    rpc.onRequest("supervisor.getProcessInfo", RpcObserver.Outcome.OK, 1_000_000);
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
      MetricsPage page = new MetricsPage();
      long pid = ProcessHandle.current().pid();
      PageBuffer buffer = new PageBuffer(MetricsPage.expectedBytes(infos));
      ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long size = 0;
      for (int i = 0; i < 200; i++) {
        size = page.renderTo(buffer.reset(), ExpositionFormat.PROMETHEUS, infos, tally, rpc,
            List.of(), pid).length();
      }
      long user0 = threads.getCurrentThreadUserTime();
      long thread0 = threads.getCurrentThreadCpuTime();
      long process0 = os.getProcessCpuTime();
      long bytes0 = threads.getCurrentThreadAllocatedBytes();
      long wall0 = System.nanoTime();
      for (int i = 0; i < pages; i++) {
        size = page.renderTo(buffer.reset(), ExpositionFormat.PROMETHEUS, infos, tally, rpc,
            List.of(), pid).length();
      }
      long wall = System.nanoTime() - wall0;
      long user = threads.getCurrentThreadUserTime() - user0;
      System.out.printf("%d pages of %d bytes, load %.1f: rendering thread CPU %.2f ms/page (user %.2f), "
              + "JVM CPU %.2f ms/page, allocated %.0f KB/page, wall %.2f ms/page%n",
          pages, size, os.getSystemLoadAverage(),
          (threads.getCurrentThreadCpuTime() - thread0) / 1e6 / pages, user / 1e6 / pages,
          (os.getProcessCpuTime() - process0) / 1e6 / pages,
          (threads.getCurrentThreadAllocatedBytes() - bytes0) / 1024.0 / pages,
          wall / 1e6 / pages);
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }
}
