package dev.jsupervisor.testkit;

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
  private static final DateTimeFormatter STOP_TIME =
      DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

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
    String description = switch (state) {
      case RUNNING -> "pid " + pid + ", uptime " + uptime(now - (int) (startMillis / 1000));
      case BACKOFF, FATAL -> spawnerr.isEmpty() ? "unknown error (try \"tail " + name() + "\")"
          : spawnerr;
      case STOPPED, EXITED -> startMillis == 0 ? "Not started"
          : STOP_TIME.format(Instant.ofEpochMilli(stopMillis).atZone(ZoneId.systemDefault()));
      default -> "";
    };
    return new ProcessInfo(name(), group(), (int) (startMillis / 1000), (int) (stopMillis / 1000),
        now, state, spawnerr, exitStatus, "", "", (int) pid, description);
  }

  private static String uptime(int seconds) {
    int s = Math.max(0, seconds);
    int days = s / 86400;
    int rest = s % 86400;
    String clock = String.format("%d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
    if (days == 0) {
      return clock;
    }
    return days + (days == 1 ? " day, " : " days, ") + clock;
  }
}
