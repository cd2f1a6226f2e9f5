package dev.jsupervisor.listeners.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventHeaderTest {
  private static final String REAL =
      "ver:3.0 server:specsup serial:7 pool:lst poolserial:7 eventname:PROCESS_STATE_RUNNING len:58";

  @Test
  void parsesEveryFieldOfARealHeader() throws Exception {
    EventHeader h = EventHeader.parse(REAL);
    assertEquals(new EventHeader("3.0", "specsup", 7, "lst", 7, "PROCESS_STATE_RUNNING", 58), h);
    assertEquals(REAL, h.toLine());
  }

  @Test
  void fieldOrderAndExtraSpacesDoNotMatter() throws Exception {
    EventHeader h = EventHeader.parse(
        "len:0  eventname:TICK_5 poolserial:3 pool:p serial:12 server:s ver:3.0 extra:x");
    assertEquals(new EventHeader("3.0", "s", 12, "p", 3, "TICK_5", 0), h);
  }

  @Test
  void malformedHeadersNameTheProblem() {
    List<String[]> cases = List.of(
        new String[] {REAL.replace(" len:58", ""), "has no len"},
        new String[] {REAL.replace("serial:7 pool", "serial:x pool"), "serial 'x' is not"},
        new String[] {REAL.replace("len:58", "len:-1"), "len '-1' is not"},
        new String[] {REAL.replace("len:58", "len:"), "len '' is not"},
        new String[] {REAL.replace("len:58", "len:99999999999999999999"), "len '99999999999999999999'"},
        new String[] {REAL.replace("len:58", "len:4294967296"), "too large"},
        new String[] {REAL + " garbage", "'garbage' is not key:value"},
        new String[] {"", "has no len"});
    for (String[] c : cases) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> EventHeader.parse(c[0]));
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
  }
}
