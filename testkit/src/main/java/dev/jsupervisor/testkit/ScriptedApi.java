package dev.jsupervisor.testkit;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.config.ConfigDiff;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.Signals;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.rpc.TailResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@code supervisor.*} XML-RPC API over a {@link FakeProcessTable}: records every call, faults
 * as supervisord does and answers deferred calls (start/stop with wait) once the table's virtual
 * clock has moved the processes far enough. All table access holds the table's lock; futures
 * complete on a thread of their own, off that lock.
 */
final class ScriptedApi implements SupervisorApi {
  private static final Comparator<FakeProcess> BY_GROUP_THEN_NAME =
      Comparator.comparing(FakeProcess::group).thenComparing(FakeProcess::name);

  private final FakeProcessTable table;
  private final CallLog calls;
  private final String identifier;
  /** Completes futures off the table's lock, in order. */
  private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fake-supervisor-completions");
    t.setDaemon(true);
    return t;
  });

  ScriptedApi(FakeProcessTable table, CallLog calls, String identifier) {
    this.table = table;
    this.calls = calls;
    this.identifier = identifier;
  }

  /** Stops the completion thread; pending deferred calls are never answered. */
  void close() {
    completions.shutdownNow();
  }

  /** Records the call, checks the table.mood() and runs {@code body} under the table's lock. */
  private <T> T call(String method, Supplier<T> body, Object... args) {
    synchronized (table) {
      calls.record("supervisor." + method, args);
      table.checkMood();
      return body.get();
    }
  }

  /** Completes {@code future} off the lock once {@code done} returns a non-null value. */
  private <T> void completeWhen(FakeProcess p, CompletableFuture<T> future,
      Function<FakeProcess, T> done) {
    Predicate<FakeProcess> watcher = proc -> {
      T value;
      try {
        value = done.apply(proc);
      } catch (RpcFault fault) {
        completions.execute(() -> future.completeExceptionally(fault));
        return true;
      }
      if (value == null) {
        return false;
      }
      completions.execute(() -> future.complete(value));
      return true;
    };
    if (!watcher.test(p)) {
      p.watchers.add(watcher);
    }
  }

  private static Boolean startOutcome(FakeProcess p, String name) {
    if (p.state == ProcessState.RUNNING) {
      return Boolean.TRUE;
    }
    if (!p.spawnerr.isEmpty()) {
      throw new RpcFault(Fault.SPAWN_ERROR, name);
    }
    if (p.state != ProcessState.STARTING) {
      throw new RpcFault(Fault.ABNORMAL_TERMINATION, name);
    }
    return null;
  }

  private CompletableFuture<Boolean> startOne(FakeProcess p, String name, boolean wait) {
    if (p.state.isRunning()) {
      throw new RpcFault(Fault.ALREADY_STARTED, name);
    }
    if (p.state == ProcessState.UNKNOWN) {
      throw new RpcFault(Fault.FAILED, name + " is in an unknown process state");
    }
    if (p.state == ProcessState.STOPPING) {
      return CompletableFuture.completedFuture(true);
    }
    table.spawn(p);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    if (!wait) {
      result.complete(true);
      return result;
    }
    completeWhen(p, result, proc -> startOutcome(proc, name));
    return result;
  }

  private CompletableFuture<Boolean> stopOne(FakeProcess p, String name, boolean wait) {
    if (!p.state.isRunning()) {
      throw new RpcFault(Fault.NOT_RUNNING, name);
    }
    table.beginStop(p);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    if (!wait) {
      result.complete(true);
      return result;
    }
    completeWhen(p, result, proc -> proc.state.isStopped() ? Boolean.TRUE : null);
    return result;
  }

  /** Runs a per-process operation over many processes; results in completion order. */
  private CompletableFuture<List<ProcessResult>> forEach(List<FakeProcess> targets,
      Function<FakeProcess, CompletableFuture<Boolean>> operation) {
    List<ProcessResult> results = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (FakeProcess p : targets) {
      CompletableFuture<Boolean> one;
      try {
        one = operation.apply(p);
      } catch (RpcFault fault) {
        one = CompletableFuture.failedFuture(fault);
      }
      all.add(one.handle((ok, error) -> {
        Throwable cause = error instanceof CompletionException
            ? error.getCause() : error;
        results.add(cause instanceof RpcFault fault
            ? ProcessResult.of(p.group(), p.name(), fault)
            : ProcessResult.ok(p.group(), p.name()));
        return null;
      }));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> List.copyOf(results));
  }

  @Override
  public String getAPIVersion() {
    return call("getAPIVersion", () -> "3.0");
  }

  @Override
  public String getVersion() {
    return call("getVersion", () -> "3.0");
  }

  @Override
  public String getSupervisorVersion() {
    return call("getSupervisorVersion", () -> "4.2.5");
  }

  @Override
  public String getIdentification() {
    return call("getIdentification", () -> identifier);
  }

  @Override
  public int getPID() {
    return call("getPID", () -> (int) ProcessHandle.current().pid());
  }

  @Override
  public CompletableFuture<SupervisorState> getState() {
    return call("getState", () -> CompletableFuture.completedFuture(table.mood()));
  }

  @Override
  public CompletableFuture<String> readLog(int offset, int length) {
    return call("readLog", () -> CompletableFuture.completedFuture(""), offset, length);
  }

  @Override
  public CompletableFuture<Boolean> clearLog() {
    return call("clearLog", () -> CompletableFuture.completedFuture(true));
  }

  @Override
  public CompletableFuture<Boolean> shutdown() {
    return call("shutdown", () -> {
      table.beginShutdown(SupervisorState.SHUTDOWN);
      return CompletableFuture.completedFuture(true);
    });
  }

  @Override
  public CompletableFuture<Boolean> restart() {
    return call("restart", () -> {
      table.beginShutdown(SupervisorState.RESTARTING);
      return CompletableFuture.completedFuture(true);
    });
  }

  @Override
  public CompletableFuture<ProcessInfo> getProcessInfo(String name) {
    return call("getProcessInfo",
        () -> CompletableFuture.completedFuture(table.find(name).info(table.now())), name);
  }

  @Override
  public CompletableFuture<List<ProcessInfo>> getAllProcessInfo() {
    return call("getAllProcessInfo", () -> {
      List<FakeProcess> all = new ArrayList<>(table.everyProcess());
      all.sort(BY_GROUP_THEN_NAME);
      long now = table.now();
      return CompletableFuture.completedFuture(all.stream().map(p -> p.info(now)).toList());
    });
  }

  @Override
  public CompletableFuture<List<Map<String, Object>>> getAllConfigInfo() {
    return call("getAllConfigInfo", () -> {
      List<FakeProcess> all = new ArrayList<>(table.everyProcess());
      all.sort(Comparator.comparing(FakeProcess::name));
      List<Map<String, Object>> infos = new ArrayList<>();
      for (FakeProcess p : all) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autostart", p.program.autostart());
        m.put("group", p.group());
        m.put("group_prio", p.program.groupPriority());
        m.put("inuse", true);
        m.put("name", p.name());
        m.put("process_prio", p.program.priority());
        m.put("startretries", p.program.startRetries());
        m.put("startsecs", p.program.startSecs());
        m.put("stopwaitsecs", p.program.stopWaitSecs());
        m.put("exitcodes", p.program.exitCodes());
        infos.add(m);
      }
      return CompletableFuture.completedFuture(infos);
    });
  }

  /**
   * One of the start, stop and signal families: the processes a group or "all" call touches,
   * and the operation on one process (given the name as the caller wrote it).
   */
  private record Family(Predicate<FakeProcess> applies,
      BiFunction<FakeProcess, String, CompletableFuture<Boolean>> one) {}

  private Family starting(boolean wait) {
    return new Family(p -> !p.state.isRunning(), (p, name) -> startOne(p, name, wait));
  }

  private Family stopping(boolean wait) {
    return new Family(p -> p.state.isRunning(), (p, name) -> stopOne(p, name, wait));
  }

  private Family signalling(String signal) {
    return new Family(p -> p.state.isSignallable(), (p, name) -> signalOne(p, name, signal));
  }

  /** A process, or for {@code group:*} the whole group as the group call would answer. */
  private CompletableFuture<Object> oneOrGroup(String name, Family family) {
    Namespec spec = Namespec.parse(name);
    if (spec.isWholeGroup()) {
      return inGroup(spec.group(), family).thenApply(results -> (Object) results);
    }
    return family.one().apply(table.find(name), name).thenApply(ok -> (Object) ok);
  }

  private CompletableFuture<List<ProcessResult>> inGroup(String group, Family family) {
    return forEach(FakeProcessTable.byPriority(table.findGroup(group)).stream()
        .filter(family.applies()).toList(), p -> family.one().apply(p, p.name()));
  }

  private CompletableFuture<List<ProcessResult>> everywhere(Family family) {
    return forEach(table.everyProcess().stream().filter(family.applies()).toList(),
        p -> family.one().apply(p, p.name()));
  }

  @Override
  public CompletableFuture<Object> startProcess(String name, boolean wait) {
    return call("startProcess", () -> oneOrGroup(name, starting(wait)), name, wait);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> startProcessGroup(String name, boolean wait) {
    return call("startProcessGroup", () -> inGroup(name, starting(wait)), name, wait);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> startAllProcesses(boolean wait) {
    return call("startAllProcesses", () -> everywhere(starting(wait)), wait);
  }

  @Override
  public CompletableFuture<Object> stopProcess(String name, boolean wait) {
    return call("stopProcess", () -> oneOrGroup(name, stopping(wait)), name, wait);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> stopProcessGroup(String name, boolean wait) {
    return call("stopProcessGroup", () -> inGroup(name, stopping(wait)), name, wait);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> stopAllProcesses(boolean wait) {
    return call("stopAllProcesses", () -> everywhere(stopping(wait)), wait);
  }

  private static int parseSignal(String signal) {
    try {
      return Signals.parse(signal);
    } catch (ConfigException | RuntimeException e) {
      throw new RpcFault(Fault.BAD_SIGNAL, signal);
    }
  }

  private CompletableFuture<Boolean> signalOne(FakeProcess p, String name, String signal) {
    int number = parseSignal(signal);
    if (!p.state.isSignallable()) {
      throw new RpcFault(Fault.NOT_RUNNING, name);
    }
    if (number == 9 && p.state == ProcessState.RUNNING) {
      table.exitWhileRunning(p, -1);
    }
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletableFuture<Object> signalProcess(String name, String signal) {
    return call("signalProcess", () -> oneOrGroup(name, signalling(signal)), name, signal);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> signalProcessGroup(String name, String signal) {
    return call("signalProcessGroup", () -> inGroup(name, signalling(signal)), name, signal);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> signalAllProcesses(String signal) {
    return call("signalAllProcesses", () -> everywhere(signalling(signal)), signal);
  }

  @Override
  public CompletableFuture<Boolean> sendProcessStdin(String name, String chars) {
    return call("sendProcessStdin", () -> {
      FakeProcess p = table.find(name);
      if (p.pid == 0 || p.state == ProcessState.STOPPING) {
        throw new RpcFault(Fault.NOT_RUNNING, name);
      }
      return CompletableFuture.completedFuture(true);
    }, name, chars);
  }

  @Override
  public CompletableFuture<Boolean> sendRemoteCommEvent(String type, String data) {
    synchronized (table) {
      calls.record("supervisor.sendRemoteCommEvent", type, data);
      table.emit(Event.remoteCommunication(type, data));
    }
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletableFuture<ConfigDiff> reloadConfig() {
    return call("reloadConfig",
        () -> CompletableFuture.completedFuture(new ConfigDiff(List.of(), List.of(), List.of())));
  }

  @Override
  public CompletableFuture<Boolean> addProcessGroup(String name) {
    return call("addProcessGroup", () -> {
      table.addGroup(name);
      return CompletableFuture.completedFuture(true);
    }, name);
  }

  @Override
  public CompletableFuture<Boolean> removeProcessGroup(String name) {
    return call("removeProcessGroup", () -> {
      table.removeGroup(name);
      return CompletableFuture.completedFuture(true);
    }, name);
  }

  @Override
  public CompletableFuture<String> readProcessStdoutLog(String name, int offset, int length) {
    return readWithoutLogFile("readProcessStdoutLog", name, offset, length);
  }

  @Override
  public CompletableFuture<String> readProcessStderrLog(String name, int offset, int length) {
    return readWithoutLogFile("readProcessStderrLog", name, offset, length);
  }

  /** Fake processes have no log files: supervisord answers NO_FILE for a read then. */
  private CompletableFuture<String> readWithoutLogFile(String method, String name, int offset,
      int length) {
    return call(method, () -> {
      table.find(name);
      throw new RpcFault(Fault.NO_FILE);
    }, name, offset, length);
  }

  @Override
  public CompletableFuture<TailResult> tailProcessStdoutLog(String name, int offset, int length) {
    return tailWithoutLogFile("tailProcessStdoutLog", name, offset, length);
  }

  @Override
  public CompletableFuture<TailResult> tailProcessStderrLog(String name, int offset, int length) {
    return tailWithoutLogFile("tailProcessStderrLog", name, offset, length);
  }

  /** A tail of a missing log file is empty in supervisord, not a fault. */
  private CompletableFuture<TailResult> tailWithoutLogFile(String method, String name,
      int offset, int length) {
    return call(method, () -> {
      table.find(name);
      return CompletableFuture.completedFuture(new TailResult("", 0, false));
    }, name, offset, length);
  }

  @Override
  public CompletableFuture<Boolean> clearProcessLogs(String name) {
    return call("clearProcessLogs", () -> {
      table.find(name);
      return CompletableFuture.completedFuture(true);
    }, name);
  }

  @Override
  public CompletableFuture<List<ProcessResult>> clearAllProcessLogs() {
    return call("clearAllProcessLogs", () -> forEach(table.everyProcess(),
        p -> CompletableFuture.completedFuture(true)));
  }
}
