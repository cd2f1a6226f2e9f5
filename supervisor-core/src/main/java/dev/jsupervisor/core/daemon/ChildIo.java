package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.process.ChannelRecorder;
import dev.jsupervisor.core.process.ExitStatus;
import dev.jsupervisor.core.process.SpawnedChild;

/**
 * What belongs to one spawned child: its pipes, the stdin writer, one output recorder per
 * channel, and an exit that waits for the pipes to drain. Output that arrives after the child's
 * exit was reported still goes to its log, never to a newer child's.
 */
final class ChildIo {
  final SpawnedChild child;
  final StdinWriter stdin;
  final ChannelRecorder stdoutRecorder;
  final ChannelRecorder stderrRecorder;
  /** Pipes still open (0, 1 or 2). */
  int openPipes;
  /** The exit, once it was reaped; reported when the pipes close or the grace timer ends. */
  ExitStatus exit;
  boolean exitReported;
  EventLoop.Timer drainTimer;

  ChildIo(
      SpawnedChild child,
      StdinWriter stdin,
      ChannelRecorder stdoutRecorder,
      ChannelRecorder stderrRecorder) {
    this.child = child;
    this.stdin = stdin;
    this.stdoutRecorder = stdoutRecorder;
    this.stderrRecorder = stderrRecorder;
    this.openPipes = child.stderrSeparate() ? 2 : 1;
  }

  int pid() {
    return child.pid();
  }
}
