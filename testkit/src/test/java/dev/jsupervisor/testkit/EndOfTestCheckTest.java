package dev.jsupervisor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.ListenerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-of-test check of {@link FakeSupervisor}: closing it waits for the answer to every event
 * emitted and fails with the listener's misbehaviour, even when the test never waited itself.
 */
class EndOfTestCheckTest {
  private static final String VIOLATED = "listener listener violated the event listener protocol: ";

  @TempDir
  Path temp;
  private FakeSupervisor sup;

  @AfterEach
  void release() {
    if (sup != null) {
      sup.skipEndCheck();
      sup.close();
    }
  }

  /** A fake whose listener is {@code script}, sent two events the test does not wait for. */
  private FakeSupervisor twoEventsTo(ListenerScripts script, Duration endTimeout)
      throws Exception {
    sup = FakeSupervisor.builder().timeout(Duration.ofSeconds(30)).endTimeout(endTimeout).build();
    sup.startListener(script.write(temp));
    for (int i = 0; i < 2; i++) {
      sup.emit(Event.processState(ProcessState.STARTING, "web", "web", ProcessState.STOPPED,
          0, 0L, false));
    }
    return sup;
  }

  private String closeFailure(FakeSupervisor fake) {
    return assertThrows(ListenerProtocolError.class, fake::close).getMessage();
  }

  @Test
  void aWellBehavedListenerIsWaitedForAndPasses() throws Exception {
    FakeSupervisor fake = twoEventsTo(ListenerScripts.GOOD, Duration.ofSeconds(30));
    fake.verifyListener();
    assertEquals(2, Files.readAllLines(ListenerScripts.GOOD.received(temp)).size());
    assertEquals(ListenerState.READY, fake.listenerState());
    fake.close(); // already checked: no second wait, nothing thrown
  }

  @Test
  void closingFailsForAListenerThatWroteBeforeReady() throws Exception {
    assertEquals(VIOLATED + "listener wrote 'hello\\n' before READY; its first output must be"
            + " exactly 'READY\\n' (log to stderr instead)",
        closeFailure(twoEventsTo(ListenerScripts.HELLO_BEFORE_READY, Duration.ofSeconds(30))));
  }

  @Test
  void closingFailsForAWrongResultLength() throws Exception {
    assertEquals(VIOLATED + "result for event serial 0 (PROCESS_STATE_STARTING) has body 'OKR',"
            + " which is neither OK nor FAIL: 'RESULT 3' announced 3 bytes; the length must be the"
            + " exact byte count of the body (RESULT 2\\nOK or RESULT 4\\nFAIL)",
        closeFailure(twoEventsTo(ListenerScripts.RESULT_3_OK, Duration.ofSeconds(30))));
  }

  @Test
  void closingFailsForAListenerThatNeverWritesReadyAgain() throws Exception {
    assertEquals("listener listener did not answer event serial 1 within 400 ms of the end of the"
            + " test: it answered event serial 0 (PROCESS_STATE_STARTING) but never wrote READY"
            + " again",
        closeFailure(twoEventsTo(ListenerScripts.NO_READY_AFTER_ACK, Duration.ofMillis(400))));
  }

  @Test
  void theEndTimeoutIsItsOwnDeadlineAndDefaultsToTheTimeout() throws Exception {
    assertEquals("listener listener did not answer event serials 0, 1 within 300 ms of the end of"
            + " the test: it holds event serial 0 (PROCESS_STATE_STARTING) and wrote only '' so"
            + " far",
        closeFailure(twoEventsTo(ListenerScripts.NEVER_ANSWERS, Duration.ofMillis(300))));
    FakeSupervisor defaults = FakeSupervisor.builder().timeout(Duration.ofMillis(700)).build();
    try {
      assertEquals(Duration.ofMillis(700), defaults.endTimeout());
    } finally {
      defaults.close(); // no listener: nothing to check
    }
    assertThrows(IllegalArgumentException.class,
        () -> FakeSupervisor.builder().endTimeout(Duration.ofMillis(-1)));
  }

  @Test
  void aFailureTheTestAlreadySawIsNotReportedAgain() throws Exception {
    FakeSupervisor fake = twoEventsTo(ListenerScripts.HELLO_BEFORE_READY, Duration.ofSeconds(30));
    assertThrows(ListenerProtocolError.class, fake::awaitIdle);
    fake.close();
  }

  @Test
  void aSkippedOrStoppedListenerIsNotChecked() throws Exception {
    twoEventsTo(ListenerScripts.NEVER_ANSWERS, Duration.ofSeconds(30)).skipEndCheck().close();
    twoEventsTo(ListenerScripts.NEVER_ANSWERS, Duration.ofSeconds(30)).stopListener().close();
  }

  @Test
  void aRestartedListenerIsCheckedAgain() throws Exception {
    FakeSupervisor fake = twoEventsTo(ListenerScripts.HELLO_BEFORE_READY, Duration.ofMillis(300));
    assertThrows(ListenerProtocolError.class, fake::awaitReady);
    fake.stopListener().startListener(ListenerScripts.NO_READY_AFTER_ACK.write(temp));
    assertEquals("listener listener did not answer event serial 1 within 300 ms of the end of the"
        + " test: it answered event serial 0 (PROCESS_STATE_STARTING) but never wrote READY again",
        closeFailure(fake));
  }
}
