package dev.jsupervisor.core.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListenerCodecTest {

  @Test
  void envelopeIsTheHeaderLineANewlineAndThePayload() {
    Event event = Event.processState(
        dev.jsupervisor.core.api.ProcessState.RUNNING, "cat", "cat",
        dev.jsupervisor.core.api.ProcessState.STARTING, 0, 4915, false);
    byte[] bytes = ListenerCodec.envelope("specsup", 7, "lst", 7, event);
    assertEquals(
        "ver:3.0 server:specsup serial:7 pool:lst poolserial:7 eventname:PROCESS_STATE_RUNNING"
            + " len:58\nprocessname:cat groupname:cat from_state:STARTING pid:4915",
        new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void emptyPayloadEndsRightAfterTheHeaderNewline() {
    byte[] bytes = ListenerCodec.envelope("s", 0, "p", 0,
        Event.supervisorStateChange(dev.jsupervisor.core.api.SupervisorState.RUNNING));
    assertArrayEquals(
        "ver:3.0 server:s serial:0 pool:p poolserial:0 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n"
            .getBytes(StandardCharsets.US_ASCII),
        bytes);
  }

  @Test
  void lenCountsCodePointsWhileTheBytesAreUtf8() {
    Event event = Event.remoteCommunication("mytype", "some data é");
    byte[] bytes = ListenerCodec.envelope("s", 1, "p", 2, event);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertEquals(
        "ver:3.0 server:s serial:1 pool:p poolserial:2 eventname:REMOTE_COMMUNICATION len:23",
        text.substring(0, text.indexOf('\n')));
    int headerBytes = text.indexOf('\n') + 1;
    assertEquals(24, bytes.length - headerBytes);
  }

  @Test
  void astralCharactersCountOnceThoughJavaUsesTwoChars() {
    String payload = "type:x\n\uD83D\uDE00€a"; // emoji (4 bytes, 2 chars), euro (3 bytes)
    assertEquals(10, ListenerCodec.payloadLength(payload));
    assertEquals(7 + 4 + 3 + 1, payload.getBytes(StandardCharsets.UTF_8).length);
  }
}
