package dev.jsupervisor.testkit;

import dev.jsupervisor.core.api.ProcessDescription;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The mutable record of one fake process: its state, pid, backoff counter and the failures a
 * test injected. Guarded by the table that owns it; it has no behaviour of its own.
 */
final class FakeProcess {
  /** Python's {@code %b %d %I:%M %p}, as supervisord shows when a process stopped. */

  final Program program;
  ProcessState state = ProcessState.STOPPED;
  long pid;
  int tries;
  long startMillis;
  long stopMillis;
  String spawnerr = "";
  int exitStatus;
  /** How many of the next spawns exit before startsecs. */
  int startFailuresLeft;
  /** How long a stop takes before the process is reaped; zero for at once. */
  Duration stopDelay = Duration.ZERO;
  /** Increments on every spawn, so timers can tell whether they still apply. */
  long generation;
  /** Predicates re-tested after each change of this process; removed once they return true. */
  final List<Predicate<FakeProcess>> watchers = new ArrayList<>();

  FakeProcess(Program program) {
    this.program = program;
  }

  String name() {
    return program.name();
  }

  String group() {
    return program.group();
  }

  /** The getProcessInfo struct at {@code nowMillis}, with supervisord's description texts. */
  ProcessInfo info(long nowMillis) {
    int now = (int) (nowMillis / 1000);
    String description = ProcessDescription.of(state, name(), (int) pid, startMillis / 1000,
        stopMillis / 1000, now, spawnerr, ZoneId.systemDefault());
    return new ProcessInfo(name(), group(), (int) (startMillis / 1000), (int) (stopMillis / 1000),
        now, state, spawnerr, exitStatus, "", "", (int) pid, description);
  }

}
