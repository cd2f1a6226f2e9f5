package dev.jsupervisor.core.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.client.SupervisorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak of a real jsupervisord: start/stop cycles over many programs, then many concurrent
 * XML-RPC clients; afterwards every program is in the state last asked for and the daemon's open
 * file descriptors and threads are back near their baseline, and its live heap and resident
 * memory did not grow after a warm-up.
 */
class SoakTest {
  /** Threads the daemon may keep once the HTTP pool's idle threads have retired. */
  private static final int SETTLED_THREAD_SLACK = 20;
  /** Descriptors the daemon may keep beyond its baseline (log files reopened, epoll sets). */
  private static final int FD_SLACK = 10;
  /**
   * Threads the daemon may have right after the load: the HTTP pool grows to its bound of 200,
   * and the JDK's "process reaper" pool by one per child exit being awaited at the same time;
   * both retire idle threads after 60 s.
   */
  private static final int THREAD_SLACK = 250;
  /**
   * Live heap (after a full collection) the daemon may gain between the end of the warm-up and
   * the end of the cycles: log and event buffers reach their bounds, but a leak of even 100
   * bytes per cycle over the long run's 9,000 cycles exceeds it. Measured: +0.2 MB (cancelled
   * timers wait in the loop's queue until due); before PosixSpawn freed its strings at once,
   * +24 MB of JNA memory waiting for its cleaner.
   */
  private static final long LIVE_HEAP_SLACK_BYTES = 512 * 1024;
  /**
   * Resident memory the daemon may gain over the long run's last 6,000 cycles (after 1,000
   * warm-up cycles and 3,000 more): the code cache and malloc's arenas may still settle.
   * Measured on 2 cores: +1.9 MiB (152.3 -> 154.2 MiB; before PosixSpawn freed its strings at
   * once, +87 MiB).
   */
  private static final long RSS_SLACK_KIB = 8 * 1024;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void shortSoak() throws Exception {
    soak(10, 300, 100, Duration.ofSeconds(5), false);
  }

  /** The long variant: {@code mvn -Pslow test -Dtest=SoakTest}. */
  @Test
  @Tag("slow")
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void longSoak() throws Exception {
    soak(50, 10_000, 1_000, Duration.ofMinutes(1), true);
  }

  /**
   * Runs the soak; with {@code awaitSettled} it also waits (up to two minutes) for the HTTP
   * pool's idle threads to retire, which the short run has no time for, and holds resident
   * memory over the last two thirds of the cycles to {@link #RSS_SLACK_KIB}.
   */
  private static void soak(int programs, int cycles, int clients, Duration clientLoad,
      boolean awaitSettled) throws Exception {
    Path dir = Jsupervisord.newDirectory();
    StringBuilder config = new StringBuilder(Jsupervisord.baseConfig(dir, ""));
    for (int i = 0; i < programs; i++) {
      config.append("[program:p").append(i).append("]\ncommand=/bin/sleep 100000\n")
          .append("startsecs=0\nautostart=false\nstopwaitsecs=5\n");
    }
    try (Jsupervisord daemon = Jsupervisord.start(dir, config.toString())) {
      try (SupervisorClient c = daemon.client()) {
        c.getAllProcessInfo(); // warm the server's first connection
      }
      int baselineFds = daemon.openFds();
      int baselineThreads = daemon.threads();

      long begin = System.nanoTime();
      // A tenth of the cycles warm the daemon up (classes, compiled code, the heap's working
      // size); after them its live heap must stay flat. The rest run in three blocks, each
      // ending with a full collection and a reading of RSS: over the last two blocks resident
      // memory must stay flat too (the first block still fills the code cache and malloc's
      // arenas; in the short run every block is still warming up).
      int warmUp = cycles / 10;
      cycle(daemon, programs, warmUp, false);
      long warmLive = daemon.liveHeapBytes();
      long[] rss = new long[3];
      long live = warmLive;
      int done = warmUp;
      for (int block = 0; block < 3; block++) {
        int mine = block < 2 ? (cycles - warmUp) / 3 : cycles - done;
        cycle(daemon, programs, mine, block == 2);
        done += mine;
        live = daemon.liveHeapBytes();
        rss[block] = daemon.rssKib();
      }
      assertTrue(live <= warmLive + LIVE_HEAP_SLACK_BYTES, "live heap grew over "
          + (cycles - warmUp) + " cycles: " + warmLive + " -> " + live + " bytes");
      assertTrue(!awaitSettled || rss[2] <= rss[0] + RSS_SLACK_KIB, "RSS grew over the last "
          + (cycles - warmUp) * 2 / 3 + " cycles: " + java.util.Arrays.toString(rss) + " KiB");
      long cycleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

      long calls = hammer(daemon, clients, clientLoad);

      try (SupervisorClient c = daemon.client()) {
        assertEquals(SupervisorState.RUNNING, c.getState());
        List<ProcessInfo> all = c.getAllProcessInfo();
        assertEquals(programs, all.size());
        for (ProcessInfo info : all) {
          int index = Integer.parseInt(info.name().substring(1));
          // Each program's last cycle leaves odd-numbered ones running.
          ProcessState wanted = index % 2 == 1 ? ProcessState.RUNNING : ProcessState.STOPPED;
          assertEquals(wanted, info.state(), info.name());
        }
        // The baseline had nothing running: running children hold pipes and log files.
        c.stopAllProcesses(true);
      }
      await("descriptors back near " + baselineFds).atMost(Duration.ofSeconds(60))
          .until(() -> daemon.openFds() <= baselineFds + FD_SLACK);
      int threadsAfter = daemon.threads();
      assertTrue(threadsAfter <= baselineThreads + THREAD_SLACK,
          "threads " + baselineThreads + " -> " + threadsAfter + ": " + daemon.threadNames());
      if (awaitSettled) {
        await("threads back near " + baselineThreads).atMost(Duration.ofMinutes(2))
            .until(() -> daemon.threads() <= baselineThreads + SETTLED_THREAD_SLACK);
      }
      System.out.printf("soak: %d start/stop cycles over %d programs in %d ms; %d clients made"
              + " %d calls in %d s; fds %d -> %d, threads %d -> %d (now %d); after warm-up"
              + " live heap %d -> %d bytes, RSS %d -> %d KiB%n", cycles,
          programs, cycleMillis, clients, calls, clientLoad.toSeconds(), baselineFds,
          daemon.openFds(), baselineThreads, threadsAfter, daemon.threads(), warmLive, live,
          rss[0], rss[2]);
    }
  }

  /** {@code cycles} start/stop pairs spread over the programs, one client thread per program. */
  private static void cycle(Jsupervisord daemon, int programs, int cycles, boolean lastRound)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(programs, 10));
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < programs; i++) {
        String name = "p" + i;
        int mine = cycles / programs + (i < cycles % programs ? 1 : 0);
        boolean endRunning = lastRound && i % 2 == 1;
        work.add(pool.submit(() -> {
          try (SupervisorClient c = daemon.client()) {
            for (int n = 0; n < mine; n++) {
              assertTrue(c.startProcess(name, true), name);
              assertTrue(c.stopProcess(name, true), name);
            }
            if (endRunning) {
              assertTrue(c.startProcess(name, true), name);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get(20, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code clients} concurrent clients calling read-only methods for {@code load}. */
  private static long hammer(Jsupervisord daemon, int clients, Duration load) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicLong calls = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    long until = System.nanoTime() + load.toNanos();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String name = "p" + (i % 10);
        work.add(pool.submit(() -> {
          try (SupervisorClient c = daemon.client()) {
            go.await();
            while (System.nanoTime() < until) {
              assertEquals(SupervisorState.RUNNING, c.getState());
              assertEquals(name, c.getProcessInfo(name).name());
              calls.addAndGet(2);
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : work) {
        f.get(load.toSeconds() + 120, TimeUnit.SECONDS);
      }
      return calls.get();
    } finally {
      pool.shutdownNow();
    }
  }
}
