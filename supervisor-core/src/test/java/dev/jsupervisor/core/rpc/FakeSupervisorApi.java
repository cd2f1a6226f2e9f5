package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.config.ConfigDiff;

import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted SupervisorApi for server tests: a fixed table of processes, start/stop that flip
 * their state, a few deferred calls the test completes, and a count of every call.
 */
final class FakeSupervisorApi implements SupervisorApi {
  static final int NOW = 1_700_000_000;

  final AtomicInteger calls = new AtomicInteger();
  final List<String> log = new CopyOnWriteArrayList<>();
  /** startProcess("slow") waits on this future. */
  final CompletableFuture<Object> slowStart = new CompletableFuture<>();
  private final Map<String, ProcessInfo> processes = new ConcurrentHashMap<>();

  FakeSupervisorApi() {
    put(running("app", "app", 4321, 5));
    put(stopped("multi", "m0"));
    put(running("multi", "m1", 4322, 3700));
  }

  static ProcessInfo running(String group, String name, int pid, int uptime) {
    int start = NOW - uptime;
    String desc = String.format("pid %d, uptime %d:%02d:%02d", pid, uptime / 3600, uptime / 60 % 60,
        uptime % 60);
    return new ProcessInfo(name, group, start, 0, NOW, ProcessState.RUNNING, "", 0,
        "/tmp/" + name + ".log", "", pid, desc);
  }

  static ProcessInfo stopped(String group, String name) {
    return new ProcessInfo(name, group, 0, 0, NOW, ProcessState.STOPPED, "", 0, "", "", 0,
        "Not started");
  }

  private void put(ProcessInfo info) {
    processes.put(info.namespec(), info);
  }

  private ProcessInfo find(String name) {
    ProcessInfo info = processes.get(name);
    if (info == null) {
      throw new RpcFault(Fault.BAD_NAME, name);
    }
    return info;
  }

  private void called(String what) {
    calls.incrementAndGet();
    log.add(what);
  }

  @Override public String getAPIVersion() { called("getAPIVersion"); return "3.0"; }
  @Override public String getSupervisorVersion() { called("getSupervisorVersion"); return "4.2.5"; }
  @Override public String getIdentification() { called("getIdentification"); return "supervisor"; }
  @Override public int getPID() { called("getPID"); return 4242; }

  @Override public CompletableFuture<SupervisorState> getState() {
    called("getState");
    return completedFuture(SupervisorState.RUNNING);
  }

  @Override public CompletableFuture<String> readLog(int offset, int length) {
    called("readLog");
    if (offset < 0 && length != 0 || length < 0) {
      throw new RpcFault(Fault.BAD_ARGUMENTS);
    }
    return completedFuture("main log text");
  }

  @Override public CompletableFuture<Boolean> clearLog() { called("clearLog"); return completedFuture(true); }
  @Override public CompletableFuture<Boolean> shutdown() { called("shutdown"); return completedFuture(true); }
  @Override public CompletableFuture<Boolean> restart() { called("restart"); return completedFuture(true); }

  @Override public CompletableFuture<ProcessInfo> getProcessInfo(String name) {
    called("getProcessInfo " + name);
    return completedFuture(find(name));
  }

  @Override public CompletableFuture<List<ProcessInfo>> getAllProcessInfo() {
    called("getAllProcessInfo");
    List<ProcessInfo> all = new ArrayList<>(processes.values());
    all.sort((a, b) -> a.group().equals(b.group())
        ? a.name().compareTo(b.name()) : a.group().compareTo(b.group()));
    return completedFuture(all);
  }

  @Override public CompletableFuture<List<Map<String, Object>>> getAllConfigInfo() {
    called("getAllConfigInfo");
    return completedFuture(List.of(Map.of("name", "app", "group", "app", "process_prio", 999L)));
  }

  @Override public CompletableFuture<Object> startProcess(String name, boolean wait) {
    called("startProcess " + name + " " + wait);
    if (name.equals("slow")) {
      return slowStart;
    }
    ProcessInfo info = find(name);
    if (info.state().isRunning()) {
      throw new RpcFault(Fault.ALREADY_STARTED, name);
    }
    put(running(info.group(), info.name(), 5000, 0));
    return completedFuture(Boolean.TRUE);
  }

  @Override public CompletableFuture<List<ProcessResult>> startProcessGroup(String name, boolean wait) {
    called("startProcessGroup " + name);
    return completedFuture(List.of(ProcessResult.ok(name, "m0")));
  }

  @Override public CompletableFuture<List<ProcessResult>> startAllProcesses(boolean wait) {
    called("startAllProcesses");
    return completedFuture(List.of(ProcessResult.ok("multi", "m0"),
        ProcessResult.of("app", "app", new RpcFault(Fault.SPAWN_ERROR, "app"))));
  }

  @Override public CompletableFuture<Object> stopProcess(String name, boolean wait) {
    called("stopProcess " + name + " " + wait);
    ProcessInfo info = find(name);
    if (!info.state().isRunning()) {
      return CompletableFuture.failedFuture(new RpcFault(Fault.NOT_RUNNING, name));
    }
    put(stopped(info.group(), info.name()));
    return completedFuture(Boolean.TRUE);
  }

  @Override public CompletableFuture<List<ProcessResult>> stopProcessGroup(String name, boolean wait) {
    called("stopProcessGroup " + name);
    return completedFuture(List.of());
  }

  @Override public CompletableFuture<List<ProcessResult>> stopAllProcesses(boolean wait) {
    called("stopAllProcesses");
    return completedFuture(List.of());
  }

  @Override public CompletableFuture<Object> signalProcess(String name, String signal) {
    called("signalProcess " + name + " " + signal);
    find(name);
    return completedFuture(Boolean.TRUE);
  }

  @Override public CompletableFuture<List<ProcessResult>> signalProcessGroup(String name, String signal) {
    called("signalProcessGroup " + name + " " + signal);
    return completedFuture(List.of());
  }

  @Override public CompletableFuture<List<ProcessResult>> signalAllProcesses(String signal) {
    called("signalAllProcesses " + signal);
    return completedFuture(List.of());
  }

  @Override public CompletableFuture<Boolean> sendProcessStdin(String name, String chars) {
    called("sendProcessStdin " + name + " " + chars);
    find(name);
    return completedFuture(true);
  }

  @Override public CompletableFuture<Boolean> sendRemoteCommEvent(String type, String data) {
    called("sendRemoteCommEvent " + type + " " + data);
    return completedFuture(true);
  }

  @Override public CompletableFuture<ConfigDiff> reloadConfig() {
    called("reloadConfig");
    return completedFuture(new ConfigDiff(List.of("new"), List.of(), List.of("old")));
  }

  @Override public CompletableFuture<Boolean> addProcessGroup(String name) {
    called("addProcessGroup " + name);
    throw new RpcFault(Fault.ALREADY_ADDED, name);
  }

  @Override public CompletableFuture<Boolean> removeProcessGroup(String name) {
    called("removeProcessGroup " + name);
    throw new IllegalStateException("simulated bug");
  }

  @Override public CompletableFuture<String> readProcessStdoutLog(String name, int offset, int length) {
    called("readProcessStdoutLog " + name + " " + offset + " " + length);
    find(name);
    return completedFuture("out of " + name);
  }

  @Override public CompletableFuture<String> readProcessStderrLog(String name, int offset, int length) {
    called("readProcessStderrLog " + name);
    find(name);
    return completedFuture("err of " + name);
  }

  @Override public CompletableFuture<TailResult> tailProcessStdoutLog(String name, int offset, int length) {
    called("tailProcessStdoutLog " + name);
    find(name);
    return completedFuture(new TailResult("tail\n", 5_000_000_000L, true));
  }

  @Override public CompletableFuture<TailResult> tailProcessStderrLog(String name, int offset, int length) {
    called("tailProcessStderrLog " + name);
    return completedFuture(new TailResult("", 0, false));
  }

  @Override public CompletableFuture<Boolean> clearProcessLogs(String name) {
    called("clearProcessLogs " + name);
    find(name);
    return completedFuture(true);
  }

  @Override public CompletableFuture<List<ProcessResult>> clearAllProcessLogs() {
    called("clearAllProcessLogs");
    return completedFuture(List.of(ProcessResult.ok("app", "app")));
  }
}
