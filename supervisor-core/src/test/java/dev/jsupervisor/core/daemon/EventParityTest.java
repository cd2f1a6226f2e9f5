package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue "every supervisord event, delivered to event listener pools": a listener written with
 * supervisor's own {@code childutils} (Debian's module, under /usr/bin/python3) sees, for one
 * scenario (start, crash with autorestart, stop, a REMOTE_COMMUNICATION, a TICK_5), the same event
 * names and payload fields under jsupervisord as under supervisord 4.2.5, pids and times aside.
 */
final class EventParityTest {
  /**
   * The listener: one line per event, the event name plus the payload's header fields in their
   * order (pid masked); for REMOTE_COMMUNICATION the type and the repr of the data; for a tick
   * whether {@code when} is on its 5-second boundary.
   */
  static final String RECORDER =
      """
      import sys
      from supervisor import childutils

      def describe(headers, payload):
          name = headers['eventname']
          if name.startswith('PROCESS_'):
              fields = childutils.get_headers(payload.split('\\n', 1)[0])
              return ' '.join([name] + [k + ':' + ('N' if k == 'pid' else v)
                                        for k, v in fields.items()])
          if name == 'REMOTE_COMMUNICATION':
              first, data = payload.split('\\n', 1)
              return name + ' ' + childutils.get_headers(first)['type'] + ' ' + repr(data)
          if name == 'TICK_5':
              when = int(childutils.get_headers(payload)['when'])
              return name + (' on-boundary' if when % 5 == 0 else ' when:' + str(when))
          return name + (' ' + repr(payload) if payload else '')

      with open(sys.argv[1], 'a', encoding='utf-8') as out:
          while True:
              headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
              out.write(describe(headers, payload) + '\\n')
              out.flush()
              childutils.listener.ok(sys.stdout)
      """;

  /** Sends the REMOTE_COMMUNICATION event over the daemon's UNIX socket; prints the result. */
  static final String SEND_REMOTE_COMM =
      """
      import sys, xmlrpc.client
      from supervisor.xmlrpc import SupervisorTransport
      transport = SupervisorTransport(None, None, sys.argv[1])
      s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=transport)
      print(s.supervisor.sendRemoteCommEvent('mytype', 'hello \\u00e9'))
      """;

  // crasher exits 3 (not in exitcodes) after it has counted as RUNNING, so it cycles RUNNING,
  // EXITED expected:0, STARTING from EXITED, RUNNING... until the daemon stops.
  static final String CONFIG =
      LiveDaemon.CONFIG_HEADER
          + """

      [eventlistener:rec]
      command=/usr/bin/python3 @DIR@/rec.py @DIR@/events.txt
      events=PROCESS_STATE,REMOTE_COMMUNICATION,TICK_5,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE
      buffer_size=100

      [program:crasher]
      command=sh -c "sleep 1.5; exit 3"
      startsecs=1
      autorestart=unexpected

      [program:steady]
      command=sleep 1000
      startsecs=1
      """;

  /** The first crash cycle, which both daemons reach before the test goes on. */
  private static final int CRASH_CYCLE_EVENTS = 5;

  @RegisterExtension
  final LiveDaemons daemons =
      new LiveDaemons(d -> Files.writeString(d.dir.resolve("rec.py"), RECORDER));

  @Test
  void listenerReceivesTheSameEventsAsUnderSupervisord() throws Exception {
    List<LiveDaemon> pair = daemons.startBoth(CONFIG);
    LiveDaemon oracle = pair.get(0);
    LiveDaemon ours = pair.get(1);
    CompletableFuture<List<String>> fromOracle =
        CompletableFuture.supplyAsync(() -> runScenarioUnchecked(oracle));
    List<String> actual = runScenario(ours);
    List<String> expected;
    try {
      expected = fromOracle.join();
    } catch (CompletionException e) {
      throw new AssertionError("scenario against supervisord failed", e.getCause());
    }

    Supplier<String> both = () -> recorded(expected, actual);
    for (String process : List.of("rec", "steady")) {
      assertEquals(
          processEvents(expected, process),
          processEvents(actual, process),
          () -> "events of " + process + both.get());
    }
    // How many crash cycles fit before the end differs with timing: compare as far as both got,
    // which the scenario makes at least the first full cycle.
    List<String> expectedCrasher = processEvents(expected, "crasher");
    List<String> actualCrasher = processEvents(actual, "crasher");
    int common = Math.min(expectedCrasher.size(), actualCrasher.size());
    assertTrue(common >= CRASH_CYCLE_EVENTS, both);
    assertEquals(
        expectedCrasher.subList(0, common),
        actualCrasher.subList(0, common),
        () -> "events of crasher" + both.get());

    // Ticks come on the clock's 5-second boundaries, wherever the scenario happens to be then, so
    // they are compared apart from the other non-process events.
    assertEquals(nonProcessEvents(expected, false), nonProcessEvents(actual, false), both);
    assertEquals(
        List.of(
            "PROCESS_GROUP_ADDED groupname:rec",
            "PROCESS_GROUP_ADDED groupname:crasher",
            "PROCESS_GROUP_ADDED groupname:steady",
            "SUPERVISOR_STATE_CHANGE_RUNNING",
            "REMOTE_COMMUNICATION mytype 'hello \u00e9'"),
        nonProcessEvents(actual, false),
        "the oracle's sequence as recorded when this test was written");
    assertEquals(List.of("TICK_5 on-boundary"), distinct(nonProcessEvents(expected, true)), both);
    assertEquals(List.of("TICK_5 on-boundary"), distinct(nonProcessEvents(actual, true)), both);
  }

  private static List<String> runScenarioUnchecked(LiveDaemon d) {
    try {
      return runScenario(d);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits out crasher's first crash cycle, stops steady, sends the remote event, waits for a tick
   * after it; returns the lines the listener recorded.
   */
  private static List<String> runScenario(LiveDaemon d) throws IOException {
    Path events = d.dir.resolve("events.txt");
    // steady's second event is its RUNNING.
    await("first crash cycle and steady running under " + d.kind)
        .atMost(LiveDaemon.PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              List<String> lines = read(events);
              return processEvents(lines, "crasher").size() >= CRASH_CYCLE_EVENTS
                  && processEvents(lines, "steady").size() >= 2;
            });

    LiveDaemon.Output stop = d.ctl("stop", "steady");
    assertEquals("steady: stopped\n", stop.stdout(), d.kind + " stop: " + stop);
    LiveDaemon.Output send = d.python(SEND_REMOTE_COMM, "unix://" + d.dir.resolve("s.sock"));
    assertEquals("True\n", send.stdout(), d.kind + " sendRemoteCommEvent: " + send);

    await("remote event and a tick after it under " + d.kind)
        .atMost(Duration.ofSeconds(8))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> tickAfterRemoteEvent(read(events)));
    return read(events);
  }

  private static boolean tickAfterRemoteEvent(List<String> lines) {
    int remote = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("REMOTE_COMMUNICATION ")) {
        remote = i;
      } else if (remote >= 0 && lines.get(i).startsWith("TICK_5")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> read(Path events) throws IOException {
    return Files.exists(events) ? Files.readAllLines(events, StandardCharsets.UTF_8) : List.of();
  }

  /** The PROCESS_STATE_* lines about one process, in order. */
  private static List<String> processEvents(List<String> lines, String process) {
    String marker = " processname:" + process + " ";
    return lines.stream()
        .filter(l -> l.startsWith("PROCESS_STATE_") && l.contains(marker))
        .toList();
  }

  /** The lines not about one process: the ticks only, or everything but the ticks. */
  private static List<String> nonProcessEvents(List<String> lines, boolean ticks) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("PROCESS_STATE_") && line.startsWith("TICK_") == ticks) {
        out.add(line);
      }
    }
    return out;
  }

  private static String recorded(List<String> expected, List<String> actual) {
    return "\n-- supervisord's listener got:\n"
        + String.join("\n", expected)
        + "\n-- jsupervisord's listener got:\n"
        + String.join("\n", actual);
  }

  private static List<String> distinct(List<String> lines) {
    return lines.stream().distinct().toList();
  }
}
