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
public final class MetricsPage implements AutoCloseable {
  private static final Comparator<Transition> TRANSITION_ORDER =
      Comparator.comparing((Transition t) -> t.process().group())
          .thenComparing(t -> t.process().name())
          .thenComparing(Transition::from)
          .thenComparing(Transition::to);
  private static final ProcessState[] STATES = ProcessState.values();
  /** Roughly what one process costs on a page (~1,540 bytes), to size a new buffer once. */
  private static final int BYTES_PER_PROCESS = 1600;

  private final ProcStatFiles statFiles;
  private final ProcReader proc;
  private final SortedKeys<Transition> transitionOrder =
      new SortedKeys<>(TRANSITION_ORDER, new Transition[0]);
  private final ProcessLabels processLabels = new ProcessLabels(MetricFamilies.PROCESS_LABELS);
  /** Read once, on the first page with a live process. */
  private volatile long pageSize;

  /** A page reader over the real {@code /proc}. */
  public MetricsPage() {
    this(Path.of("/proc"));
  }

  /** A page reader over {@code procRoot} (fixtures in tests). */
  public MetricsPage(Path procRoot) {
    this.statFiles = new ProcStatFiles(procRoot);
    this.proc = new ProcReader(procRoot);
  }

  /** Closes the {@code /proc} files kept open between pages. */
  @Override
  public void close() {
    statFiles.close();
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
    PageBuffer out = new PageBuffer(expectedBytes(processes), Integer.MAX_VALUE);
    return renderTo(out, format, processes, tally, rpc, pools, daemonPid).toString();
  }

  /** The size to allocate for a page of {@code processes}. */
  public static int expectedBytes(List<ProcessInfo> processes) {
    return 4096 + BYTES_PER_PROCESS * processes.size();
  }

  /**
   * As {@link #render(ExpositionFormat, List, EventTally, RpcTally, List, long)}, written as
   * UTF-8 at the end of {@code out} (a scrape's reused buffer), which is returned.
   */
  public PageBuffer renderTo(PageBuffer out, ExpositionFormat format, List<ProcessInfo> processes,
      EventTally tally, RpcTally rpc, List<PoolStats> pools, long daemonPid) {
    TextExposition page = new TextExposition(format, out);
    LabelText[] labels = processLabels.of(processes);
    nodeFamilies(page, processes, labels);
    stateFamilies(page, processes, labels, tally);
    if (rpc != null) {
      rpcFamilies(page, rpc);
    }
    if (!pools.isEmpty()) {
      poolFamilies(page, pools);
    }
    resourceFamilies(page, processes, labels, daemonPid);
    page.family(MetricFamilies.EVENTS);
    for (EventType type : EventType.values()) {
      if (!type.isAbstract()) {
        page.sample(tally.events(type), type.name());
      }
    }
    return page.end();
  }

  /** node_exporter 1.5's collector: up is 1 in STARTING, RUNNING, STOPPING; start time then only. */
  private static void nodeFamilies(TextExposition page, List<ProcessInfo> processes,
      LabelText[] labels) {
    page.family(MetricFamilies.NODE_STATE);
    for (int i = 0; i < labels.length; i++) {
      page.sample(processes.get(i).state().code(), labels[i]);
    }
    page.family(MetricFamilies.NODE_EXIT_STATUS);
    for (int i = 0; i < labels.length; i++) {
      page.sample(processes.get(i).exitstatus(), labels[i]);
    }
    page.family(MetricFamilies.NODE_UP);
    for (int i = 0; i < labels.length; i++) {
      page.sample(isUp(processes.get(i).state()) ? 1 : 0, labels[i]);
    }
    page.family(MetricFamilies.NODE_START_TIME);
    for (int i = 0; i < labels.length; i++) {
      if (isUp(processes.get(i).state())) {
        page.sample(processes.get(i).start(), labels[i]);
      }
    }
  }

  static boolean isUp(ProcessState state) {
    return state == ProcessState.STARTING
        || state == ProcessState.RUNNING
        || state == ProcessState.STOPPING;
  }

  private void stateFamilies(TextExposition page, List<ProcessInfo> processes,
      LabelText[] labels, EventTally tally) {
    page.family(MetricFamilies.PROCESS_STATE);
    for (int i = 0; i < labels.length; i++) {
      ProcessState state = processes.get(i).state();
      for (ProcessState s : STATES) {
        page.sample(state == s ? 1 : 0, labels[i], s.name());
      }
    }
    Map<Transition, Long> transitions = tally.transitions();
    page.family(MetricFamilies.TRANSITIONS);
    for (Transition t : transitionOrder.of(transitions)) {
      page.sample(transitions.get(t), t.process().name(), t.process().group(), t.from().name(),
          t.to().name());
    }
    Map<ProcessKey, Long> restarts = new java.util.HashMap<>();
    transitions.forEach((t, n) -> {
      if (isRestart(t)) {
        restarts.merge(t.process(), n, Long::sum);
      }
    });
    page.family(MetricFamilies.RESTARTS);
    for (int i = 0; i < labels.length; i++) {
      page.sample(restarts.getOrDefault(key(processes.get(i)), 0L), labels[i]);
    }
    Map<ProcessKey, Long> exits = tally.unexpectedExits();
    page.family(MetricFamilies.UNEXPECTED_EXITS);
    for (int i = 0; i < labels.length; i++) {
      page.sample(exits.getOrDefault(key(processes.get(i)), 0L), labels[i]);
    }
    Map<ProcessKey, Map<ProcessState, Double>> seconds = tally.secondsInStates();
    page.family(MetricFamilies.STATE_SECONDS);
    for (int i = 0; i < labels.length; i++) {
      LabelText label = labels[i];
      seconds.getOrDefault(key(processes.get(i)), Map.of()).forEach((state, s) ->
          page.sample(s, label, state.name()));
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
      LabelText[] labels, long daemonPid) {
    int[] pids = new int[labels.length];
    for (int i = 0; i < pids.length; i++) {
      pids[i] = processes.get(i).pid();
    }
    ProcStats.Stat[] read = statFiles.read(pids);
    List<LabelText> live = new ArrayList<>();
    List<ProcStats.Stat> stats = new ArrayList<>();
    for (int i = 0; i < read.length; i++) {
      if (read[i] != null) {
        live.add(labels[i]);
        stats.add(read[i]);
      }
    }
    page.family(MetricFamilies.PROCESS_CPU);
    for (int i = 0; i < live.size(); i++) {
      page.sample(stats.get(i).cpuTicks() / (double) ProcStats.TICKS_PER_SECOND, live.get(i));
    }
    page.family(MetricFamilies.PROCESS_RSS);
    long pageSize = pageSize(proc);
    for (int i = 0; i < live.size(); i++) {
      page.sample(stats.get(i).residentPages() * pageSize, live.get(i));
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
