package dev.jsupervisor.core.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Bare process names in the quick commands against the real supervisord (and, in
 * {@link QuickBareNamesOnJsupervisordTest}, against jsupervisord): a word that is not a group's
 * name is a process name, exactly or as a glob; a group's name still means the group; plain
 * {@code start}/{@code stop} answer as the real supervisorctl does.
 */
class QuickBareNamesIntegrationTest extends CtlAgainstOneDaemon {
  /**
   * A numprocs program {@code app} (app:app_00 .. app:app_07); a group named {@code app_03}
   * (its one process is {@code worker}), so the bare word app_03 is both a group and a process;
   * two numprocs programs whose processes share the names w0 and w1.
   */
  static final String PROGRAMS =
      "[program:app]\ncommand=/bin/sleep 1000\nprocess_name=%(program_name)s_%(process_num)02d\n"
          + "numprocs=8\nautostart=false\nstartsecs=1\n\n"
          + "[group:app_03]\nprograms=worker\n\n"
          + "[program:worker]\ncommand=/bin/sleep 1000\nautostart=false\nstartsecs=0\n\n"
          + "[program:pa]\ncommand=/bin/sleep 1000\nprocess_name=w%(process_num)d\nnumprocs=2\n"
          + "autostart=false\nstartsecs=0\n\n"
          + "[program:pb]\ncommand=/bin/sleep 1000\nprocess_name=w%(process_num)d\nnumprocs=2\n"
          + "autostart=false\nstartsecs=0\n";

  @Override
  String programs() {
    return PROGRAMS;
  }

  /** The first line (the "resolved to" line) as it is, the process lines sorted after it. */
  private static List<String> resolvedThenSorted(CtlRunner.Result r) {
    List<String> out = lines(r);
    List<String> sorted = new ArrayList<>(out.subList(Math.min(1, out.size()), out.size()));
    sorted.sort(null);
    sorted.add(0, out.isEmpty() ? "" : out.get(0));
    return sorted;
  }

  /** Every process that is not STOPPED, with its state. */
  private Map<String, ProcessState> upProcesses() {
    Map<String, ProcessState> up = new TreeMap<>();
    for (ProcessInfo p : client.getAllProcessInfo()) {
      if (p.state() != ProcessState.STOPPED) {
        up.put(p.namespec(), p.state());
      }
    }
    return up;
  }

  @Test
  void anExactBareNameInsideANumprocsGroupIsThatProcess() {
    CtlRunner.Result started = ctl("quickstart", "app_05");
    assertEquals(List.of("app_05: resolved to app:app_05", "app:app_05: started"),
        lines(started), started.toString());
    assertEquals(0, started.exit());
    assertEquals(Map.of("app:app_05", ProcessState.RUNNING), upProcesses());

    int pid = client.getProcessInfo("app:app_05").pid();
    CtlRunner.Result restarted = ctl("quickrestart", "app_05");
    assertEquals(List.of("app_05: resolved to app:app_05", "app:app_05: stopped",
        "app:app_05: started"), lines(restarted), restarted.toString());
    assertEquals(0, restarted.exit());
    assertNotEquals(pid, client.getProcessInfo("app:app_05").pid());

    CtlRunner.Result stopped = ctl("quickstop", "app_05");
    assertEquals(List.of("app_05: resolved to app:app_05", "app:app_05: stopped"),
        lines(stopped), stopped.toString());
    assertEquals(0, stopped.exit());
    assertEquals(Map.of(), upProcesses());
  }

  @Test
  void aBareNameSharedByProcessesOfTwoGroupsIsBothOfThem() {
    CtlRunner.Result r = ctl("quickstart", "w1");
    assertEquals(List.of("w1: resolved to pa:w1 pb:w1", "pa:w1: started", "pb:w1: started"),
        resolvedThenSorted(r), r.toString());
    assertEquals(0, r.exit());
    assertEquals(Map.of("pa:w1", ProcessState.RUNNING, "pb:w1", ProcessState.RUNNING),
        upProcesses());
  }

  @Test
  void aGlobOverBareProcessNamesResolvesEveryMatch() {
    CtlRunner.Result r = ctl("quickstart", "app_0[1-3]");
    assertEquals(List.of("app_0[1-3]: resolved to app:app_01 app:app_02 app:app_03",
            "app:app_01: started", "app:app_02: started", "app:app_03: started"),
        resolvedThenSorted(r), r.toString());
    assertEquals(0, r.exit());
    assertEquals(Map.of("app:app_01", ProcessState.RUNNING, "app:app_02", ProcessState.RUNNING,
        "app:app_03", ProcessState.RUNNING), upProcesses());

    // A glob next to an exact bare name: both resolved from the one listing.
    CtlRunner.Result stopped = ctl("quickstop", "app_0[12]", "app_03");
    assertEquals(List.of("app_0[12]: resolved to app:app_01 app:app_02", "app:app_01: stopped",
        "app:app_02: stopped", "app_03:worker: ERROR (not running)"),
        resolvedThenSorted(stopped), stopped.toString());
  }

  @Test
  void aBareNameThatIsAGroupNameMeansTheGroup() {
    // app_03 names the group [group:app_03] and the process app:app_03: the group wins.
    CtlRunner.Result r = ctl("quickstart", "app_03");
    assertEquals(List.of("app_03:worker: started"), lines(r), r.toString());
    assertEquals(0, r.exit());
    assertEquals(Map.of("app_03:worker", ProcessState.RUNNING), upProcesses());

    // The numprocs program's own name is its group: all eight processes.
    CtlRunner.Result all = ctl("quickstart", "app");
    assertEquals(8, lines(all).stream().filter(l -> l.matches("app:app_0\\d: started")).count(),
        all.toString());
    assertEquals(8, lines(all).size(), all.toString());
    assertEquals(0, all.exit());
    assertEquals(9, upProcesses().size());
  }

  @Test
  void aNameThatMatchesNothingIsAClearErrorWithAFailingExit() {
    CtlRunner.Result exact = ctl("quickstart", "app_99");
    assertEquals("app_99: ERROR (no such process)\n", exact.output());
    assertEquals(ExitStatus.GENERIC, exact.exit());
    CtlRunner.Result glob = ctl("quickstop", "zz*", "w0");
    assertEquals(List.of("zz*: ERROR (no such process)", "w0: resolved to pa:w0 pb:w0",
        "pa:w0: ERROR (not running)", "pb:w0: ERROR (not running)"), lines(glob), glob.toString());
    assertEquals(ExitStatus.GENERIC, glob.exit());
    CtlRunner.Result restart = ctl("quickrestart", "app_99", "worker");
    assertEquals(List.of("worker: resolved to app_03:worker", "app_99: ERROR (no such process)",
        "app_03:worker: ERROR (not running)", "app_03:worker: started"), lines(restart),
        restart.toString());
    assertEquals(ExitStatus.GENERIC, restart.exit());
    assertEquals(Map.of("app_03:worker", ProcessState.RUNNING), upProcesses());
  }

  @Test
  void plainStartAndStopStillReadABareNameAsSupervisorctlDoes() throws Exception {
    for (String line : List.of("start app_05", "stop app_05", "start app", "start app_03",
        "start w0", "start app_05 app:app_06", "stop app_05 app:app_06")) {
      String[] words = line.split(" ");
      CtlRunner.Result real = CtlRunner.real(args(words));
      Map<String, ProcessState> afterReal = upProcesses();
      client.stopAllProcesses(true);
      CtlRunner.Result ours = ctl(words);
      assertEquals(real, ours, line);
      assertEquals(afterReal, upProcesses(), line);
      client.stopAllProcesses(true);
    }
    // What the real supervisorctl says, so that a change on both sides cannot pass unnoticed.
    assertEquals("app_05: ERROR (no such process)\n[exit 1]",
        CtlRunner.real(args("start", "app_05")).toString());
    assertEquals("app_05: ERROR (no such process)\napp:app_06: started\n[exit 1]",
        CtlRunner.real(args("start", "app_05", "app:app_06")).toString());
  }
}
