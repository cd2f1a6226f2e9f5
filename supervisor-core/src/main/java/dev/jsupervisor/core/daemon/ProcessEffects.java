package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.PosixException;
import dev.jsupervisor.core.process.ProcessActions;
import dev.jsupervisor.core.process.SpawnException;
import dev.jsupervisor.core.process.SpawnedChild;
import dev.jsupervisor.core.process.Spawner;
import dev.jsupervisor.core.process.StateChange;
import dev.jsupervisor.core.process.Subprocess;
import dev.jsupervisor.core.util.LogLevel;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What one process's state machine asks of the daemon: a spawn (with its fcgi-program socket as
 * fd 0, held until the exit is handled or given back when the spawn fails), signals, main-log
 * lines and state-change events. Runs on the supervisor loop.
 */
final class ProcessEffects implements ProcessActions {
  private final ManagedProcess p;
  private final Supplier<Spawner> spawner;
  private final FcgiSockets fcgiSockets;
  private final BiConsumer<ManagedProcess, SpawnedChild> attachChild;
  private final Posix posix;
  private final MainLog log;
  private final Consumer<Event> publish;
  private final EventLoop loop;

  /**
   * @param spawner the spawner of the config in use (it changes with the config)
   * @param attachChild takes over a spawned child's pipes and exit
   */
  ProcessEffects(
      ManagedProcess p,
      Supplier<Spawner> spawner,
      FcgiSockets fcgiSockets,
      BiConsumer<ManagedProcess, SpawnedChild> attachChild,
      Posix posix,
      MainLog log,
      Consumer<Event> publish,
      EventLoop loop) {
    this.p = p;
    this.spawner = spawner;
    this.fcgiSockets = fcgiSockets;
    this.attachChild = attachChild;
    this.posix = posix;
    this.log = log;
    this.publish = publish;
    this.loop = loop;
  }

  @Override
  public int spawn(Subprocess process) throws SpawnException {
    int socket;
    try {
      socket = fcgiSockets.acquire(p.group.config, p);
    } catch (FcgiSockets.SocketError e) {
      throw new SpawnException(e.getMessage());
    }
    SpawnedChild child = spawner.get().spawn(p.config, p.group.name(), socket);
    attachChild.accept(p, child);
    return child.pid();
  }

  @Override
  public void spawnFailed() {
    fcgiSockets.release(p.group.config, p);
  }

  @Override
  public void kill(int pid, int signal) throws PosixException {
    if (pid < 0) {
      posix.killpg(-pid, signal);
    } else {
      posix.kill(pid, signal);
    }
  }

  @Override
  public void log(LogLevel level, String message) {
    log.log(level, message);
  }

  @Override
  public void stateChanged(StateChange c) {
    publish.accept(
        Event.processState(
            c.to(), c.processName(), c.groupName(), c.from(), c.tries(), c.pid(), c.expected()));
    if (p.group.pool != null) {
      p.group.pool.listenerProcessState(p.name(), c.to());
    }
    ProcessState to = c.to();
    loop.execute(() -> p.stateChanged(to));
  }
}
