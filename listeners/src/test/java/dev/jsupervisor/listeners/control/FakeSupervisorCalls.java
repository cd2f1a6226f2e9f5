package dev.jsupervisor.listeners.control;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scriptable {@link SupervisorCalls}: records starts, serves set process infos, fails on cue. */
public final class FakeSupervisorCalls implements SupervisorCalls {
  public final List<String> started = new ArrayList<>();
  public final Map<String, RuntimeException> startFailures = new HashMap<>();
  public final Map<String, ProcessInfo> infos = new LinkedHashMap<>();
  public RuntimeException allInfoFailure;
  public volatile RuntimeException stateFailure;
  public String version = "4.2.5";
  public int daemonPid = 1;
  public volatile int stateCalls;
  public volatile int allInfoCalls;
  public final List<String> infoCalls = new ArrayList<>();
  /** Runs inside each startProcess call, with the namespec: what happens while it is under way. */
  public volatile java.util.function.Consumer<String> duringStart = namespec -> { };
  /** Runs inside each getProcessInfo call, before its answer is read. */
  public volatile java.util.function.Consumer<String> duringInfo = namespec -> { };

  @Override
  public void startProcess(String namespec, boolean wait) {
    if (wait) {
      throw new AssertionError("listeners must never start with wait=true: " + namespec);
    }
    duringStart.accept(namespec);
    RuntimeException failure = startFailures.remove(namespec);
    if (failure != null) {
      throw failure;
    }
    started.add(namespec);
  }

  /** Whether a start also reads back the info set for the process (as after duringStart). */
  public volatile boolean readAfterStart;

  @Override
  public ProcessInfo startProcessAndRead(String namespec) {
    startProcess(namespec, false);
    return readAfterStart ? infos.get(namespec) : null;
  }

  @Override
  public List<ProcessInfo> getAllProcessInfo() {
    allInfoCalls++;
    if (allInfoFailure != null) {
      RuntimeException e = allInfoFailure;
      allInfoFailure = null;
      throw e;
    }
    return new ArrayList<>(infos.values());
  }

  @Override
  public ProcessInfo getProcessInfo(String namespec) {
    infoCalls.add(namespec);
    duringInfo.accept(namespec);
    ProcessInfo info = infos.get(namespec);
    if (info == null) {
      throw new RpcFault(dev.jsupervisor.core.api.Fault.BAD_NAME, namespec);
    }
    return info;
  }

  @Override
  public SupervisorState getState() {
    stateCalls++;
    if (stateFailure != null) {
      throw stateFailure;
    }
    return SupervisorState.RUNNING;
  }

  @Override
  public String getSupervisorVersion() {
    return version;
  }

  @Override
  public String getIdentification() {
    return "supervisor";
  }

  @Override
  public int getPid() {
    return daemonPid;
  }

  /** Sets what getAllProcessInfo reports for group:name. */
  public void info(String group, String name, ProcessState state, int pid, int start,
      int exitStatus) {
    infos.put(group + ":" + name,
        new ProcessInfo(name, group, start, 0, start + 5, state, "", exitStatus, "", "", pid, ""));
  }
}
