package dev.jsupervisor.listeners.fastreload;

import java.util.Optional;

/** Reads a process's identity from the kernel; faked in tests of the decision logic. */
public interface ProcFs {

  /** The process's stat fields, or empty when no process has that pid (or it is unreadable). */
  Optional<ProcStat> stat(int pid);
}
