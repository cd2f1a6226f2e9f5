package dev.jsupervisor.core.metrics;

import dev.jsupervisor.core.metrics.MetricFamily.Type;
import java.util.List;

/**
 * The metric families jsupervisord's {@code /metrics} and the supervisor-exporter listener serve,
 * in one place so both pages carry the same names, types, help and labels.
 */
public final class MetricFamilies {
  private static final List<String> PROCESS = List.of("name", "group");

  // node_exporter 1.5's supervisord collector, names, help, types and labels unchanged so that
  // existing dashboards and alert rules work (start_time_seconds is a counter without _total
  // there, and stays one).
  public static final MetricFamily NODE_UP =
      new MetricFamily("node_supervisord_up", Type.GAUGE, "Process Up", PROCESS);
  public static final MetricFamily NODE_STATE =
      new MetricFamily("node_supervisord_state", Type.GAUGE, "Process State", PROCESS);
  public static final MetricFamily NODE_EXIT_STATUS =
      new MetricFamily("node_supervisord_exit_status", Type.GAUGE, "Process Exit Status", PROCESS);
  public static final MetricFamily NODE_START_TIME =
      new MetricFamily(
          "node_supervisord_start_time_seconds", Type.COUNTER, "Process start time", PROCESS);

  // What a poller cannot see, counted from the events as they happen.
  public static final MetricFamily TRANSITIONS =
      new MetricFamily(
          "jsupervisor_process_transitions_total",
          Type.COUNTER,
          "Process state transitions, counted as they happen, by previous and new state.",
          List.of("name", "group", "from", "to"));
  public static final MetricFamily RESTARTS =
      new MetricFamily(
          "jsupervisor_process_restarts_total",
          Type.COUNTER,
          "Automatic restarts: entries into STARTING from EXITED or BACKOFF.",
          PROCESS);
  public static final MetricFamily UNEXPECTED_EXITS =
      new MetricFamily(
          "jsupervisor_process_unexpected_exits_total",
          Type.COUNTER,
          "Exits from RUNNING with an exit code not in the program's exitcodes.",
          PROCESS);
  public static final MetricFamily PROCESS_STATE =
      new MetricFamily(
          "jsupervisor_process_state",
          Type.GAUGE,
          "Current process state, one-hot: 1 for the state the process is in, 0 for the others.",
          List.of("name", "group", "state"));
  public static final MetricFamily STATE_SECONDS =
      new MetricFamily(
          "jsupervisor_process_state_seconds_total",
          Type.COUNTER,
          "Seconds spent in each state since the first transition seen (the current one up to now).",
          List.of("name", "group", "state"));
  public static final MetricFamily EVENTS =
      new MetricFamily(
          "jsupervisor_events_total",
          Type.COUNTER,
          "Events emitted by the daemon, by event type.",
          List.of("type"));

  // XML-RPC, counted by the daemon's endpoint (jsupervisord only).
  public static final MetricFamily RPC_REQUESTS =
      new MetricFamily(
          "jsupervisor_rpc_requests_total",
          Type.COUNTER,
          "XML-RPC requests by method (unknown for names the server does not have) and result "
              + "(ok, fault, error).",
          List.of("method", "result"));
  public static final MetricFamily RPC_DURATION =
      new MetricFamily(
          "jsupervisor_rpc_request_duration_seconds",
          Type.HISTOGRAM,
          "XML-RPC request time from parsed body to answer, by method.",
          List.of("method"));

  // Listener pools (jsupervisord only), as of each pool's last dispatch.
  public static final MetricFamily POOL_BUFFERED =
      new MetricFamily(
          "jsupervisor_listener_pool_buffered_events",
          Type.GAUGE,
          "Events waiting in the listener pool's buffer.",
          List.of("pool"));
  public static final MetricFamily POOL_BUFFER_SIZE =
      new MetricFamily(
          "jsupervisor_listener_pool_buffer_size",
          Type.GAUGE,
          "The pool's buffer_size: more waiting events than this discard the oldest.",
          List.of("pool"));
  public static final MetricFamily POOL_OVERFLOWS =
      new MetricFamily(
          "jsupervisor_listener_pool_overflows_total",
          Type.COUNTER,
          "Events discarded because the pool's buffer was full.",
          List.of("pool"));
  public static final MetricFamily POOL_REDELIVERIES =
      new MetricFamily(
          "jsupervisor_listener_pool_redeliveries_total",
          Type.COUNTER,
          "Events put back for redelivery (the listener died, was respawned or rejected them).",
          List.of("pool"));
  public static final MetricFamily LISTENER_STATE =
      new MetricFamily(
          "jsupervisor_listener_state",
          Type.GAUGE,
          "Each listener's protocol state, one-hot.",
          List.of("pool", "listener", "state"));

  // Read from /proc at scrape time.
  public static final MetricFamily PROCESS_CPU =
      new MetricFamily(
          "jsupervisor_process_cpu_seconds_total",
          Type.COUNTER,
          "User and system CPU time of the running process (not of its children), from /proc.",
          PROCESS);
  public static final MetricFamily PROCESS_RSS =
      new MetricFamily(
          "jsupervisor_process_resident_memory_bytes",
          Type.GAUGE,
          "Resident set size of the running process, from /proc.",
          PROCESS);
  public static final MetricFamily DAEMON_RSS =
      new MetricFamily(
          "jsupervisor_daemon_resident_memory_bytes",
          Type.GAUGE,
          "Resident set size of the supervisor daemon itself.",
          List.of());
  public static final MetricFamily DAEMON_THREADS =
      new MetricFamily(
          "jsupervisor_daemon_threads", Type.GAUGE, "Threads of the supervisor daemon.", List.of());
  public static final MetricFamily DAEMON_START_TIME =
      new MetricFamily(
          "jsupervisor_daemon_start_time_seconds",
          Type.GAUGE,
          "Start time of the supervisor daemon, seconds since the epoch (changes on a restart).",
          List.of());

  private MetricFamilies() {}
}
