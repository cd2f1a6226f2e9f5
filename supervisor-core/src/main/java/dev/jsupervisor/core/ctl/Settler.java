package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.client.SupervisorClient.MethodCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts or stops many processes without the server holding a reply per process: one
 * {@code system.multicall} carries every {@code wait=false} call (supervisord handles one
 * request at a time, so one request costs it one HTTP exchange), then one
 * status poll at a short interval ({@code getAllProcessInfo}, or the last few processes by name)
 * follows every process until it settles.
 * The poll also keeps a supervisord 4.2.5 loop awake, so states change when they are due; each
 * round wakes it with a cheap call just before the status read, so the read sees the change.
 *
 * <p>A target is a process ({@code group:name}) or a whole group ({@link Namespec#isWholeGroup},
 * sent as one group call whose answer lists its processes). Each process settles with the
 * result code a {@code wait=true} call would have given: SUCCESS, the call's own fault, or, for
 * a start, SPAWN_ERROR when the process reports a spawn error and ABNORMAL_TERMINATION when it
 * left STARTING any other way than to RUNNING.
 */
final class Settler {
  /** How often the single status poll runs while processes settle. */
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Where in each poll period a round runs, counted from the answer to the starts. */
  static final long POLL_PHASE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /**
   * Around each whole second after the answer (from {@link #DENSE_BEFORE_NANOS} before to
   * {@link #DENSE_AFTER_NANOS} after) rounds run this often. The processes a bulk start spawned
   * last, the ones the command waits for, were spawned just before the answer (supervisord
   * 4.2.5 answers about 10 ms after its last spawn), so with a whole number of
   * {@code startsecs} they become due in that window; a round there sees them within 2 ms
   * instead of up to a period later.
   */
  static final long DENSE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  static final long DENSE_BEFORE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  static final long DENSE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

  /** Receives each process's result as it settles. */
  interface Sink {
    /**
     * @param target the position, in the list given to {@link #run}, of the target it belongs to
     * @param group the process's group
     * @param name the process's name; null when a whole-group call failed as a whole (no such
     *     group), with that fault in {@code code}
     * @param code {@link Fault#SUCCESS} or the fault code
     * @param faultString the fault's text (empty on success)
     */
    void settled(int target, String group, String name, int code, String faultString);
  }

  private Settler() {}

  /** The {@code wait=false} call for each target, in order. */
  static List<MethodCall> calls(List<Namespec> targets, boolean starting) {
    List<MethodCall> calls = new ArrayList<>();
    for (Namespec t : targets) {
      if (t.isWholeGroup()) {
        calls.add(MethodCall.of(
            starting ? "supervisor.startProcessGroup" : "supervisor.stopProcessGroup",
            t.group(), false));
      } else {
        calls.add(MethodCall.of(
            starting ? "supervisor.startProcess" : "supervisor.stopProcess",
            t.group() + ":" + t.process(), false));
      }
    }
    return calls;
  }

  /**
   * Starts ({@code starting}) or stops every target and reports each process's result to
   * {@code sink}; returns once all have settled.
   */
  static void run(SupervisorClient client, List<Namespec> targets, boolean starting, Sink sink) {
    if (!targets.isEmpty()) {
      follow(client, targets, client.multicall(calls(targets, starting)), starting, sink);
    }
  }

  /**
   * Reports what {@code results} (the answers to {@link #calls} for {@code targets}) already
   * decide and follows every other process until it settles.
   */
  static void follow(SupervisorClient client, List<Namespec> targets, List<Object> results,
      boolean starting, Sink sink) {
    long origin = System.nanoTime();
    Map<String, Pending> pending = new LinkedHashMap<>();
    // A group call leaves out the processes it had nothing to do for (already up for a start,
    // already down for a stop); the first status read finds them, as one call each would have.
    Map<String, Integer> wholeGroups = new HashMap<>();
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      Namespec target = targets.get(i);
      Object result = i < results.size() ? results.get(i) : null;
      if (result instanceof RpcFault fault) {
        sink.settled(i, target.group(), target.process(), fault.code(), fault.faultString());
      } else if (!target.isWholeGroup()) {
        pending.put(target.group() + ":" + target.process(),
            new Pending(i, target.group(), target.process()));
      } else if (result != null) {
        wholeGroups.putIfAbsent(target.group(), i);
        for (ProcessResult r : SupervisorClient.processResults(result)) {
          answered.add(r.group() + ":" + r.name());
          if (r.status() == Fault.SUCCESS.code()) {
            pending.put(r.group() + ":" + r.name(), new Pending(i, r.group(), r.name()));
          } else {
            sink.settled(i, r.group(), r.name(), r.status(), r.description());
          }
        }
      }
    }
    boolean first = true;
    while (!pending.isEmpty() || (first && !wholeGroups.isEmpty())) {
      if (!first) {
        // supervisord 4.2.5 applies due state changes (startsecs passed, exits) right after it
        // answers a request, and a request's answer shows the states from before that: a cheap
        // call first makes the status read below see what became due since the last round.
        client.call("supervisor.getState");
      }
      Map<String, ProcessInfo> now = new HashMap<>();
      for (ProcessInfo p : first || pending.size() > FEW ? client.getAllProcessInfo()
          : processInfos(client, pending.keySet())) {
        String key = p.group() + ":" + p.name();
        now.put(key, p);
        Integer group = first ? wholeGroups.get(p.group()) : null;
        if (group != null && !answered.contains(key)) {
          sink.settled(group, p.group(), p.name(),
              (starting ? Fault.ALREADY_STARTED : Fault.NOT_RUNNING).code(), "");
        }
      }
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        int code = outcome(now.get(entry.getKey()), starting);
        if (code != PENDING) {
          Pending p = entry.getValue();
          sink.settled(p.target, p.group, p.name, code, "");
          it.remove();
        }
      }
      first = false;
      if (!pending.isEmpty()) {
        long next = nextRound(origin, System.nanoTime());
        for (long left; (left = next - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(left);
          if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while waiting for " + pending.keySet());
          }
        }
      }
    }
  }

  /**
   * The first round time after {@code now}: the next slot of the grid
   * {@code origin + POLL_PHASE + k * POLL} (k >= 1) or, if sooner, of the dense grid around a
   * whole second after {@code origin}. A round that ran long skips the slots it missed rather
   * than running late ones.
   */
  static long nextRound(long origin, long now) {
    long since = now - origin;
    long k = Math.max(1, Math.floorDiv(since - POLL_PHASE_NANOS, POLL_NANOS) + 1);
    long next = POLL_PHASE_NANOS + k * POLL_NANOS;
    long second = TimeUnit.SECONDS.toNanos(1);
    // The whole second whose dense window holds or follows `since`.
    long n = Math.max(1, Math.floorDiv(since + DENSE_BEFORE_NANOS, second));
    if (since >= n * second + DENSE_AFTER_NANOS) {
      n++;
    }
    long windowStart = n * second - DENSE_BEFORE_NANOS;
    long j = Math.max(0, Math.floorDiv(since - windowStart, DENSE_POLL_NANOS) + 1);
    long dense = windowStart + j * DENSE_POLL_NANOS;
    if (dense <= n * second + DENSE_AFTER_NANOS) {
      next = Math.min(next, dense);
    }
    return origin + next;
  }

  /**
   * Up to this many processes still on their way are read one by one (in one multicall) rather
   * than with the whole list: the stragglers of a bulk start are what the command waits for,
   * and supervisord answers a short read sooner.
   */
  static final int FEW = 4;

  /** The processes named in {@code fullNames} as the server has them now; absent ones left out. */
  private static List<ProcessInfo> processInfos(SupervisorClient client, Set<String> fullNames) {
    List<MethodCall> calls = new ArrayList<>();
    for (String name : fullNames) {
      calls.add(MethodCall.of("supervisor.getProcessInfo", name));
    }
    List<ProcessInfo> infos = new ArrayList<>();
    for (Object answer : client.multicall(calls)) {
      if (answer instanceof Map<?, ?> struct) {
        infos.add(ProcessInfo.fromStruct(struct));
      }
    }
    return infos;
  }

  /** A process still on its way, and the target it came from. */
  private record Pending(int target, String group, String name) {}

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
