package dev.jsupervisor.listeners.control;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.SupervisorState;
import java.util.List;

/**
 * The few XML-RPC calls the ordered-startup and fast-reload listeners make, so their decision
 * logic is tested against a fake and wired to the real client later.
 *
 * <p>Every method throws {@link dev.jsupervisor.core.api.RpcFault} when the daemon answers with a
 * fault and {@link java.io.UncheckedIOException} when it cannot be reached.
 */
public interface SupervisorCalls {

  /** {@code supervisor.startProcess(namespec, wait)}; the listeners always pass wait=false. */
  void startProcess(String namespec, boolean wait);

  /**
   * Starts (wait=false) and reads the process's state in one round trip, which under supervisord
   * already shows a program with {@code startsecs=0} RUNNING: it promotes it inside the start.
   * Throws what {@link #startProcess} throws; returns null when only the read failed.
   */
  default ProcessInfo startProcessAndRead(String namespec) {
    startProcess(namespec, false);
    try {
      return getProcessInfo(namespec);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code supervisor.getAllProcessInfo()}. */
  List<ProcessInfo> getAllProcessInfo();

  /** {@code supervisor.getProcessInfo(namespec)}. */
  ProcessInfo getProcessInfo(String namespec);

  /** {@code supervisor.getState()}: the cheap call that wakes supervisord's main loop. */
  SupervisorState getState();

  /** {@code supervisor.getSupervisorVersion()}. */
  String getSupervisorVersion();

  /** {@code supervisor.getIdentification()}. */
  String getIdentification();

  /** {@code supervisor.getPID()}: the daemon's own pid. */
  int getPid();
}
