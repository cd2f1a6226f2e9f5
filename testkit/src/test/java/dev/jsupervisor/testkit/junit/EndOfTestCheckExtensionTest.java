package dev.jsupervisor.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.testkit.FakeSupervisor;
import dev.jsupervisor.testkit.ListenerProtocolError;
import dev.jsupervisor.testkit.ListenerScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * JUnit tests that use {@link FakeSupervisorExtension}, run here through the JUnit launcher: a
 * test that only emits events fails when its listener misbehaved, after the test body returned.
 */
class EndOfTestCheckExtensionTest {
  /** Where the tests below find their listener scripts; set only while they are launched. */
  static Path scripts;

  /** True while a test of this class launches {@link ListenerTests}. */
  static boolean launched() {
    return scripts != null;
  }

  @TempDir
  Path temp;

  /** Run only by the launcher from the tests of the outer class; disabled when found otherwise. */
  @EnabledIf("dev.jsupervisor.testkit.junit.EndOfTestCheckExtensionTest#launched")
  @ExtendWith(FakeSupervisorExtension.class)
  @FakeSupervisorOptions(timeoutMillis = 30_000)
  static class ListenerTests {
    private static void emitTwoEvents(FakeSupervisor sup, ListenerScripts script)
        throws Exception {
      sup.startListener(script.write(scripts));
      for (int i = 0; i < 2; i++) {
        sup.emit(Event.processState(ProcessState.STARTING, "web", "web", ProcessState.STOPPED,
            0, 0L, false));
      }
    }

    @Test
    void good(FakeSupervisor sup) throws Exception {
      emitTwoEvents(sup, ListenerScripts.GOOD);
    }

    @Test
    void helloBeforeReady(FakeSupervisor sup) throws Exception {
      emitTwoEvents(sup, ListenerScripts.HELLO_BEFORE_READY);
    }

    @Test
    void result3(FakeSupervisor sup) throws Exception {
      emitTwoEvents(sup, ListenerScripts.RESULT_3_OK);
    }

    @Test
    @FakeSupervisorOptions(endTimeoutMillis = 400)
    void noReadyAfterAck(FakeSupervisor sup) throws Exception {
      emitTwoEvents(sup, ListenerScripts.NO_READY_AFTER_ACK);
    }

    @Test
    @FakeSupervisorOptions(timeoutMillis = 350)
    void neverAnswers(FakeSupervisor sup) throws Exception {
      emitTwoEvents(sup, ListenerScripts.NEVER_ANSWERS);
    }

    @Test
    void failsOnItsOwn(FakeSupervisor sup) throws Exception {
      emitTwoEvents(sup, ListenerScripts.NEVER_ANSWERS);
      throw new AssertionError("the test's own failure");
    }
  }

  /** Runs one test of {@link ListenerTests}; returns its failure, or null when it passed. */
  private Throwable run(String method) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(ListenerTests.class, method, FakeSupervisor.class.getName()))
        .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    scripts = temp;
    try {
      launcher.execute(request, summary);
    } finally {
      scripts = null;
    }
    TestExecutionSummary result = summary.getSummary();
    assertEquals(1, result.getTestsStartedCount(), method + " did not run");
    List<TestExecutionSummary.Failure> failures = result.getFailures();
    return failures.isEmpty() ? null : failures.get(0).getException();
  }

  private String listenerFailure(String method) {
    Throwable failure = run(method);
    assertTrue(failure instanceof ListenerProtocolError, method + ": " + failure);
    return failure.getMessage();
  }

  @Test
  void aWellBehavedListenerPassesOnceBothEventsAreAnswered() throws Exception {
    assertEquals(null, run("good"));
    assertEquals(2, Files.readAllLines(ListenerScripts.GOOD.received(temp)).size());
  }

  @Test
  void brokenListenersFailTheTestThatDidNotWaitForThem() {
    String violated = "listener listener violated the event listener protocol: ";
    assertEquals(violated + "listener wrote 'hello\\n' before READY; its first output must be"
        + " exactly 'READY\\n' (log to stderr instead)", listenerFailure("helloBeforeReady"));
    assertEquals(violated + "result for event serial 0 (PROCESS_STATE_STARTING) has body 'OKR',"
        + " which is neither OK nor FAIL: 'RESULT 3' announced 3 bytes; the length must be the"
        + " exact byte count of the body (RESULT 2\\nOK or RESULT 4\\nFAIL)",
        listenerFailure("result3"));
    assertEquals("listener listener did not answer event serial 1 within 400 ms of the end of the"
        + " test: it answered event serial 0 (PROCESS_STATE_STARTING) but never wrote READY again",
        listenerFailure("noReadyAfterAck"));
  }

  @Test
  void theEndWaitTakesTheTimeoutWhenNoEndTimeoutIsSet() {
    assertEquals("listener listener did not answer event serials 0, 1 within 350 ms of the end of"
        + " the test: it holds event serial 0 (PROCESS_STATE_STARTING) and wrote only '' so far",
        listenerFailure("neverAnswers"));
  }

  @Test
  void aTestThatFailedOnItsOwnKeepsItsOwnFailure() {
    Throwable failure = run("failsOnItsOwn");
    assertEquals("the test's own failure", failure.getMessage());
    assertEquals(0, failure.getSuppressed().length, "the end check ran after a failed test");
  }
}
