package dev.jsupervisor.listeners.ordered;

import static dev.jsupervisor.listeners.control.ConfigFixtures.group;
import static dev.jsupervisor.listeners.control.ConfigFixtures.listenerPool;
import static dev.jsupervisor.listeners.control.ConfigFixtures.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.listeners.control.ConfigFixtures.Prog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StartupPlanTest {

  private static Prog dependent(String name, String waitFor) {
    Prog p = program(name).autostart(false).key("dependent_startup", "true");
    return waitFor == null ? p : p.key("dependent_startup_wait_for", waitFor);
  }

  private static StartupPlan plan(GroupConfig... groups) throws PlanException {
    return StartupPlan.from(List.of(groups));
  }

  private static List<String> problems(GroupConfig... groups) {
    return assertThrows(PlanException.class, () -> plan(groups)).problems();
  }

  @Test
  void cycleIsRefusedNamingEveryProgramOnIt() {
    List<String> problems =
        problems(
            dependent("a", "c").group(),
            dependent("b", "a").group(),
            dependent("c", "b").group(),
            dependent("free", null).group());
    assertEquals(1, problems.size(), problems.toString());
    String p = problems.get(0);
    assertTrue(p.startsWith("dependency cycle: "), p);
    assertTrue(p.contains("a -> c -> b -> a"), p);
    assertFalse(p.contains("free"), p);
  }

  @Test
  void selfDependencyAndChainPlusWaitForCyclesAreFound() {
    assertEquals(
        List.of("dependency cycle: a -> a (each program waits for the next; none of them can"
            + " ever start)"),
        problems(dependent("a", "a").group()));
    List<String> mixed =
        problems(
            program("x").priority(1).autostart(false).key("startinorder", "true").group(),
            dependent("y", "z").priority(2).group(),
            dependent("z", "y").priority(3).group());
    assertTrue(mixed.get(0).contains("y -> z -> y"), mixed.toString());
  }

  @Test
  void unknownProgramsAreNamedWithTheirWaiter() {
    assertEquals(
        List.of("program 'web' waits for unknown program 'dbx' (dependent_startup_wait_for=dbx"
            + ":running cache)",
            "program 'web' waits for unknown program 'cache' (dependent_startup_wait_for=dbx"
            + ":running cache)"),
        problems(dependent("web", "dbx:running cache").group(), program("db").group()));
  }

  @Test
  void badValuesAreReportedWithProgramAndKey() {
    List<String> problems =
        problems(
            program("a").key("startinorder", "maybe").group(),
            program("b").key("startinorder", "true").key("startnextafter", "done").group(),
            dependent("c", "a:bogus").group(),
            program("d").key("startready", "tcp:localhost:http").group(),
            program("e").key("startready", "ftp://x").group(),
            program("f").key("start_timeout", "-3").group(),
            program("g").key("startready_timeout", "soon").group(),
            program("h").key("startready", "cmd:   ").group());
    assertEquals(
        List.of(
            "program 'a': startinorder='maybe' is not a boolean (true or false)",
            "program 'b': startnextafter='done' is not one of stopped, starting, running,"
                + " backoff, stopping, exited, fatal",
            "program 'd': startready='tcp:localhost:http' needs the form tcp:HOST:PORT with a"
                + " port from 1 to 65535",
            "program 'e': startready='ftp://x' is not tcp:HOST:PORT, http://URL, https://URL or"
                + " cmd:COMMAND",
            "program 'f': start_timeout='-3' is not a positive number of seconds",
            "program 'g': startready_timeout='soon' is not a positive number of seconds",
            "program 'h': startready='cmd:' names no command",
            "program 'c': dependent_startup_wait_for entry 'a:bogus' names states other than"
                + " starting, running, backoff, stopping, exited, fatal"),
        problems);
  }

  @Test
  void nodesCarryStatesReadinessTimeoutsAndGroupAddressing() throws Exception {
    StartupPlan plan =
        plan(
            group("g", 5,
                dependent("db", null).numprocs(2).key("startready", "cmd:pg_isready")
                    .key("startready_timeout", "7").key("start_timeout", "30"),
                dependent("api", "g:db:running,exited db:starting")),
            listenerPool("ordered"));
    PlanNode db = plan.node("g:db");
    assertEquals(List.of("db_00", "db_01"), db.processNames());
    assertEquals("g:db_01", db.namespec("db_01"));
    assertEquals(new ReadinessCheck.Command("pg_isready"), db.readiness());
    assertEquals(Duration.ofSeconds(7), db.readinessTimeout());
    assertEquals(Duration.ofSeconds(30), db.startTimeout());
    PlanNode api = plan.node("g:api");
    assertEquals(
        List.of(
            new Dependency("g:db", Set.of(ProcessState.RUNNING, ProcessState.EXITED),
                "dependent_startup_wait_for"),
            new Dependency("g:db", Set.of(ProcessState.STARTING), "dependent_startup_wait_for")),
        api.dependencies());
    assertEquals(List.of("g:db", "g:api"), plan.nodes().stream().map(PlanNode::id).toList());
    assertNull(plan.node("ordered"), "listener pools never take part");
  }

  @Test
  void chainLinksFollowPriorityOrderAndDefaultToRunning() throws Exception {
    StartupPlan plan =
        plan(
            program("c").priority(30).autostart(false).key("startinorder", "true").group(),
            program("a").priority(10).autostart(false).key("startinorder", "TRUE")
                .key("startnextafter", "EXITED").group(),
            program("b").priority(20).autostart(false).key("startinorder", "yes").group(),
            program("unrelated").priority(5).group());
    assertEquals(List.of("a", "b", "c"), plan.nodes().stream().map(PlanNode::id).toList());
    assertEquals(List.of(new Dependency("a", Set.of(ProcessState.EXITED), "startnextafter")),
        plan.node("b").dependencies());
    assertEquals(List.of(new Dependency("b", Set.of(ProcessState.RUNNING), "startnextafter")),
        plan.node("c").dependencies());
    assertTrue(plan.node("a").managed());
    assertTrue(plan.warnings().isEmpty(), plan.warnings().toString());
  }

  @Test
  void surprisingConfigsGetWarnings() throws Exception {
    StartupPlan plan =
        plan(
            program("base").autostart(false).group(),
            dependent("eager", "base").autostart(true).group(),
            program("loose").key("dependent_startup_wait_for", "base").group());
    assertEquals(
        List.of(
            "program 'loose': dependent_startup_wait_for is ignored because dependent_startup"
                + " is not true",
            "program 'base' is waited for by eager, but nothing starts it (autostart=false and"
                + " neither dependent_startup nor startinorder)",
            "program 'eager' has autostart=true: supervisord starts it at once, without waiting"
                + " for base:running; set autostart=false"),
        plan.warnings());
    assertFalse(plan.node("eager").managed());
    assertFalse(plan.node("base").managed());
  }

  @Test
  void bareNameOfAProgramInTwoGroupsWaitsForBoth() throws Exception {
    StartupPlan plan =
        plan(group("g1", 1, program("shared")), group("g2", 2, program("shared")),
            dependent("user", "shared").group());
    assertEquals(List.of("g1:shared", "g2:shared"),
        plan.node("user").dependencies().stream().map(Dependency::target).toList());
  }

  @Test
  void emptyConfigGivesEmptyPlan() throws Exception {
    assertTrue(plan(program("plain").group()).isEmpty());
  }
}
