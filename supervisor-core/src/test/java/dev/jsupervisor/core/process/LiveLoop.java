package dev.jsupervisor.core.process;

import dev.jsupervisor.core.util.LogLevel;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.util.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A minimal stand-in for the daemon loop in tests: one thread owns a {@link Subprocess}, real
 * spawns through {@link Spawner}, real signals through {@link JnaPosix}, exits posted back from
 * the child's exit future, and one timer armed at {@link Subprocess#nextDeadline()}.
 */
final class LiveLoop implements ProcessActions, AutoCloseable {
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
  private final Spawner spawner;
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<SpawnedChild> children = new CopyOnWriteArrayList<>();
  private final Subprocess process;
  private volatile ProcessState state = ProcessState.STOPPED;
  private ScheduledFuture<?> timer;

  LiveLoop(ProcessConfig config, Spawner spawner) {
    this.spawner = spawner;
    this.process = new Subprocess(config, "test", Clock.SYSTEM, this);
  }

  ProcessState state() {
    return state;
  }

  /** Runs {@code action} on the owning thread, then re-arms the timer. */
  <T> T call(java.util.function.Function<Subprocess, T> action) {
    try {
      return thread.submit(() -> {
        T result = action.apply(process);
        afterEvent();
        return result;
      }).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private void afterEvent() {
    state = process.state();
    if (timer != null) {
      timer.cancel(false);
    }
    OptionalLong deadline = process.nextDeadline();
    if (deadline.isPresent()) {
      long delay = Math.max(0, deadline.getAsLong() - System.nanoTime());
      timer = thread.schedule(() -> {
        process.transition();
        afterEvent();
      }, delay, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public int spawn(Subprocess p) throws SpawnException {
    SpawnedChild child = spawner.spawn(p.config(), p.groupName());
    children.add(child);
    OutputPump.start("out-" + child.pid(), child.stdout(), 1 << 20, new Drain());
    if (child.stderr() != null) {
      OutputPump.start("err-" + child.pid(), child.stderr(), 1 << 20, new Drain());
    }
    child.exit().thenAccept(status -> thread.execute(() -> {
      process.onExit(child.pid(), status);
      afterEvent();
    }));
    return child.pid();
  }

  @Override
  public void kill(int pid, int signal) throws PosixException {
    JnaPosix.get().kill(pid, signal);
  }

  @Override
  public void log(LogLevel level, String message) {
    log.add(level.tag() + " " + message);
  }

  @Override
  public void stateChanged(StateChange change) {}

  @Override
  public void close() {
    children.forEach(SpawnerTest::killIfRunning);
    thread.shutdownNow();
  }

  /** Discards output so a chatty child never blocks on a full pipe. */
  private static final class Drain implements OutputPump.Listener {
    @Override
    public void onChunk(byte[] chunk, Runnable release) {
      release.run();
    }

    @Override
    public void onEof() {}
  }
}
