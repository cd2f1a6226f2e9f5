package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3: on one config, supervisord 4.2.5 and jsupervisord reach the same process states and
 * write the same main-log lines per process for a normal start, a crash loop ending in FATAL,
 * exit codes with autorestart=unexpected, a program ignoring SIGTERM and numprocs=32; and on
 * SIGTERM each stops and reaps every child before it exits.
 */
final class StateParityTest {
  // crash has startsecs=3, not 1: supervisord spawns all 36 autostart programs and then reaps in
  // one loop pass, so on a loaded machine it may first see crash's exit after more than a second
  // and count it as a normal exit (restarting it afresh instead of backing off).
  static final String CONFIG =
      LiveDaemon.CONFIG_HEADER
          + """

      [program:normal]
      command=sleep 1000
      startsecs=1

      [program:crash]
      command=sh -c "exit 1"
      startsecs=3
      startretries=2

      [program:expected]
      command=sh -c "sleep 1.3; exit 3"
      startsecs=1
      autorestart=unexpected
      exitcodes=0,3

      [program:unexpected]
      command=sh -c "if [ -e once ]; then exec sleep 1000; fi; touch once; sleep 1.3; exit 4"
      directory=@DIR@
      startsecs=1
      autorestart=unexpected
      exitcodes=0,3

      [program:stubborn]
      command=sh -c "trap '' TERM; exec sleep 1000"
      startsecs=0
      stopwaitsecs=1

      [program:many]
      command=sleep 1000
      numprocs=32
      process_name=%(program_name)s_%(process_num)02d
      startsecs=0
      """;

  @RegisterExtension
  final LiveDaemons daemons = new LiveDaemons(d -> {});

  @Test
  void sameStatesAndPerProcessLogLinesAsSupervisord() throws Exception {
    List<LiveDaemon> pair = daemons.startBoth(CONFIG);
    LiveDaemon oracle = pair.get(0);
    LiveDaemon ours = pair.get(1);
    for (LiveDaemon d : List.of(oracle, ours)) {
      await("settled states of " + d.kind)
          .atMost(LiveDaemon.PATIENCE)
          .until(() -> settled(d.mainLog()));
    }

    LiveDaemon.Output expectedStatus = oracle.ctl("status");
    LiveDaemon.Output actualStatus = ours.ctl("status");
    assertEquals(3, expectedStatus.exitCode(), "the oracle has non-running processes");
    assertEquals(expectedStatus.exitCode(), actualStatus.exitCode());
    assertEquals(Masks.mask(expectedStatus.stdout(), oracle), Masks.mask(actualStatus.stdout(), ours));
    assertTrue(actualStatus.stdout().contains("FATAL     Exited too quickly"), actualStatus.stdout());

    List<ProcTable.Row> children = ProcTable.childrenOf(ours.pid());
    assertEquals(35, children.size(), "normal, unexpected, stubborn and 32 many each have a child: " + children);
    oracle.signal("TERM");
    ours.signal("TERM");
    assertEquals(0, oracle.awaitExit(LiveDaemon.PATIENCE));
    assertEquals(0, ours.awaitExit(LiveDaemon.PATIENCE));

    String oracleLog = oracle.mainLog();
    String ourLog = ours.mainLog();
    for (String process : processNames()) {
      assertEquals(
          Masks.processLines(oracleLog, oracle, process),
          Masks.processLines(ourLog, ours, process),
          "main-log lines of " + process);
    }
    assertTrue(ourLog.contains("killing 'stubborn'"), "the SIGTERM-ignoring program was killed");
    assertTrue(
        Masks.processLines(ourLog, ours, "crash").contains(
            "INFO gave up: crash entered FATAL state, too many start retries too quickly"));

    for (ProcTable.Row child : children) {
      assertFalse(ProcTable.stillExists(child), "left behind (orphan or zombie): " + child);
    }
    assertEquals(List.of(), ProcTable.withEnvironment("PARITY_MARK=" + ours.dir));
  }

  private static boolean settled(String log) {
    return log.contains("gave up: crash")
        && log.contains("exited: expected (exit status 3; expected)")
        && Masks.count(log, "success: unexpected entered RUNNING") == 2
        && log.contains("success: normal entered RUNNING")
        && Masks.count(log, "success: many_") == 32
        && log.contains("success: stubborn");
  }

  private static List<String> processNames() {
    List<String> names =
        new ArrayList<>(List.of("normal", "crash", "expected", "unexpected", "stubborn"));
    for (int i = 0; i < 32; i++) {
      names.add(String.format("many_%02d", i));
    }
    return names;
  }
}
