package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.events.PoolEffects;
import dev.jsupervisor.core.util.LogLevel;

/** A pool's side effects: envelopes to a listener's stdin, lines to the main log. Loop only. */
final class PoolOutput implements PoolEffects {
  private final ManagedGroup g;
  private final MainLog log;

  PoolOutput(ManagedGroup g, MainLog log) {
    this.g = g;
    this.log = log;
  }

  @Override
  public void send(String listener, byte[] bytes) {
    ManagedProcess p = g.process(listener);
    if (p != null && p.io != null && !p.io.stdin.write(bytes)) {
      // Only one event is ever in flight per listener, so this means its stdin is wedged.
      log.log(LogLevel.WARN, listener + ": stdin is not being read; event not written");
    }
  }

  @Override
  public boolean logs(LogLevel level) {
    return log.isEnabled(level);
  }

  @Override
  public void log(LogLevel level, String message) {
    log.log(level, message);
  }
}
