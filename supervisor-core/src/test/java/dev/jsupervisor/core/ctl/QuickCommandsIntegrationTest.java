package dev.jsupervisor.core.ctl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * quickstart / quickstop / quickrestart and fleet mode against the real supervisord (and, in
 * {@link QuickCommandsOnJsupervisordTest}, the same tests against jsupervisord).
 */
class QuickCommandsIntegrationTest extends CtlAgainstOneDaemon {
  static final String PROGRAMS =
      "[program:multi]\ncommand=/bin/sleep 1000\nprocess_name=m%(process_num)d\nnumprocs=8\n"
          + "autostart=false\nstartsecs=1\n\n"
          + "[program:fast]\ncommand=/bin/sh -c 'exit 3'\nautostart=false\nstartsecs=1\n"
          + "startretries=0\n\n"
          + "[program:single]\ncommand=/bin/sleep 1000\nautostart=false\nstartsecs=0\n";

  @Override
  String programs() {
    return PROGRAMS;
  }

  /** When the daemon's main log wrote the first line containing {@code text} (epoch millis). */
  private long loggedAt(String text) throws IOException {
    for (String line : Files.readAllLines(sd.dir().resolve("main.log"))) {
      if (line.contains(text)) {
        LocalDateTime at = LocalDateTime.parse(line.substring(0, 23),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"));
        return at.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
      }
    }
    throw new AssertionError("no log line with " + text);
  }

  private ProcessState state(String name) {
    return client.getProcessInfo(name).state();
  }

  @Test
  void quickstartStartsAGroupAndReportsEachProcess() {
    CtlRunner.Result r = ctl("quickstart", "multi:*");
    assertEquals(0, r.exit(), r.output());
    List<String> expected =
        IntStream.range(0, 8).mapToObj(i -> "multi:m" + i + ": started").sorted().toList();
    assertEquals(expected, lines(r).stream().sorted().toList());
    for (ProcessInfo p : client.getAllProcessInfo()) {
      if (p.group().equals("multi")) {
        assertEquals(ProcessState.RUNNING, p.state(), p.namespec());
      }
    }
    CtlRunner.Result again = ctl("quickstart", "multi:m3");
    assertEquals("multi:m3: ERROR (already started)\n", again.output());
    assertEquals(0, again.exit());
  }

  @Test
  void aGroupCallReportsTheProcessesItHadNothingToDoFor() {
    client.startProcess("multi:m3", true);
    CtlRunner.Result r = ctl("quickstart", "multi:");
    assertEquals(0, r.exit(), r.output());
    List<String> out = lines(r);
    assertTrue(out.contains("multi:m3: ERROR (already started)"), r.output());
    assertEquals(7, out.stream().filter(l -> l.endsWith(": started")).count(), r.output());

    client.stopProcess("multi:m5", true);
    CtlRunner.Result stopped = ctl("quickstop", "multi:*");
    assertEquals(0, stopped.exit(), stopped.output());
    assertTrue(lines(stopped).contains("multi:m5: ERROR (not running)"), stopped.output());
    assertEquals(7, lines(stopped).stream().filter(l -> l.endsWith(": stopped")).count());
    for (ProcessInfo p : client.getAllProcessInfo()) {
      if (p.group().equals("multi")) {
        assertEquals(ProcessState.STOPPED, p.state(), p.namespec());
      }
    }
  }

  @Test
  void quickrestartOfAGroupStopsAllThenStartsAll() {
    assertEquals(0, ctl("quickstart", "multi:").exit());
    int pidBefore = client.getProcessInfo("multi:m6").pid();
    CtlRunner.Result r = ctl("quickrestart", "multi:");
    assertEquals(0, r.exit(), r.output());
    List<String> out = lines(r);
    assertEquals(8, out.stream().filter(l -> l.endsWith(": stopped")).count(), r.output());
    assertEquals(8, out.stream().filter(l -> l.endsWith(": started")).count(), r.output());
    int lastStop = 0;
    for (int i = 0; i < out.size(); i++) {
      lastStop = out.get(i).endsWith(": stopped") ? i : lastStop;
    }
    assertEquals(7, lastStop, "every stop comes before the first start: " + r.output());
    assertNotEquals(pidBefore, client.getProcessInfo("multi:m6").pid());
    assertEquals(ProcessState.RUNNING, state("multi:m6"));
  }

  @Test
  void aProgramThatGoesFatalIsReportedPromptlyWithAFailingExit() throws IOException {
    CtlRunner.Result r = ctl("quickstart", "fast", "single");
    long finished = System.currentTimeMillis();
    assertTrue(lines(r).contains("fast: ERROR (spawn error)"), r.output());
    assertTrue(lines(r).contains("single: started"), r.output());
    assertEquals(ExitStatus.NOT_RUNNING, r.exit());
    // The poll reports the start failed as soon as it sees BACKOFF; FATAL follows it.
    await().atMost(Duration.ofSeconds(10)).until(() -> state("fast") == ProcessState.FATAL);
    // Reported within a second of the FATAL state (as the daemon's log dates it), not after
    // a wait: the poll sees the start fail as soon as the process leaves STARTING.
    long fatal = loggedAt(" gave up: fast entered FATAL state");
    assertTrue(finished - fatal < 1000, "reported " + (finished - fatal) + " ms after FATAL");
  }

  @Test
  void quickstopStopsByGlobAndQuickrestartRolls() {
    assertEquals(ExitStatus.NOT_RUNNING, ctl("quickstart", "all").exit()); // fast goes FATAL
    await().atMost(Duration.ofSeconds(10)).until(() -> state("multi:m7") == ProcessState.RUNNING);

    CtlRunner.Result stopped = ctl("quickstop", "m[0-3]", "multi:m7");
    assertEquals(0, stopped.exit(), stopped.output());
    // A bare glob says which processes inside a group it stood for, before their lines.
    assertEquals("m[0-3]: resolved to multi:m0 multi:m1 multi:m2 multi:m3", lines(stopped).get(0));
    assertEquals(
        List.of("multi:m0: stopped", "multi:m1: stopped", "multi:m2: stopped",
            "multi:m3: stopped", "multi:m7: stopped"),
        lines(stopped).stream().skip(1).sorted().toList());
    assertEquals(ProcessState.STOPPED, state("multi:m2"));
    assertEquals(ProcessState.RUNNING, state("multi:m4"));

    int pidBefore = client.getProcessInfo("multi:m4").pid();
    CtlRunner.Result rolled = ctl("quickrestart", "--rolling", "3", "multi:");
    assertEquals(0, rolled.exit(), rolled.output());
    List<String> out = lines(rolled);
    assertEquals(8, out.stream().filter(l -> l.endsWith(": started")).count(), rolled.output());
    // The first batch (m0..m2) is started before the second batch is stopped.
    assertTrue(out.indexOf("multi:m0: started") < out.indexOf("multi:m4: stopped"), rolled.output());
    assertNotEquals(pidBefore, client.getProcessInfo("multi:m4").pid());
  }

  @Test
  void unknownNamesAndMissingArgumentsFail() {
    CtlRunner.Result r = ctl("quickstart", "nosuch", "nosuch:*", "single");
    assertEquals(List.of("nosuch: ERROR (no such process)", "nosuch: ERROR (no such group)",
        "single: started"), lines(r));
    assertEquals(ExitStatus.GENERIC, r.exit());
    CtlRunner.Result group = ctl("quickrestart", "nosuch:");
    assertEquals("nosuch: ERROR (no such group)\n", group.output());
    assertEquals(ExitStatus.GENERIC, group.exit());
    CtlRunner.Result none = ctl("quickstop");
    assertTrue(none.output().startsWith("Error: quickstop requires a process name\n"));
    assertEquals(ExitStatus.INVALID_ARGS, none.exit());
    CtlRunner.Result badRolling = ctl("quickrestart", "--rolling", "x", "single");
    assertTrue(badRolling.output().startsWith("Error: --rolling needs a positive number"));
    assertEquals(ExitStatus.GENERIC, badRolling.exit());
    assertEquals("single: stopped\n", ctl("quickstop", "single").output());
    CtlRunner.Result notRunning = ctl("quickstop", "single");
    assertEquals("single: ERROR (not running)\n", notRunning.output());
    assertEquals(0, notRunning.exit());
  }

  @Test
  void plainStartWithSeveralNamesKeepsArgumentOrder() {
    CtlRunner.Result r = ctl("start", "multi:m5", "multi:m1", "single", "nosuch");
    assertEquals(List.of("multi:m5: started", "multi:m1: started", "single: started",
        "nosuch: ERROR (no such process)"), lines(r));
    assertEquals(ExitStatus.GENERIC, r.exit());
  }

  @Test
  void fleetModePrefixesLinesAndSurvivesADeadServer() {
    String dead = "unix:///tmp/js-no-such-dir/x.sock";
    CtlRunner.Result r = CtlRunner.ours("-c", sd.config().toString(), "-s", sd.url(), "-s", dead,
        "status", "single");
    List<String> out = lines(r);
    assertTrue(out.contains("[" + dead + "] " + dead + " no such file"), r.output());
    assertTrue(out.stream().anyMatch(l -> l.startsWith("[" + sd.url() + "] single ")
        && l.contains("STOPPED")), r.output());
    assertEquals(ExitStatus.STATUS_UNKNOWN, r.exit());

    CtlRunner.Result started = CtlRunner.ours("-c", sd.config().toString(), "-s", sd.url(),
        "-s", dead, "start", "single");
    assertTrue(lines(started).contains("[" + sd.url() + "] single: started"), started.output());
    assertEquals(ProcessState.RUNNING, state("single"));

    // The up-check that rides in a quick command's first request reports as the plain one does.
    CtlRunner.Result quick = CtlRunner.ours("-c", sd.config().toString(), "-s", dead,
        "quickstart", "multi:");
    assertEquals(dead + " no such file\n", quick.output());
    assertEquals(ExitStatus.NOT_RUNNING, quick.exit());
  }
}
