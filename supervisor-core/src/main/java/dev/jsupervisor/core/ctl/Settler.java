package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.client.SupervisorClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts or stops many processes without the server holding a reply per process: one
 * {@code system.multicall} carries every {@code wait=false} call (supervisord handles one
 * request at a time, so one request costs it one HTTP exchange), then one
 * {@code getAllProcessInfo} poll at a short interval follows every process until it settles.
 * The poll also keeps a supervisord 4.2.5 loop awake, so states change when they are due.
 *
 * <p>Each process settles with the result code a {@code wait=true} call would have given:
 * SUCCESS, the call's own fault, or, for a start, SPAWN_ERROR when the process reports a
 * spawn error and ABNORMAL_TERMINATION when it left STARTING any other way than to RUNNING.
 */
final class Settler {
  /** How often the single status poll runs while processes settle. */
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** Receives each process's result as it settles. */
  interface Sink {
    /**
     * @param index the process's position in the list given to {@link #run}
     * @param code {@link Fault#SUCCESS} or the fault code
     * @param faultString the fault's text (empty on success)
     */
    void settled(int index, int code, String faultString);
  }

  private Settler() {}

  /**
   * Starts ({@code starting}) or stops every process of {@code fullNames} ({@code group:name}
   * each) and reports each result to {@code sink}; returns once all have settled.
   */
  static void run(SupervisorClient client, List<String> fullNames, boolean starting, Sink sink) {
    if (fullNames.isEmpty()) {
      return;
    }
    List<SupervisorClient.MethodCall> calls = new ArrayList<>();
    for (String name : fullNames) {
      calls.add(SupervisorClient.MethodCall.of(
          starting ? "supervisor.startProcess" : "supervisor.stopProcess", name, false));
    }
    List<Object> results = client.multicall(calls);
    Map<String, Integer> pending = new LinkedHashMap<>();
    for (int i = 0; i < fullNames.size(); i++) {
      Object result = i < results.size() ? results.get(i) : null;
      if (result instanceof RpcFault fault) {
        sink.settled(i, fault.code(), fault.faultString());
      } else {
        pending.put(fullNames.get(i), i);
      }
    }
    while (!pending.isEmpty()) {
      Map<String, ProcessInfo> now = new HashMap<>();
      for (ProcessInfo p : client.getAllProcessInfo()) {
        now.put(p.group() + ":" + p.name(), p);
      }
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        int code = outcome(now.get(entry.getKey()), starting);
        if (code != PENDING) {
          sink.settled(entry.getValue(), code, "");
          it.remove();
        }
      }
      if (!pending.isEmpty()) {
        LockSupport.parkNanos(POLL_NANOS);
        if (Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("interrupted while waiting for " + pending.keySet());
        }
      }
    }
  }

  private static final int PENDING = Integer.MIN_VALUE;

  /** The result code for a process seen in {@code info} after its call, or PENDING. */
  static int outcome(ProcessInfo info, boolean starting) {
    if (info == null) {
      return Fault.BAD_NAME.code();
    }
    ProcessState state = info.state();
    if (!starting) {
      return state.isStopped() ? Fault.SUCCESS.code() : PENDING;
    }
    if (state == ProcessState.STARTING) {
      return PENDING;
    }
    // EXITED is only reached from RUNNING: the start itself succeeded.
    if (state == ProcessState.RUNNING || state == ProcessState.EXITED) {
      return Fault.SUCCESS.code();
    }
    return info.spawnerr() != null && !info.spawnerr().isEmpty()
        ? Fault.SPAWN_ERROR.code()
        : Fault.ABNORMAL_TERMINATION.code();
  }
}
