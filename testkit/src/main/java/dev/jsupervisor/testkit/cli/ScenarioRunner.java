package dev.jsupervisor.testkit.cli;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.testkit.EventOutcome;
import dev.jsupervisor.testkit.FakeSupervisor;
import dev.jsupervisor.testkit.RecordedCall;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Runs parsed scenario steps against a {@link FakeSupervisor} whose listener is already
 * started. Stops at the first expectation that does not hold and says which line it was.
 */
final class ScenarioRunner {
  /** The first expectation that failed, with its line; null when all held. */
  record Failure(String file, Step step, String reason) {
    String describe() {
      return file + ":" + step.line() + ": '" + step.text() + "' failed: " + reason;
    }
  }

  private final String file;
  private final FakeSupervisor sup;
  /** Serials of events emitted by {@code emit} lines that no {@code expect ack/fail} checked. */
  private final Deque<Long> unchecked = new ArrayDeque<>();
  private int expectations;
  /** The sequence number of the call the last {@code expect call} matched; later ones follow it. */
  private long lastCall = -1;

  ScenarioRunner(String file, FakeSupervisor sup) {
    this.file = file;
    this.sup = sup;
  }

  int expectationsChecked() {
    return expectations;
  }

  /** Runs every step; returns the first failure, or null. */
  Failure run(List<Step> steps) throws ScenarioException {
    for (Step step : steps) {
      try {
        runStep(step);
      } catch (AssertionError e) {
        return new Failure(file, step, e.getMessage());
      } catch (RpcFault e) {
        throw new ScenarioException(file, step.line(), "'" + step.text() + "': "
            + e.faultString());
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new ScenarioException(file, step.line(), "'" + step.text() + "': " + e.getMessage());
      }
    }
    return null;
  }

  private void runStep(Step step) throws ScenarioException {
    List<String> a = step.args();
    switch (step.command()) {
      case "ready" -> sup.awaitReady();
      case "emit" -> {
        Event event = EventSpec.build(a.get(0), a.subList(1, a.size()),
            sup.clock().currentTimeMillis() / 1000,
            message -> new ScenarioException(file, step.line(), message));
        long serial = sup.emit(event);
        if (serial >= 0) {
          unchecked.addLast(serial);
        }
      }
      case "advance" -> sup.advance(ScenarioParser.parseDuration(a.get(0)));
      case "start" -> sup.processes().start(a.get(0));
      case "stop" -> sup.processes().stop(a.get(0));
      case "crash" -> sup.processes().crash(a.get(0),
          a.size() > 1 ? Integer.parseInt(a.get(1)) : 1);
      case "fail-start" -> {
        if (a.size() > 1 && !a.get(1).equals("forever")) {
          sup.processes().failStarts(a.get(0), Integer.parseInt(a.get(1)));
        } else {
          sup.processes().failStartsForever(a.get(0));
        }
      }
      case "slow-stop" -> sup.processes().slowStop(a.get(0),
          ScenarioParser.parseDuration(a.get(1)));
      case "place" -> sup.processes().place(a.get(0), ProcessState.valueOf(a.get(1)));
      case "supervisord-start" -> sup.processes().supervisordStart();
      case "supervisord-stop" -> sup.processes().supervisordStop();
      case "shutdown-state" -> sup.processes().setMood(
          a.get(0).equals("on") ? SupervisorState.SHUTDOWN : SupervisorState.RUNNING);
      case "restart-listener" -> {
        try {
          sup.restartListener();
        } catch (IOException e) {
          throw new ScenarioException(file, step.line(), "cannot start the listener again: "
              + e.getMessage());
        }
      }
      case "expect" -> {
        expectations++;
        expect(step);
      }
      default -> throw new AssertionError(step.command());
    }
  }

  private void expect(Step step) throws ScenarioException {
    List<String> a = step.args();
    switch (a.get(0)) {
      case "ack", "fail" -> {
        Long serial = unchecked.pollFirst();
        if (serial == null) {
          throw new ScenarioException(file, step.line(), "'expect " + a.get(0) + "' needs an"
              + " earlier 'emit' line whose answer was not checked yet");
        }
        EventOutcome want = a.get(0).equals("ack") ? EventOutcome.ACCEPTED : EventOutcome.REJECTED;
        EventOutcome got = sup.awaitOutcome(serial);
        if (got != want) {
          throw new AssertionError("the listener answered event serial " + serial + " with "
              + (got == EventOutcome.ACCEPTED ? "OK" : "FAIL") + ", expected "
              + (want == EventOutcome.ACCEPTED ? "OK" : "FAIL"));
        }
      }
      case "idle" -> sup.awaitIdle();
      case "call" -> {
        List<String> wantedArgs = a.subList(2, a.size());
        String method = a.get(1);
        String what = method + (wantedArgs.isEmpty() ? "" : " " + String.join(" ", wantedArgs))
            + (lastCall < 0 ? "" : " after call #" + lastCall);
        lastCall = sup.calls().await(c -> c.sequence() > lastCall && c.is(method)
            && argsMatch(c, wantedArgs), what, sup.timeout()).sequence();
      }
      case "state" -> sup.processes().awaitState(a.get(1), ProcessState.valueOf(a.get(2)),
          sup.timeout());
      default -> throw new AssertionError(a.get(0));
    }
  }

  /** Each expected argument must equal the call's argument at that position, as text. */
  private static boolean argsMatch(RecordedCall call, List<String> wanted) {
    if (wanted.size() > call.args().size()) {
      return false;
    }
    for (int i = 0; i < wanted.size(); i++) {
      Object actual = call.args().get(i);
      String text = actual instanceof Boolean b ? (b ? "true" : "false") : String.valueOf(actual);
      if (!wanted.get(i).equals(text)) {
        return false;
      }
    }
    return true;
  }
}
