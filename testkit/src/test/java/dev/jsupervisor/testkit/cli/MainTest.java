package dev.jsupervisor.testkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, with a Python childutils listener. */
class MainTest {
  private static final String RESOURCES = "src/test/resources/";
  private static final String RESTARTER =
      "/usr/bin/python3 " + RESOURCES + "listeners/restarter.py";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path temp;

  private int run(String... args) {
    return new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void assertNoStackTrace() {
    assertFalse(err().contains("\tat "), err());
    assertFalse(err().contains("Exception"), err());
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    assertEquals(0, run("--help"));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("Usage: testkit run --listener CMD --scenario FILE"), text);
    assertTrue(text.contains("expect call METHOD [ARG ...]"), text);
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run());
    assertTrue(err().contains("missing command: expected 'run'"), err());
    assertEquals(2, run("run", "--listener", "x"));
    assertTrue(err().contains("run needs --listener and --scenario"), err());
    assertEquals(2, run("--bogus"));
    assertTrue(err().contains("Unrecognized option: --bogus"), err());
    assertEquals(2, run("run", "-l", "x", "-s", "y", "-t", "soon"));
    assertTrue(err().contains("--timeout expects a whole number of seconds, got 'soon'"), err());
    assertNoStackTrace();
  }

  @Test
  void passingScenarioExitsZero() {
    int code = run("run", "--listener", RESTARTER, "--config", RESOURCES + "conf/restart.conf",
        "--scenario", RESOURCES + "scenarios/restart.scenario");
    assertEquals(0, code, err());
    assertEquals("testkit: OK: 14 steps, 7 expectations held\n",
        out.toString(StandardCharsets.UTF_8));
  }

  /** A listener that answers one event, writes READY and then never reads again. */
  private static final String ONE_SHOT = "printf 'READY\\n'; read -r h;"
      + " head -c \"${h##*len:}\" >/dev/null; printf 'RESULT 2\\nOKREADY\\n'; exec sleep 60";

  private Path oneShotScenario(boolean restart) throws Exception {
    Path scenario = temp.resolve("one-shot-" + restart + ".scenario");
    Files.writeString(scenario, String.join("\n",
        "ready",
        "emit REMOTE_COMMUNICATION type=a data=first",
        "expect ack",
        restart ? "restart-listener" : "# no restart",
        "ready",
        "emit REMOTE_COMMUNICATION type=b data=second",
        "expect ack",
        ""));
    return scenario;
  }

  @Test
  void restartListenerStartsTheListenerAgain() throws Exception {
    assertEquals(1, run("run", "--listener", ONE_SHOT, "--timeout", "1",
        "--scenario", oneShotScenario(false).toString()), "the one-shot listener answers once");
    err.reset();
    out.reset();
    int code = run("run", "--listener", ONE_SHOT, "--timeout", "5",
        "--scenario", oneShotScenario(true).toString());
    assertEquals(0, code, err());
    assertEquals("testkit: OK: 7 steps, 2 expectations held\n",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void firstFailedExpectationIsNamedAndExitsOne() {
    int code = run("run", "--listener", RESTARTER, "--config", RESOURCES + "conf/restart.conf",
        "--timeout", "1", "--scenario", RESOURCES + "scenarios/wrong-expectation.scenario");
    assertEquals(1, code, err());
    assertTrue(err().startsWith("testkit: FAILED " + RESOURCES
        + "scenarios/wrong-expectation.scenario:4: 'expect call startProcess web' failed: no call"
        + " startProcess web within 1000 ms; calls received: [supervisor.startProcess('worker',"
        + " false)]"), err());
  }

  @Test
  void expectCallLinesAssertTheOrderOfCalls() throws Exception {
    Path scenario = Files.writeString(temp.resolve("s"), String.join("\n", "ready",
        "place web RUNNING", "place worker RUNNING", "crash web 2",
        "expect call startProcess web", "crash worker 2", "expect call startProcess worker",
        "expect call startProcess web", ""));
    int code = run("run", "--listener", RESTARTER, "--config", RESOURCES + "conf/restart.conf",
        "--timeout", "1", "--scenario", scenario.toString());
    assertEquals(1, code, err());
    assertTrue(err().contains("s:8: 'expect call startProcess web' failed: no call startProcess"
        + " web after call #1 within 1000 ms; calls received: [supervisor.startProcess('web',"
        + " false), supervisor.startProcess('worker', false)]"), err());
  }

  @Test
  void protocolViolationFailsTheExpectationThatMeetsIt() throws Exception {
    Path scenario = Files.writeString(temp.resolve("s"), "ready\nemit TICK_5\nexpect ack\n"
        + "emit TICK_5\nexpect ack\n");
    int code = run("run", "--timeout", "2", "--scenario", scenario.toString(), "--listener",
        "/usr/bin/python3 " + RESOURCES + "listeners/broken.py trailing-newline");
    assertEquals(1, code, err());
    assertTrue(err().contains(":5: 'expect ack' failed: listener listener violated the event"
        + " listener protocol: after the result of event serial 0 (TICK_5)"), err());
  }

  @Test
  void badScenarioNamesFileAndLineAndNothingRuns() {
    assertEquals(2, run("run", "--listener", "exit 1", "--scenario",
        RESOURCES + "scenarios/typo.scenario"));
    assertTrue(err().startsWith("testkit: " + RESOURCES + "scenarios/typo.scenario:3: unknown"
        + " command 'emti'"), err());
    assertNoStackTrace();
  }

  @Test
  void aListenerThatCannotStartFailsTheFirstStepWithItsStderr() throws Exception {
    Path scenario = Files.writeString(temp.resolve("s"), "ready\n");
    assertEquals(1, run("run", "--listener", "/no/such/listener", "--scenario",
        scenario.toString()));
    assertTrue(err().contains("s:1: 'ready' failed: listener listener exited (exit status 127);"
        + " its stderr ends with: /bin/sh: 1: /no/such/listener: not found"), err());
  }

  @Test
  void unknownProgramInAScenarioIsAScenarioError() throws Exception {
    Path scenario = Files.writeString(temp.resolve("s"), "ready\nstart nosuch\n");
    assertEquals(2, run("run", "--listener", RESTARTER, "--scenario", scenario.toString()));
    assertTrue(err().contains("s:2: 'start nosuch': BAD_NAME: nosuch"), err());
    assertNoStackTrace();
  }

  @Test
  void missingFilesAndBadConfigsAreUserErrors() throws Exception {
    assertEquals(2, run("run", "--listener", "x", "--scenario", temp.resolve("none").toString()));
    assertTrue(err().contains("none: no such scenario file"), err());
    Path scenario = Files.writeString(temp.resolve("s"), "ready\n");
    Path config = Files.writeString(temp.resolve("bad.conf"), "[program:x]\nstartsecs=soon\n");
    assertEquals(2, run("run", "--listener", "x", "--scenario", scenario.toString(),
        "--config", config.toString()));
    assertTrue(err().contains("bad.conf: "), err());
    assertEquals(2, run("run", "--listener", "x", "--scenario", scenario.toString(),
        "--config", RESOURCES + "conf/restart.conf", "--pool", "nosuch"));
    assertTrue(err().contains("conf/restart.conf has no [eventlistener:nosuch]"), err());
    Path binary = Files.write(temp.resolve("bin"), new byte[] {(byte) 0xff, (byte) 0xfe});
    assertEquals(2, run("run", "--listener", "x", "--scenario", binary.toString()));
    assertTrue(err().contains("bin: not UTF-8 text"), err());
    assertNoStackTrace();
  }
}
