package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.metrics.MetricFamily.Type;
import java.util.List;

/**
 * The metric families jsupervisord's {@code /metrics} and the supervisor-exporter listener serve,
 * in one place so both pages carry the same names, types, help and labels.
 */
public final class MetricFamilies {
  private static final String[] PROCESS = {"name", "group"};
  /** The labels every per-process family starts with: the process name, then its group. */
  public static final List<String> PROCESS_LABELS = List.of(PROCESS);

  // node_exporter 1.5's supervisord collector, names, help, types and labels unchanged so that
  // existing dashboards and alert rules work (start_time_seconds is a counter without _total
  // there, and stays one).
  public static final MetricFamily NODE_UP = gauge("node_supervisord_up", "Process Up", PROCESS);
  public static final MetricFamily NODE_STATE =
      gauge("node_supervisord_state", "Process State", PROCESS);
  public static final MetricFamily NODE_EXIT_STATUS =
      gauge("node_supervisord_exit_status", "Process Exit Status", PROCESS);
  public static final MetricFamily NODE_START_TIME =
      counter("node_supervisord_start_time_seconds", "Process start time", PROCESS);

  // What a poller cannot see, counted from the events as they happen.
  public static final MetricFamily TRANSITIONS = counter("jsupervisor_process_transitions_total",
      "Process state transitions, counted as they happen, by previous and new state.",
      "name", "group", "from", "to");
  public static final MetricFamily RESTARTS = counter("jsupervisor_process_restarts_total",
      "Automatic restarts: entries into STARTING from EXITED or BACKOFF.", PROCESS);
  public static final MetricFamily UNEXPECTED_EXITS = counter(
      "jsupervisor_process_unexpected_exits_total",
      "Exits from RUNNING with an exit code not in the program's exitcodes.", PROCESS);
  public static final MetricFamily PROCESS_STATE = gauge("jsupervisor_process_state",
      "Current process state, one-hot: 1 for the state the process is in, 0 for the others.",
      "name", "group", "state");
  public static final MetricFamily STATE_SECONDS = counter(
      "jsupervisor_process_state_seconds_total",
      "Seconds spent in each state since the first transition seen (the current one up to now).",
      "name", "group", "state");
  public static final MetricFamily EVENTS = counter("jsupervisor_events_total",
      "Events emitted by the daemon, by event type.", "type");

  // XML-RPC, counted by the daemon's endpoint (jsupervisord only).
  public static final MetricFamily RPC_REQUESTS = counter("jsupervisor_rpc_requests_total",
      "XML-RPC requests by method (unknown for names the server does not have) and result "
          + "(ok, fault, error).",
      "method", "result");
  public static final MetricFamily RPC_DURATION = new MetricFamily(
      "jsupervisor_rpc_request_duration_seconds", Type.HISTOGRAM,
      "XML-RPC request time from parsed body to answer, by method.", List.of("method"));

  // Listener pools (jsupervisord only), as of each pool's last dispatch.
  public static final MetricFamily POOL_BUFFERED = gauge(
      "jsupervisor_listener_pool_buffered_events", "Events waiting in the listener pool's buffer.",
      "pool");
  public static final MetricFamily POOL_BUFFER_SIZE = gauge(
      "jsupervisor_listener_pool_buffer_size",
      "The pool's buffer_size: more waiting events than this discard the oldest.", "pool");
  public static final MetricFamily POOL_OVERFLOWS = counter(
      "jsupervisor_listener_pool_overflows_total",
      "Events discarded because the pool's buffer was full.", "pool");
  public static final MetricFamily POOL_REDELIVERIES = counter(
      "jsupervisor_listener_pool_redeliveries_total",
      "Events put back for redelivery (the listener died, was respawned or rejected them).",
      "pool");
  public static final MetricFamily LISTENER_STATE = gauge("jsupervisor_listener_state",
      "Each listener's protocol state, one-hot.", "pool", "listener", "state");

  // Read from /proc at scrape time.
  public static final MetricFamily PROCESS_CPU = counter("jsupervisor_process_cpu_seconds_total",
      "User and system CPU time of the running process (not of its children), from /proc.",
      PROCESS);
  public static final MetricFamily PROCESS_RSS = gauge(
      "jsupervisor_process_resident_memory_bytes",
      "Resident set size of the running process, from /proc.", PROCESS);
  public static final MetricFamily DAEMON_RSS = gauge("jsupervisor_daemon_resident_memory_bytes",
      "Resident set size of the supervisor daemon itself.");
  public static final MetricFamily DAEMON_THREADS =
      gauge("jsupervisor_daemon_threads", "Threads of the supervisor daemon.");
  public static final MetricFamily DAEMON_START_TIME = gauge(
      "jsupervisor_daemon_start_time_seconds",
      "Start time of the supervisor daemon, seconds since the epoch (changes on a restart).");

  private MetricFamilies() {}

  private static MetricFamily gauge(String name, String help, String... labels) {
    return new MetricFamily(name, Type.GAUGE, help, List.of(labels));
  }

  private static MetricFamily counter(String name, String help, String... labels) {
    return new MetricFamily(name, Type.COUNTER, help, List.of(labels));
  }
}
