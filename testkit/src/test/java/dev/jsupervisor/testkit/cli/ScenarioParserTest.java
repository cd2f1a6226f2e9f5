package dev.jsupervisor.testkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.events.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioParserTest {
  private final ScenarioParser parser = new ScenarioParser("s.txt");

  private String errorOf(String text) {
    return assertThrows(ScenarioException.class, () -> parser.parse(text)).getMessage();
  }

  @Test
  void parsesStepsWithLineNumbersSkippingCommentsAndBlanks() throws Exception {
    List<Step> steps = parser.parse("# c\n\nready\n  emit REMOTE_COMMUNICATION type=t"
        + " data=\"a b\\n\\\"c\\\"\"\r\nexpect ack\n");
    assertEquals(3, steps.size());
    assertEquals(4, steps.get(1).line());
    assertEquals(List.of("REMOTE_COMMUNICATION", "type=t", "data=a b\n\"c\""),
        steps.get(1).args());
    assertEquals(5, steps.get(2).line());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "emti X | s.txt:2: unknown command 'emti'; expected one of: advance, crash",
      "advance five | s.txt:2: expected a duration such as 5s, 250ms or 2m, got 'five'",
      "advance 5x | s.txt:2: expected a duration such as 5s, 250ms or 2m, got '5x'",
      "advance 99999999999999s | s.txt:2: expected a duration such as 5s",
      "advance | s.txt:2: expected 'advance DURATION (e.g. 5s, 250ms, 2m)', got 'advance'",
      "emit REMOTE_COMMUNICATION data=\"x | s.txt:2: unterminated quote",
      "emit REMOTE_COMMUNICATION data=\"\\q\" | s.txt:2: unknown escape '\\q'",
      "emit NOPE | s.txt:2: expected a concrete event name (PROCESS_STATE_STOPPED,",
      "emit PROCESS_STATE | s.txt:2: expected a concrete event name",
      "emit PROCESS_STATE_RUNNING | s.txt:2: PROCESS_STATE_RUNNING needs processname=...",
      "emit PROCESS_STATE_RUNNING processname=a colour=red | s.txt:2: PROCESS_STATE_RUNNING has"
          + " no key 'colour'; expected keys among [expected, from_state, groupname, pid,"
          + " processname, tries]",
      "emit PROCESS_STATE_RUNNING processname=a pid=x | s.txt:2: expected a number for pid,"
          + " got 'x'",
      "emit PROCESS_STATE_RUNNING processname=a from_state=UP | s.txt:2: expected a process"
          + " state (STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED, FATAL, UNKNOWN) for"
          + " from_state, got 'UP'",
      "emit PROCESS_STATE_RUNNING processname | s.txt:2: expected key=value after"
          + " PROCESS_STATE_RUNNING, got 'processname'",
      "emit TICK_60 when=61 | s.txt:2: TICK_60 needs when= to be a multiple of 60, got 61",
      "emit SUPERVISOR_STATE_CHANGE_RUNNING x=1 | s.txt:2: SUPERVISOR_STATE_CHANGE_RUNNING has"
          + " no key 'x'; expected no keys",
      "expect | s.txt:2: expected expect ack | expect fail",
      "expect acks | s.txt:2: expected expect ack | expect fail | expect idle | expect call"
          + " METHOD [ARG ...] | expect state NAME STATE, got 'expect acks'",
      "expect call | s.txt:2: expected 'expect call METHOD [ARG ...]', got 'expect call'",
      "expect state web UP | s.txt:2: expected a process state (STOPPED, STARTING, RUNNING,",
      "crash web boom | s.txt:2: expected an exit code, got 'boom'",
      "fail-start web sometimes | s.txt:2: expected a count or 'forever', got 'sometimes'",
      "shutdown-state maybe | s.txt:2: expected 'on' or 'off' after shutdown-state, got 'maybe'",
      "ready now | s.txt:2: expected 'ready', got 'ready now'",
  })
  void malformedLinesNameFileLineAndWhatWasExpected(String line, String expected) {
    String message = errorOf("ready\n" + line + "\n");
    assertEquals(true, message.startsWith(expected), message);
  }

  @Test
  void emptyScenarioIsAnError() {
    assertEquals("s.txt: the scenario has no steps", errorOf("# nothing\n\n"));
  }

  @Test
  void oversizedLineIsRejectedWithoutEchoingItAll() {
    String message = errorOf("bogus" + "x".repeat(100_000));
    assertEquals(true, message.startsWith("s.txt:1: unknown command 'bogus"), message);
  }

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(250), ScenarioParser.parseDuration("250ms"));
    assertEquals(Duration.ofSeconds(5), ScenarioParser.parseDuration("5s"));
    assertEquals(Duration.ofSeconds(7), ScenarioParser.parseDuration("7"));
    assertEquals(Duration.ofMinutes(2), ScenarioParser.parseDuration("2m"));
    assertEquals(Duration.ofHours(1), ScenarioParser.parseDuration("1h"));
    assertEquals(null, ScenarioParser.parseDuration("-1s"));
    assertEquals(null, ScenarioParser.parseDuration("s"));
  }

  @Test
  void emitBuildsSupervisordPayloads() throws Exception {
    Event exited = EventSpec.build("PROCESS_STATE_EXITED",
        List.of("processname=crasher", "expected=0", "pid=5350"), 0, ScenarioException::new);
    assertEquals("processname:crasher groupname:crasher from_state:RUNNING expected:0 pid:5350",
        exited.payload());
    Event log = EventSpec.build("PROCESS_LOG_STDOUT",
        List.of("processname=crasher", "pid=5350", "data=hi\n"), 0, ScenarioException::new);
    assertEquals("processname:crasher groupname:crasher pid:5350 channel:stdout\nhi\n",
        log.payload());
    Event tick = EventSpec.build("TICK_60", List.of(), 1_700_000_059, ScenarioException::new);
    assertEquals("when:1700000040", tick.payload());
    Event fatal = EventSpec.build("PROCESS_STATE_FATAL", List.of("processname=fast"), 0,
        ScenarioException::new);
    assertEquals("processname:fast groupname:fast from_state:BACKOFF", fatal.payload());
  }
}
