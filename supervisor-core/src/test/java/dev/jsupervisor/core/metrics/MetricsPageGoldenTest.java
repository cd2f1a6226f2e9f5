package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.ListenerState;
import dev.jsupervisor.core.events.PoolStats;
import dev.jsupervisor.core.rpc.RpcObserver;
import dev.jsupervisor.core.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole page, byte for byte, against a page recorded from the String-building renderer that
 * preceded the byte renderer: every family, escaped and non-ASCII labels, integral, fractional
 * and huge values, both formats.
 */
class MetricsPageGoldenTest {
  /** No such process: the daemon's start time family stays out, so the page is fixed. */
  private static final long DAEMON = 2_000_000_001L;

  @TempDir Path proc;

  @ParameterizedTest
  @EnumSource(ExpositionFormat.class)
  void pageIsByteForByteTheRecordedOne(ExpositionFormat format) throws IOException {
    String actual = new MetricsPage(proc).render(format, processes(), tally(), rpc(),
        List.of(pool()), DAEMON);
    // Kept for a diff when the page changes on purpose (then it becomes the recorded one).
    Files.writeString(Path.of("target", "metrics-golden-" + name(format) + ".txt"), actual,
        StandardCharsets.UTF_8);
    assertEquals(recorded(format), actual);
  }

  static String recorded(ExpositionFormat format) throws IOException {
    try (InputStream in = MetricsPageGoldenTest.class.getResourceAsStream(
        "/metrics/golden-" + name(format) + ".txt")) {
      return in == null ? "(not recorded)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String name(ExpositionFormat format) {
    return format.name().toLowerCase(java.util.Locale.ROOT);
  }

  List<ProcessInfo> processes() throws IOException {
    List<ProcessInfo> out = new ArrayList<>();
    String[][] names = {
      {"web", "g"}, {"q\"uote", "back\\slash"}, {"new\nline", "g"}, {"caf\u00e9_\u65e5\u672c", "\u00fc"},
      {"cron", "cron"}, {"gone", "g"}, {"huge", "g"},
    };
    ProcessState[] states = ProcessState.values();
    for (int i = 0; i < names.length; i++) {
      int pid = 4000 + i;
      ProcessState state = states[i % states.length];
      out.add(new ProcessInfo(names[i][0], names[i][1], 1_795_288_410 + i, 0, 1_795_289_000,
          state, "", i, "", "", i == 4 ? 0 : pid, ""));
      if (i != 5) { // "gone" has a pid but no /proc entry
        Path dir = Files.createDirectories(proc.resolve(String.valueOf(pid)));
        long ticks = i == 6 ? 999_999_999_999_999_999L : 150 + 7L * i;
        long pages = i == 6 ? 999_999_999_999_999L : 512 + i;
        Files.writeString(dir.resolve("stat"), pid + " (a) b) S 1 2 3 4 5 6 7 8 9 10 " + ticks
            + " 0 0 0 20 0 1 0 5 6 " + pages + " 8\n");
      }
    }
    Path self = Files.createDirectories(proc.resolve(String.valueOf(DAEMON)));
    Files.writeString(self.resolve("status"), "Name:\tjava\nVmRSS:\t100000 kB\nThreads:\t31\n");
    Path smaps = Files.createDirectories(proc.resolve("self"));
    Files.writeString(smaps.resolve("smaps"), "00400000-00401000 r-xp 0 0:0 0 /x\n"
        + "Size:                  4 kB\nKernelPageSize:        4 kB\n");
    return out;
  }

  static EventTally tally() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    EventTally tally = new EventTally(new Clock() {
      @Override
      public long nanoTime() {
        return nanos.addAndGet(123_456_789L);
      }

      @Override
      public long currentTimeMillis() {
        return 0;
      }
    });
    // Not the name with a newline: no real process name has one, and an event payload is parsed
    // at its whitespace.
    String[][] names = {{"web", "g"}, {"q\"uote", "back\\slash"}};
    for (String[] n : names) {
      tally.onEvent(Event.processState(ProcessState.STARTING, n[0], n[1], ProcessState.STOPPED,
          0, 0, true));
      tally.onEvent(Event.processState(ProcessState.RUNNING, n[0], n[1], ProcessState.STARTING,
          0, 4000, true));
      tally.onEvent(Event.processState(ProcessState.EXITED, n[0], n[1], ProcessState.RUNNING,
          0, 4000, false));
      tally.onEvent(Event.processState(ProcessState.STARTING, n[0], n[1], ProcessState.EXITED,
          1, 0, true));
    }
    return tally;
  }

  static RpcTally rpc() {
    RpcTally rpc = new RpcTally();
    rpc.onRequest("supervisor.getProcessInfo", RpcObserver.Outcome.OK, 1_234_567L);
    rpc.onRequest("supervisor.getProcessInfo", RpcObserver.Outcome.OK, 300_000_000L);
    rpc.onRequest("supervisor.startProcess", RpcObserver.Outcome.FAULT, 42_000L);
    return rpc;
  }

  static PoolStats pool() {
    return new PoolStats("ev\"x", 10, 3, 4, 5, List.of(
        new PoolStats.ListenerStat("ev_0", ListenerState.BUSY)));
  }
}
