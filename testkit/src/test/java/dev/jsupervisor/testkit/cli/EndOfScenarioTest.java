package dev.jsupervisor.testkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.testkit.ListenerScripts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testkit run} with scenarios that only emit events (no expectation lines): the run passes
 * only if the listener answered every event and behaved, checked after the last line.
 */
class EndOfScenarioTest {
  private static final String LISTENER = "listener listener ";
  private static final String VIOLATED = LISTENER + "violated the event listener protocol: ";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path temp;
  private Path twoEvents;

  @BeforeEach
  void writeScenario() throws Exception {
    twoEvents = Files.writeString(temp.resolve("two-events.scenario"),
        "emit PROCESS_STATE_STARTING processname=web\n"
            + "emit PROCESS_STATE_STARTING processname=web\n");
  }

  private int run(String listener, Path scenario, String... options) {
    out.reset();
    err.reset();
    List<String> args = new ArrayList<>(List.of("run", "--listener", listener, "--scenario",
        scenario.toString()));
    args.addAll(List.of(options));
    return new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args.toArray(String[]::new));
  }

  private String failure(String message) {
    return "testkit: FAILED at the end of " + twoEvents + ": " + message + "\n";
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aWellBehavedListenerPassesAfterAnsweringBothEvents() throws Exception {
    assertEquals(0, run(ListenerScripts.GOOD.shellCommand(temp), twoEvents), err());
    assertEquals("testkit: OK: 2 steps, 0 expectations held\n",
        out.toString(StandardCharsets.UTF_8));
    assertEquals(2, Files.readAllLines(ListenerScripts.GOOD.received(temp)).size(),
        "the run ended before the listener had read both events");
  }

  @Test
  void writingBeforeReadyFails() throws Exception {
    assertEquals(1, run(ListenerScripts.HELLO_BEFORE_READY.shellCommand(temp), twoEvents));
    assertEquals(failure(VIOLATED + "listener wrote 'hello\\n' before READY; its first output"
        + " must be exactly 'READY\\n' (log to stderr instead)"), err());
  }

  @Test
  void aResultLengthThatIsNotTheBodysFails() throws Exception {
    assertEquals(1, run(ListenerScripts.RESULT_3_OK.shellCommand(temp), twoEvents));
    assertEquals(failure(VIOLATED + "result for event serial 0 (PROCESS_STATE_STARTING) has body"
        + " 'OKR', which is neither OK nor FAIL: 'RESULT 3' announced 3 bytes; the length must be"
        + " the exact byte count of the body (RESULT 2\\nOK or RESULT 4\\nFAIL)"), err());

    assertEquals(1, run(ListenerScripts.RESULT_3_OK_THEN_WAITS.shellCommand(temp), twoEvents,
        "--end-timeout", "300ms"));
    assertEquals(failure(LISTENER + "did not answer event serials 0, 1 within 300 ms of the end"
        + " of the test: it holds event serial 0 (PROCESS_STATE_STARTING) and wrote only"
        + " 'RESULT 3\\nOK' so far ('RESULT 3' announced 3 bytes of body and only 2 came; the"
        + " length must be the exact byte count of the body, RESULT 2\\nOK)"), err());
  }

  @Test
  void noReadyAfterTheFirstAckFails() throws Exception {
    assertEquals(1, run(ListenerScripts.NO_READY_AFTER_ACK.shellCommand(temp), twoEvents,
        "--end-timeout", "300ms"));
    assertEquals(failure(LISTENER + "did not answer event serial 1 within 300 ms of the end of"
        + " the test: it answered event serial 0 (PROCESS_STATE_STARTING) but never wrote READY"
        + " again"), err());
  }

  @Test
  void theEndWaitHasADeadlineThatDefaultsToTheTimeoutAndCanBeSet() throws Exception {
    String silent = ListenerScripts.NEVER_ANSWERS.shellCommand(temp);
    String holds = " of the end of the test: it holds event serial 0 (PROCESS_STATE_STARTING)"
        + " and wrote only '' so far";
    assertEquals(1, run(silent, twoEvents, "--timeout", "1"));
    assertEquals(failure(LISTENER + "did not answer event serials 0, 1 within 1000 ms" + holds),
        err());
    assertEquals(1, run(silent, twoEvents, "--timeout", "30", "--end-timeout", "250ms"));
    assertEquals(failure(LISTENER + "did not answer event serials 0, 1 within 250 ms" + holds),
        err());
  }

  @Test
  void aListenerThatNeverBecomesReadyFailsEvenWithoutEvents() throws Exception {
    Path idle = Files.writeString(temp.resolve("idle.scenario"), "advance 1s\n");
    assertEquals(1, run("exec sleep 60", idle, "--end-timeout", "200ms"));
    assertEquals("testkit: FAILED at the end of " + idle + ": " + LISTENER
        + "never wrote READY within 200 ms; it wrote ''\n", err());
    assertEquals(1, run("echo oops >&2; exit 3", idle));
    assertEquals("testkit: FAILED at the end of " + idle + ": " + LISTENER
        + "exited (exit status 3) before it ever wrote READY; its stderr ends with: oops\n", err());
  }

  @Test
  void aBadEndTimeoutIsAUsageError() throws Exception {
    for (String bad : List.of("soon", "-1", "2h", "5 s", "", "1.5s", "999999999999h",
        "9999999999999ms")) {
      assertEquals(2, run("true", twoEvents, "--end-timeout", bad), bad);
      assertTrue(err().startsWith("testkit: --end-timeout expects a duration such as 5s or"
          + " 250ms, at most 1h, got '" + bad + "'\n"), err());
    }
    assertEquals(2, run("true", twoEvents, "--end-timeout", "61m"));
    assertEquals(0, run(ListenerScripts.GOOD.shellCommand(temp), twoEvents, "--end-timeout", "1h"),
        err());
  }
}
