package dev.jsupervisor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/testkit run} as a user runs it, with shell listeners and a scenario that only emits
 * two events: the end-of-scenario check passes a listener that behaves and fails, with exit status
 * 1 and one line naming the violation, each of three that do not.
 */
class EndCheckLauncherIT {
  /** Reads each event's header and payload, then writes {@code reply}. */
  private static String listener(String first, String reply) {
    return "printf '" + first + "'; while read -r h; do head -c \"${h##*len:}\" >/dev/null;"
        + " printf '" + reply + "'; done";
  }

  private static Launchers.Result testkit(Path dir, String listener, String... more)
      throws Exception {
    Path scenario = Files.writeString(dir.resolve("two.scenario"),
        "emit PROCESS_STATE_STARTING processname=web\n"
            + "emit PROCESS_STATE_STARTING processname=web\n");
    List<String> command = new ArrayList<>(List.of(
        Launchers.root().resolve("bin/testkit").toString(), "run", "--listener", listener,
        "--scenario", dir.relativize(scenario).toString()));
    command.addAll(List.of(more));
    return Launchers.run(dir, Map.of(), 120, command);
  }

  private static String failed(String message) {
    return "testkit: FAILED at the end of two.scenario: listener listener " + message + "\n";
  }

  @Test
  void aListenerThatBehavesPasses(@TempDir Path dir) throws Exception {
    Launchers.Result r = testkit(dir, listener("READY\\n", "RESULT 2\\nOKREADY\\n"));
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("testkit: OK: 2 steps, 0 expectations held\n", r.stdout());
  }

  @Test
  void threeBrokenListenersFailWithTheirViolation(@TempDir Path dir) throws Exception {
    String violated = "violated the event listener protocol: ";
    Launchers.Result hello = testkit(dir, listener("hello\\nREADY\\n", "RESULT 2\\nOKREADY\\n"));
    assertEquals(1, hello.exitCode(), hello.stderr());
    assertEquals(failed(violated + "listener wrote 'hello\\n' before READY; its first output must"
        + " be exactly 'READY\\n' (log to stderr instead)"), hello.stderr());

    Launchers.Result result3 = testkit(dir, listener("READY\\n", "RESULT 3\\nOKREADY\\n"));
    assertEquals(1, result3.exitCode(), result3.stderr());
    assertEquals(failed(violated + "result for event serial 0 (PROCESS_STATE_STARTING) has body"
        + " 'OKR', which is neither OK nor FAIL: 'RESULT 3' announced 3 bytes; the length must be"
        + " the exact byte count of the body (RESULT 2\\nOK or RESULT 4\\nFAIL)"), result3.stderr());

    Launchers.Result noReady = testkit(dir, listener("READY\\n", "RESULT 2\\nOK"),
        "--end-timeout", "500ms");
    assertEquals(1, noReady.exitCode(), noReady.stderr());
    assertEquals(failed("did not answer event serial 1 within 500 ms of the end of the test: it"
        + " answered event serial 0 (PROCESS_STATE_STARTING) but never wrote READY again"),
        noReady.stderr());
  }
}
