package dev.jsupervisor.listeners.ordered;

import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.listeners.control.ClientCalls;
import dev.jsupervisor.listeners.control.ListenerMain;
import dev.jsupervisor.listeners.control.ProcessStateChange;
import dev.jsupervisor.listeners.control.TickLoop;
import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.ListenerEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bin/ordered-startup}: the ordered-startup event listener. Reads the plan from
 * supervisord.conf, acks every event at once, and starts programs as their dependencies get
 * there; every 20 ms while a link it waits on is on its way, a tick reads that link's state,
 * which keeps supervisord's loop awake and moves the plan on before the event arrives.
 */
public final class Main {
  static final String NAME = "ordered-startup";
  private static final long TICK_MILLIS = 20;
  private static final long QUICK_TICK_MILLIS = 4;

  private Main() {}

  public static void main(String[] args) {
    System.exit(
        ListenerMain.run(
            NAME,
            false,
            args,
            System.out,
            (cl, config, log) -> {
              StartupPlan plan;
              try {
                plan = StartupPlan.from(config.groups());
              } catch (PlanException e) {
                e.problems().forEach(p -> log.error("" + p));
                log.error("refusing to run this plan; nothing will be started");
                return null;
              }
              ClientCalls calls = new ClientCalls(SupervisorClient.fromEnvironment());
              OrderedStartup engine =
                  new OrderedStartup(
                      plan, calls, new ReadinessProbes(Duration.ofSeconds(5)), Clock.SYSTEM, log);
              String pool = System.getenv("SUPERVISOR_GROUP_NAME");
              config.groups().stream()
                  .filter(g -> g.isEventListenerPool() && g.name().equals(pool))
                  .findFirst()
                  .ifPresent(g -> engine.eventBufferSize(g.bufferSize()));
              engine.begin();
              // The first tick polls at once: what begin() started may already be RUNNING.
              // Until the first event arrives (supervisord sends none while this listener is
              // still STARTING, its first second by default) the poll is the only news of a
              // link, so it runs at a quicker pace: an init-script chain at boot goes on a few
              // ms after each exit instead of waiting for the next 20 ms poll.
              AtomicBoolean eventsArrive = new AtomicBoolean();
              new TickLoop(engine::onTick, engine::keepAwakeNeeded, calls, log)
                  .wakeWith(engine::pollAwaited)
                  .quickWhile(() -> !eventsArrive.get(), QUICK_TICK_MILLIS)
                  .start(TICK_MILLIS);
              return event -> {
                eventsArrive.set(true);
                if (event instanceof ListenerEvent.ProcessStateEvent e) {
                  engine.onProcessState(ProcessStateChange.from(e));
                } else if (event instanceof ListenerEvent.SupervisorStateChangeEvent s
                    && !s.running()) {
                  engine.onSupervisorStopping();
                }
                return EventHandler.Result.OK;
              };
            }));
  }
}
