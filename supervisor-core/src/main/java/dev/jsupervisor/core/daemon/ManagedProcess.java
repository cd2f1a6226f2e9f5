package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.process.RotatingLogFile;
import dev.jsupervisor.core.process.Subprocess;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * One process as the daemon holds it: its state machine plus what belongs to the current child
 * (pipes, stdin writer, output recorders), its log files, its timer, and the RPC calls waiting
 * on its state. Owned by the supervisor loop; nothing here is touched from another thread.
 */
final class ManagedProcess {
  final ManagedGroup group;
  final ProcessConfig config;
  Subprocess subprocess;

  RotatingLogFile stdoutLog;
  RotatingLogFile stderrLog;
  /** Paths as getProcessInfo reports them ({@code ''} for none). */
  String stdoutLogPath;
  String stderrLogPath;

  /** The current child's pipes and recorders, or null when there is no child. */
  ChildIo io;

  EventLoop.Timer transitionTimer;
  private final List<StateWaiter> waiters = new ArrayList<>();

  ManagedProcess(ManagedGroup group, ProcessConfig config) {
    this.group = group;
    this.config = config;
  }

  String name() {
    return config.name();
  }

  ProcessState state() {
    return subprocess.state();
  }

  ProcessInfo info(ZoneId zone) {
    return subprocess.info(stdoutLogPath, stderrLogPath, zone);
  }

  boolean isListener() {
    return group.pool != null;
  }

  /** Registers a wait that ends when {@code done} accepts a state. */
  void await(Predicate<ProcessState> done, Runnable then) {
    waiters.add(new StateWaiter(done, then));
  }

  /** Runs and forgets every waiter whose state has come. */
  void stateChanged(ProcessState now) {
    List<Runnable> ready = new ArrayList<>();
    for (Iterator<StateWaiter> it = waiters.iterator(); it.hasNext(); ) {
      StateWaiter w = it.next();
      if (w.done.test(now)) {
        it.remove();
        ready.add(w.then);
      }
    }
    ready.forEach(Runnable::run);
  }

  private record StateWaiter(Predicate<ProcessState> done, Runnable then) {}
}
