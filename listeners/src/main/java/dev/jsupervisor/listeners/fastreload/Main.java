package dev.jsupervisor.listeners.fastreload;

import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.listeners.control.ClientCalls;
import dev.jsupervisor.listeners.control.ListenerConfig;
import dev.jsupervisor.listeners.control.ListenerMain;
import dev.jsupervisor.listeners.control.ProcessStateChange;
import dev.jsupervisor.listeners.control.TickLoop;
import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.ListenerEvent;

/**
 * {@code bin/fast-reload}: the fast-reload event listener. Tracks every managed pid and, when
 * supervisord starts to stop, signals whole priority tiers at once; under jsupervisord (which
 * already does that) it stays passive.
 */
public final class Main {
  static final String NAME = "fast-reload";
  private static final long TICK_MILLIS = 30;

  /** Set by jsupervisord in every child's environment. */
  static final String JSUPERVISORD_ENV = "JSUPERVISORD_VERSION";

  private Main() {}

  public static void main(String[] args) {
    System.exit(
        ListenerMain.run(
            NAME,
            true,
            args,
            System.out,
            (cl, config, log) -> {
              ClientCalls calls = new ClientCalls(SupervisorClient.fromEnvironment());
              FastReload engine =
                  new FastReload(
                      new FastReload.Options(
                          cl.allAtOnce(),
                          ProcessHandle.current().pid(),
                          System.getenv(JSUPERVISORD_ENV)),
                      config.groups(),
                      calls,
                      new LinuxProcFs(),
                      new JnaSignaller().preload(ProcessHandle.current().pid()),
                      Clock.SYSTEM,
                      log);
              engine.begin();
              new TickLoop(engine::onTick, engine::keepAwakeNeeded, calls, log)
                  .hurryWhile(engine::hurryNeeded)
                  .start(TICK_MILLIS);
              return event -> {
                if (event instanceof ListenerEvent.ProcessStateEvent e) {
                  engine.onProcessState(ProcessStateChange.from(e));
                } else if (event instanceof ListenerEvent.SupervisorStateChangeEvent s) {
                  if (s.running()) {
                    engine.onSupervisorRunning();
                  } else {
                    engine.onSupervisorStopping();
                  }
                } else if (event instanceof ListenerEvent.ProcessGroupEvent g) {
                  if (g.added()) {
                    // A group the config already had (read after it was written) needs no re-read.
                    String reread = "";
                    if (!engine.knowsGroup(g.groupName())) {
                      try {
                        engine.updateConfig(ListenerConfig.load(cl.configFile()).groups());
                        reread = "; config re-read";
                      } catch (ConfigException ex) {
                        reread = "; cannot re-read the config: " + ex.getMessage();
                      }
                    }
                    log.info("group " + g.groupName() + " added" + reread);
                    engine.onGroupAdded(g.groupName());
                  } else {
                    engine.onGroupRemoved(g.groupName());
                  }
                }
                return EventHandler.Result.OK;
              };
            }));
  }
}
