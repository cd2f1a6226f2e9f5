package dev.jsupervisor.core.web.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatePayloadTest {
  @Test
  void readsTheHeaderTokensOfTheFirstLine() {
    assertEquals(Map.of("processname", "a", "groupname", "g", "from_state", "STARTING", "pid", "12"),
        StatePayload.parse("processname:a groupname:g from_state:STARTING pid:12"));
    assertEquals(Map.of("processname", "a", "pid", "1"),
        StatePayload.parse("processname:a pid:1\nprocessname:evil data:x"));
  }

  @Test
  void malformedTokensAreSkippedAndTheFirstValueWins() {
    assertEquals(Map.of("a", "1", "b", "x:y"), StatePayload.parse("a:1 junk :novalue a:2  b:x:y"));
    assertEquals(Map.of(), StatePayload.parse(""));
  }

  @Test
  void onlyTheFirstTokensAreRead() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append("k").append(i).append(":v ");
    }
    assertEquals(StatePayload.MAX_TOKENS, StatePayload.parse(sb.toString()).size());
  }
}
