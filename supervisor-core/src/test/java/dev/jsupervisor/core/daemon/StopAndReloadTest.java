package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shutdown and reload of a real jsupervisord: priority tiers on SIGTERM, every child reaped on
 * SIGINT, reload by SIGHUP and by {@code supervisorctl reload} keeping the daemon's pid; the
 * supervisord 4.2.5 oracle runs alongside where the behaviour is meant to be the same.
 */
final class StopAndReloadTest {
  /** A high-priority-number program: marks itself alive, dies 0.5 s after SIGTERM. */
  private static final String HIGH_TIER_SCRIPT =
      """
      touch "$1.alive"
      trap 'sleep 0.5; rm -f "$1.alive"; exit 0' TERM
      while :; do sleep 0.1; done
      """;

  /** A low-priority-number program: on SIGTERM, records how many high-tier ones are alive. */
  private static final String LOW_TIER_SCRIPT =
      """
      trap 'ls "$1" | grep -c "[.]alive$" > "$1/low.seen"; exit 0' TERM
      while :; do sleep 0.1; done
      """;

  /**
   * One of two equal-priority programs in different groups: on SIGTERM it waits up to 3 s for
   * the other one's SIGTERM and records whether it came ("together") or not ("alone").
   */
  private static final String PAIR_SCRIPT =
      """
      trap 'touch "$1.term"; n=0
      while [ ! -e "$2.term" ] && [ $n -lt 30 ]; do sleep 0.1; n=$((n+1)); done
      if [ -e "$2.term" ]; then echo together > "$1.result"; else echo alone > "$1.result"; fi
      exit 0' TERM
      while :; do sleep 0.1; done
      """;

  private static final String TIERS =
      LiveDaemon.CONFIG_HEADER
          + """

          [program:high]
          command=sh @DIR@/high.sh @DIR@/high%(process_num)d
          numprocs=2
          process_name=high_%(process_num)d
          priority=20
          startsecs=0

          [program:low]
          command=sh @DIR@/low.sh @DIR@
          priority=10
          startsecs=0

          [program:left]
          command=sh @DIR@/pair.sh @DIR@/left @DIR@/right
          priority=30
          startsecs=0

          [program:right]
          command=sh @DIR@/pair.sh @DIR@/right @DIR@/left
          priority=30
          startsecs=0
          """;

  private static final String SLEEPERS =
      LiveDaemon.CONFIG_HEADER
          + """

          [program:one]
          command=sleep 1000
          startsecs=0

          [program:family]
          command=sh -c "sleep 1000 & exec sleep 1000"
          startsecs=0
          stopasgroup=true

          [program:many]
          command=sleep 1000
          numprocs=4
          process_name=many_%(process_num)d
          startsecs=0
          """;

  /** One program; [supervisord] user= names the user running the test (no switch needed). */
  private static final String ONE_PROGRAM =
      LiveDaemon.CONFIG_HEADER.replace("nodaemon=true", "nodaemon=true\nuser=" + System.getProperty("user.name"))
          + """

          [inet_http_server]
          port=127.0.0.1:@PORT@

          [program:one]
          command=sleep 1000
          startsecs=0
          """;

  @RegisterExtension
  final LiveDaemons daemons =
      new LiveDaemons(
          d -> {
            Files.writeString(d.dir.resolve("high.sh"), HIGH_TIER_SCRIPT);
            Files.writeString(d.dir.resolve("low.sh"), LOW_TIER_SCRIPT);
            Files.writeString(d.dir.resolve("pair.sh"), PAIR_SCRIPT);
          });

  @Test
  void sigtermStopsTheHigherPriorityNumberTierFirstAndEqualPrioritiesTogether() throws Exception {
    List<LiveDaemon> started = daemons.startBoth(TIERS);
    LiveDaemon oracle = started.get(0);
    LiveDaemon ours = started.get(1);
    for (LiveDaemon d : List.of(oracle, ours)) {
      await().atMost(LiveDaemon.PATIENCE).until(() -> allRunning(d, 5));
      d.signal("TERM");
    }
    assertEquals(0, ours.awaitExit(LiveDaemon.PATIENCE));
    assertEquals(0, oracle.awaitExit(LiveDaemon.PATIENCE));

    // Tier 20 had fully exited before tier 10 got its SIGTERM, in both daemons.
    assertEquals("0", read(oracle, "low.seen"));
    assertEquals("0", read(ours, "low.seen"));
    // jsupervisord signals equal priorities of different groups at once; supervisord 4.2.5 stops
    // one group at a time, so there one of the two waited alone (the test can tell them apart).
    assertEquals("together", read(ours, "left.result"));
    assertEquals("together", read(ours, "right.result"));
    assertEquals(
        Set.of("alone", "together"), Set.of(read(oracle, "left.result"), read(oracle, "right.result")));
  }

  @Test
  void sigintStopsAndReapsEveryChildBeforeExit() throws Exception {
    LiveDaemon ours = daemons.start(Kind.JSUPERVISORD, SLEEPERS);
    await().atMost(LiveDaemon.PATIENCE).until(() -> allRunning(ours, 6));
    List<ProcTable.Row> children = ProcTable.childrenOf(ours.pid());
    assertEquals(6, children.size(), children.toString());
    List<Long> marked = ProcTable.withEnvironment("PARITY_MARK=" + ours.dir);
    assertEquals(7, marked.size(), "six children and the family's background sleep: " + marked);

    ours.signal("INT");
    assertEquals(0, ours.awaitExit(LiveDaemon.PATIENCE));

    for (ProcTable.Row child : children) {
      assertFalse(ProcTable.stillExists(child), "left behind (orphan or zombie): " + child);
    }
    assertEquals(List.of(), ProcTable.withEnvironment("PARITY_MARK=" + ours.dir));
    String log = ours.mainLog();
    assertTrue(log.contains("received SIGINT indicating exit request"), log);
    for (String name : List.of("one", "family", "many_0", "many_1", "many_2", "many_3")) {
      assertTrue(log.contains("stopped: " + name + " (terminated by SIGTERM)"), name + "\n" + log);
    }
  }

  @Test
  void signalsIgnoredByTheLaunchingShellAreTakenAnyway() throws Exception {
    // A shell that starts a job in the background (or nohup) hands it INT/HUP ignored; the JDK
    // would keep them ignored. supervisord reloads on HUP and exits on INT regardless.
    try (LiveDaemons launchedIgnoring =
        new LiveDaemons(
            d -> d.wrapper.addAll(List.of("/bin/sh", "-c", "trap '' INT HUP; exec \"$0\" \"$@\"")))) {
      LiveDaemon ours = launchedIgnoring.start(Kind.JSUPERVISORD, SLEEPERS);
      await().atMost(LiveDaemon.PATIENCE).until(() -> allRunning(ours, 6));
      ours.signal("HUP");
      await()
          .atMost(LiveDaemon.PATIENCE)
          .until(() -> ours.mainLog().contains("received SIGHUP indicating restart request"));
      await().atMost(LiveDaemon.PATIENCE).until(() -> allRunning(ours, 6));
      ours.signal("INT");
      assertEquals(0, ours.awaitExit(LiveDaemon.PATIENCE));
      assertTrue(ours.mainLog().contains("received SIGINT indicating exit request"), ours.mainLog());
    }
  }

  @Test
  void sighupRestartsEveryProgramInTheSameDaemon() throws Exception {
    reloadBoth(
        d -> {
          d.signal("HUP");
          await()
              .atMost(LiveDaemon.PATIENCE)
              .until(() -> d.mainLog().contains("received SIGHUP indicating restart request"));
        });
  }

  @Test
  void supervisorctlReloadRestartsEveryProgramInTheSameDaemon() throws Exception {
    reloadBoth(d -> assertEquals(new LiveDaemon.Output(0, "Restarted supervisord\n", ""), d.ctl("reload")));
  }

  /** Something done to one daemon to make it reload. */
  interface Reload {
    void trigger(LiveDaemon d) throws Exception;
  }

  /**
   * Reloads both daemons the same way: every program is RUNNING again (as new children), the
   * daemon keeps its pid and pidfile, and the status equals supervisord's.
   */
  private void reloadBoth(Reload reload) throws Exception {
    List<LiveDaemon> started = daemons.startBoth(SLEEPERS);
    LiveDaemon oracle = started.get(0);
    LiveDaemon ours = started.get(1);
    for (LiveDaemon d : started) {
      await().atMost(LiveDaemon.PATIENCE).until(() -> allRunning(d, 6));
    }
    List<ProcTable.Row> before = ProcTable.childrenOf(ours.pid());
    for (LiveDaemon d : started) {
      reload.trigger(d);
    }
    for (LiveDaemon d : started) {
      await()
          .atMost(LiveDaemon.PATIENCE)
          .until(() -> Masks.count(d.mainLog(), "success: many_3") == 2 && allRunning(d, 6));
    }
    assertTrue(ours.isAlive());
    assertEquals(String.valueOf(ours.pid()), Files.readString(ours.dir.resolve("d.pid")).strip());
    for (ProcTable.Row old : before) {
      assertFalse(ProcTable.stillExists(old), "old child survived the reload: " + old);
    }
    List<ProcTable.Row> after = ProcTable.childrenOf(ours.pid());
    assertEquals(before.size(), after.size(), after.toString());
    assertNotEquals(before, after);
    assertEquals(
        Masks.mask(oracle.ctl("status").stdout(), oracle), Masks.mask(ours.ctl("status").stdout(), ours));
  }

  /**
   * The whole main log, daemon lines included, of start, SIGHUP, supervisorctl reload, SIGUSR2
   * and SIGTERM with one program (so the order is deterministic) equals supervisord's.
   */
  @Test
  void mainLogOfReloadsReopenAndShutdownMatchesSupervisord() throws Exception {
    List<LiveDaemon> started = daemons.startBoth(ONE_PROGRAM);
    LiveDaemon oracle = started.get(0);
    LiveDaemon ours = started.get(1);
    List<LiveDaemon> pair = List.of(oracle, ours);
    awaitInBoth(pair, "success: one", 1);
    for (LiveDaemon d : pair) {
      d.signal("HUP");
    }
    awaitInBoth(pair, "success: one", 2);
    for (LiveDaemon d : pair) {
      assertEquals("Restarted supervisord\n", d.ctl("reload").stdout());
    }
    awaitInBoth(pair, "success: one", 3);
    for (LiveDaemon d : pair) {
      d.signal("USR2");
    }
    awaitInBoth(pair, "supervisord logreopen", 1);
    for (LiveDaemon d : pair) {
      d.signal("TERM");
      assertEquals(0, d.awaitExit(LiveDaemon.PATIENCE));
    }
    assertEquals(Masks.mask(oracle.mainLog(), oracle), Masks.mask(ours.mainLog(), ours));
  }

  private static void awaitInBoth(List<LiveDaemon> pair, String text, int times) {
    for (LiveDaemon d : pair) {
      await().atMost(LiveDaemon.PATIENCE).until(() -> Masks.count(d.mainLog(), text) == times);
    }
  }

  /** True when {@code supervisorctl status} lists {@code n} processes, all RUNNING. */
  private static boolean allRunning(LiveDaemon d, int n) throws Exception {
    LiveDaemon.Output status = d.ctl("status");
    return status.exitCode() == 0 && Masks.count(status.stdout(), " RUNNING ") == n;
  }

  private static String read(LiveDaemon d, String file) throws Exception {
    Path f = d.dir.resolve(file);
    return Files.exists(f) ? Files.readString(f).strip() : "(no " + file + ")";
  }
}
