package dev.jsupervisor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real child-process listeners in Python, on supervisor's own childutils, and broken ones. */
class PythonListenerTest {
  static final String PYTHON = "/usr/bin/python3";
  static final Path LISTENERS = Path.of("src/test/resources/listeners").toAbsolutePath();

  private FakeSupervisor sup;

  @AfterEach
  void tearDown() {
    if (sup != null) {
      sup.close();
    }
  }

  private static List<String> python(String script, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(PYTHON,
        LISTENERS.resolve(script).toString()));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void childutilsListenerDrivesATenStepChainOverTheUnixSocket() throws Exception {
    FakeSupervisor.Builder builder = FakeSupervisor.builder()
        .subscribe(EventType.PROCESS_STATE).environment("CHAIN_LENGTH", "10");
    for (int i = 1; i <= 10; i++) {
      builder.program(Program.named("step" + i).startSecs(5));
    }
    sup = builder.build();
    assertTrue(sup.serverUrl().startsWith("unix:///tmp/"), sup.serverUrl());
    sup.startListener(python("chain_starter.py")).awaitReady();

    sup.processes().start("step1");
    for (int i = 1; i <= 10; i++) {
      sup.processes().awaitState("step" + i, ProcessState.STARTING, sup.timeout());
      sup.advance(Duration.ofSeconds(5));
    }
    sup.processes().awaitState("step10", ProcessState.RUNNING, sup.timeout());
    sup.awaitIdle();
    assertEquals(9, sup.calls().of("startProcess").size());
    assertEquals(List.of("step2", false), sup.calls().of("startProcess").get(0).args());
    sup.calls().assertOrder("startProcess:step2", "startProcess:step10");
    sup.assertNoViolation();
  }

  @Test
  void childutilsListenerRestartsACrashedProgramAndCanFail() throws Exception {
    sup = FakeSupervisor.builder().program(Program.named("web").startSecs(1)
        .autoRestart(dev.jsupervisor.core.config.AutoRestart.FALSE)).build();
    sup.startListener(python("restarter.py")).awaitReady();
    sup.processes().start("web");
    sup.advance(Duration.ofSeconds(1));
    sup.processes().crash("web", 2);

    RecordedCall restart = sup.calls().await("startProcess", "web", sup.timeout());
    assertEquals(List.of("web", false), restart.args());
    sup.processes().awaitState("web", ProcessState.STARTING, sup.timeout());

    long rejected = sup.emit(Event.remoteCommunication("reject", "please"));
    assertEquals(EventOutcome.REJECTED, sup.awaitOutcome(rejected));
    sup.awaitIdle();
    assertEquals("SUPERVISOR_PROCESS_NAME=listener", "SUPERVISOR_PROCESS_NAME="
        + sup.listenerEnvironment().get("SUPERVISOR_PROCESS_NAME"));
  }

  @Test
  void childGetsSupervisordsEnvironment(@TempDir Path temp) throws Exception {
    sup = FakeSupervisor.builder().pool("watcher").environment("EXTRA", "x y").build();
    Path dump = temp.resolve("env");
    sup.startShellListener("env > '" + dump + "'; printf 'READY\\n'; read line").awaitReady();
    List<String> env = java.nio.file.Files.readAllLines(dump);
    assertTrue(env.contains("SUPERVISOR_ENABLED=1"), env.toString());
    assertTrue(env.contains("SUPERVISOR_PROCESS_NAME=watcher"), env.toString());
    assertTrue(env.contains("SUPERVISOR_GROUP_NAME=watcher"), env.toString());
    assertTrue(env.contains("SUPERVISOR_SERVER_URL=unix://" + sup.unixSocketPath()),
        env.toString());
    assertTrue(env.contains("EXTRA=x y"), env.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "before-ready | listener wrote 'starting up\\n' before READY",
      "bad-length | has body 'OKR', which is neither OK nor FAIL: 'RESULT 3' announced 3 bytes",
      "trailing-newline | the listener wrote '\\nREADY\\n' where 'READY\\n' was expected (a newline"
          + " after the result body?",
      "garbage | listener wrote 'debug: waiting for events\\n'",
      "dies-mid-event | exited (exit status 3) while handling event serial 0 (PROCESS_GROUP_ADDED)"
          + " without writing a RESULT; its stderr ends with: boom",
      "never-ready | never wrote READY within 1500 ms; it wrote ''",
      "no-ready-after-ack | it answered event serial 0 (PROCESS_GROUP_ADDED) but never wrote"
          + " READY again",
  })
  void brokenListenersAreReportedPrecisely(String mode, String expected) throws Exception {
    sup = FakeSupervisor.builder().timeout(Duration.ofMillis(1500)).build();
    sup.startListener(python("broken.py", mode));
    sup.emit(Event.groupAdded("first"));
    sup.emit(Event.groupAdded("second"));
    ListenerProtocolError error = assertThrows(ListenerProtocolError.class, () -> {
      sup.awaitReady();
      sup.awaitAck(0);
      sup.awaitAck(1);
    });
    assertTrue(error.getMessage().contains(expected), error.getMessage());
  }
}
