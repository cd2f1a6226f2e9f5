package dev.jsupervisor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadHeaderTest {
  @Test
  void readsTheHeaderTokensOfTheFirstLine() {
    assertEquals(Map.of("processname", "a", "groupname", "g", "from_state", "STARTING", "pid", "12"),
        PayloadHeader.parse("processname:a groupname:g from_state:STARTING pid:12"));
    assertEquals(Map.of("processname", "a", "pid", "1"),
        PayloadHeader.parse("processname:a pid:1\nprocessname:evil data:x"));
  }

  @Test
  void malformedTokensAreSkippedAndTheFirstValueWins() {
    assertEquals(Map.of("a", "1", "b", "x:y"), PayloadHeader.parse("a:1 junk :novalue a:2  b:x:y"));
    assertEquals(Map.of(), PayloadHeader.parse(""));
  }

  @Test
  void onlyTheFirstTokensAreRead() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append("k").append(i).append(":v ");
    }
    assertEquals(PayloadHeader.MAX_TOKENS, PayloadHeader.parse(sb.toString()).size());
  }
}
