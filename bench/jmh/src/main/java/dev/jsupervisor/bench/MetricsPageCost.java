package dev.jsupervisor.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.jsupervisor.core.metrics.ExpositionFormat;
import dev.jsupervisor.core.metrics.MetricsPage;
import dev.jsupervisor.core.metrics.PageBuffer;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * CPU time and allocation of one /metrics page of 500 running processes ({@link Fleet500}),
 * measured on the rendering thread (ThreadMXBean: all, and user only, the rest being the kernel's
 * /proc work) and for the whole JVM (collections included), which the machine's load distorts
 * far less than wall time. Run with the daemon's JVM flags by {@code bench/jmh/cost [pages]}.
 */
public final class MetricsPageCost {
  private MetricsPageCost() {}

  public static void main(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    try (Fleet500 fleet = new Fleet500(); MetricsPage page = new MetricsPage()) {
      long pid = ProcessHandle.current().pid();
      PageBuffer buffer = new PageBuffer(MetricsPage.expectedBytes(fleet.infos));
      ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long size = 0;
      for (int i = 0; i < 200; i++) { // warm-up: C1 compiles, the heap settles
        size = render(page, buffer, fleet, pid);
      }
      long user0 = threads.getCurrentThreadUserTime();
      long thread0 = threads.getCurrentThreadCpuTime();
      long process0 = os.getProcessCpuTime();
      long bytes0 = threads.getCurrentThreadAllocatedBytes();
      long wall0 = System.nanoTime();
      for (int i = 0; i < pages; i++) {
        size = render(page, buffer, fleet, pid);
      }
      long wall = System.nanoTime() - wall0;
      System.out.printf("%d pages of %d bytes, load %.1f: rendering thread CPU %.2f ms/page "
              + "(user %.2f), JVM CPU %.2f ms/page, allocated %.0f KB/page, wall %.2f ms/page%n",
          pages, size, os.getSystemLoadAverage(),
          (threads.getCurrentThreadCpuTime() - thread0) / 1e6 / pages,
          (threads.getCurrentThreadUserTime() - user0) / 1e6 / pages,
          (os.getProcessCpuTime() - process0) / 1e6 / pages,
          (threads.getCurrentThreadAllocatedBytes() - bytes0) / 1024.0 / pages,
          wall / 1e6 / pages);
    }
  }

  private static long render(MetricsPage page, PageBuffer buffer, Fleet500 fleet, long pid) {
    return page.renderTo(buffer.reset(), ExpositionFormat.PROMETHEUS, fleet.infos, fleet.tally,
        fleet.rpc, List.of(), pid).length();
  }
}
