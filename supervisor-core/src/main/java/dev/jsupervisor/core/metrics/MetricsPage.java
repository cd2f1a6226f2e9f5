package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.util.ProcStats;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.ListenerState;
import dev.jsupervisor.core.events.PoolStats;
import dev.jsupervisor.core.metrics.EventTally.ProcessKey;
import dev.jsupervisor.core.metrics.EventTally.Transition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Renders one metrics page of a supervisor: node_exporter's four {@code node_supervisord_*}
 * families from the process list, the {@code jsupervisor_*} families from the event tally, and
 * CPU and memory from {@code /proc}. Shared by jsupervisord's {@code /metrics} and the exporter
 * listener.
 */
public final class MetricsPage {
  private static final Comparator<Transition> TRANSITION_ORDER =
      Comparator.comparing((Transition t) -> t.process().group())
          .thenComparing(t -> t.process().name())
          .thenComparing(Transition::from)
          .thenComparing(Transition::to);
  /** Roughly what one process costs on a page, to size the buffer once. */
  private static final int CHARS_PER_PROCESS = 1400;

  private final Path procRoot;
  /** Read once, on the first page with a live process. */
  private volatile long pageSize;

  /** A page reader over the real {@code /proc}. */
  public MetricsPage() {
    this(Path.of("/proc"));
  }

  /** A page reader over {@code procRoot} (fixtures in tests). */
  public MetricsPage(Path procRoot) {
    this.procRoot = procRoot;
  }

  /**
   * The page for {@code processes} (in getAllProcessInfo order), counted {@code tally}, and the
   * supervisor daemon {@code daemonPid}.
   */
  public String render(ExpositionFormat format, List<ProcessInfo> processes, EventTally tally,
      long daemonPid) {
    return render(format, processes, tally, null, List.of(), daemonPid);
  }

  /**
   * As {@link #render(ExpositionFormat, List, EventTally, long)}, with the daemon's own XML-RPC
   * counts (or null) and listener pools.
   */
  public String render(ExpositionFormat format, List<ProcessInfo> processes, EventTally tally,
      RpcTally rpc, List<PoolStats> pools, long daemonPid) {
    TextExposition page =
        new TextExposition(format, 4096 + CHARS_PER_PROCESS * processes.size());
    nodeFamilies(page, processes);
    stateFamilies(page, processes, tally);
    if (rpc != null) {
      rpcFamilies(page, rpc);
    }
    if (!pools.isEmpty()) {
      poolFamilies(page, pools);
    }
    resourceFamilies(page, processes, daemonPid);
    page.family(MetricFamilies.EVENTS);
    for (EventType type : EventType.values()) {
      if (!type.isAbstract()) {
        page.sample(tally.events(type), type.name());
      }
    }
    return page.finish();
  }

  /** node_exporter 1.5's collector: up is 1 in STARTING, RUNNING, STOPPING; start time then only. */
  private static void nodeFamilies(TextExposition page, List<ProcessInfo> processes) {
    page.family(MetricFamilies.NODE_STATE);
    for (ProcessInfo p : processes) {
      page.sample(p.state().code(), p.name(), p.group());
    }
    page.family(MetricFamilies.NODE_EXIT_STATUS);
    for (ProcessInfo p : processes) {
      page.sample(p.exitstatus(), p.name(), p.group());
    }
    page.family(MetricFamilies.NODE_UP);
    for (ProcessInfo p : processes) {
      page.sample(isUp(p.state()) ? 1 : 0, p.name(), p.group());
    }
    page.family(MetricFamilies.NODE_START_TIME);
    for (ProcessInfo p : processes) {
      if (isUp(p.state())) {
        page.sample(p.start(), p.name(), p.group());
      }
    }
  }

  static boolean isUp(ProcessState state) {
    return state == ProcessState.STARTING
        || state == ProcessState.RUNNING
        || state == ProcessState.STOPPING;
  }

  private static void stateFamilies(TextExposition page, List<ProcessInfo> processes,
      EventTally tally) {
    page.family(MetricFamilies.PROCESS_STATE);
    for (ProcessInfo p : processes) {
      for (ProcessState s : ProcessState.values()) {
        page.sample(p.state() == s ? 1 : 0, p.name(), p.group(), s.name());
      }
    }
    Map<Transition, Long> transitions = tally.transitions();
    page.family(MetricFamilies.TRANSITIONS);
    transitions.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(TRANSITION_ORDER))
        .forEach(e -> {
          Transition t = e.getKey();
          page.sample(e.getValue(), t.process().name(), t.process().group(), t.from().name(),
              t.to().name());
        });
    Map<ProcessKey, Long> restarts = new java.util.HashMap<>();
    transitions.forEach((t, n) -> {
      if (isRestart(t)) {
        restarts.merge(t.process(), n, Long::sum);
      }
    });
    page.family(MetricFamilies.RESTARTS);
    for (ProcessInfo p : processes) {
      page.sample(restarts.getOrDefault(key(p), 0L), p.name(), p.group());
    }
    Map<ProcessKey, Long> exits = tally.unexpectedExits();
    page.family(MetricFamilies.UNEXPECTED_EXITS);
    for (ProcessInfo p : processes) {
      page.sample(exits.getOrDefault(key(p), 0L), p.name(), p.group());
    }
    Map<ProcessKey, Map<ProcessState, Double>> seconds = tally.secondsInStates();
    page.family(MetricFamilies.STATE_SECONDS);
    for (ProcessInfo p : processes) {
      seconds.getOrDefault(key(p), Map.of()).forEach((state, s) ->
          page.sample(s, p.name(), p.group(), state.name()));
    }
  }

  private static void poolFamilies(TextExposition page, List<PoolStats> pools) {
    page.family(MetricFamilies.POOL_BUFFERED);
    pools.forEach(p -> page.sample(p.buffered(), p.name()));
    page.family(MetricFamilies.POOL_BUFFER_SIZE);
    pools.forEach(p -> page.sample(p.bufferSize(), p.name()));
    page.family(MetricFamilies.POOL_OVERFLOWS);
    pools.forEach(p -> page.sample(p.overflows(), p.name()));
    page.family(MetricFamilies.POOL_REDELIVERIES);
    pools.forEach(p -> page.sample(p.redeliveries(), p.name()));
    page.family(MetricFamilies.LISTENER_STATE);
    for (PoolStats p : pools) {
      for (PoolStats.ListenerStat l : p.listeners()) {
        for (ListenerState s : ListenerState.values()) {
          page.sample(l.state() == s ? 1 : 0, p.name(), l.name(), s.name());
        }
      }
    }
  }

  private static void rpcFamilies(TextExposition page, RpcTally rpc) {
    page.family(MetricFamilies.RPC_REQUESTS);
    rpc.requests().forEach((k, n) ->
        page.sample(n, k.method(), k.outcome().name().toLowerCase(java.util.Locale.ROOT)));
    page.family(MetricFamilies.RPC_DURATION);
    rpc.latencies().forEach((method, l) ->
        page.histogram(RpcTally.BOUNDS, l.cumulative(), l.sum(), l.count(), method));
  }

  /** An automatic restart: the daemon starts the process again after it exited or failed. */
  static boolean isRestart(Transition t) {
    return t.to() == ProcessState.STARTING
        && (t.from() == ProcessState.EXITED || t.from() == ProcessState.BACKOFF);
  }

  private void resourceFamilies(TextExposition page, List<ProcessInfo> processes,
      long daemonPid) {
    ProcReader proc = new ProcReader(procRoot);
    List<ProcessInfo> live = new ArrayList<>();
    List<ProcStats.Stat> stats = new ArrayList<>();
    for (ProcessInfo p : processes) {
      ProcStats.Stat stat = p.pid() > 0 ? proc.stat(String.valueOf(p.pid())) : null;
      if (stat != null) {
        live.add(p);
        stats.add(stat);
      }
    }
    page.family(MetricFamilies.PROCESS_CPU);
    for (int i = 0; i < live.size(); i++) {
      page.sample(stats.get(i).cpuTicks() / (double) ProcStats.TICKS_PER_SECOND,
          live.get(i).name(), live.get(i).group());
    }
    page.family(MetricFamilies.PROCESS_RSS);
    long pageSize = pageSize(proc);
    for (int i = 0; i < live.size(); i++) {
      page.sample(stats.get(i).residentPages() * pageSize, live.get(i).name(),
          live.get(i).group());
    }
    String self = proc.status(String.valueOf(daemonPid));
    OptionalLong daemonRss = ProcStats.residentBytes(self);
    OptionalLong threads = ProcStats.threads(self);
    if (daemonRss.isPresent()) {
      page.family(MetricFamilies.DAEMON_RSS).sample(daemonRss.getAsLong());
    }
    if (threads.isPresent()) {
      page.family(MetricFamilies.DAEMON_THREADS).sample(threads.getAsLong());
    }
    ProcessHandle.of(daemonPid)
        .flatMap(h -> h.info().startInstant())
        .ifPresent(start -> page.family(MetricFamilies.DAEMON_START_TIME)
            .sample(start.toEpochMilli() / 1000.0));
  }

  private long pageSize(ProcReader proc) {
    long size = pageSize;
    if (size == 0) {
      size = proc.pageSize();
      pageSize = size;
    }
    return size;
  }

  private static ProcessKey key(ProcessInfo p) {
    return new ProcessKey(p.name(), p.group());
  }
}
