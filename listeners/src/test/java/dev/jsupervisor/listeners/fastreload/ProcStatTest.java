package dev.jsupervisor.listeners.fastreload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  private static final String TAIL =
      " 0 0 0 0 0 0 0 0 20 0 1 0 987654 8192 100 18446744073709551615";

  @Test
  void readsPidStateParentGroupAndStartTime() {
    ProcStat s = ProcStat.parse("4242 (sleep) S 1 4242 4242 0 -1 4194304" + TAIL);
    assertEquals(new ProcStat(4242, 'S', 1, 4242, 987654), s);
    assertFalse(s.isDead());
  }

  @Test
  void commandNamesWithSpacesAndParenthesesDoNotShiftFields() {
    ProcStat s = ProcStat.parse("7 (my (odd) name) Z 3 5 5 0 -1 4194304" + TAIL);
    assertEquals(new ProcStat(7, 'Z', 3, 5, 987654), s);
    assertTrue(s.isDead());
  }

  @Test
  void malformedTruncatedAndOversizedLinesAreRejectedWithAReason() {
    assertMessage("no '(command)' field", "4242 sleep S 1 4242");
    assertMessage("no '(command)' field", "");
    assertMessage("truncated (7 of at least 22 fields)", "4242 (sleep) S 1 4242 4242 0");
    assertMessage("non-numeric field", "x (sleep) S 1 4242 4242 0 -1 4194304" + TAIL);
    assertMessage("non-numeric field", "4242 (sleep) S one 4242 4242 0 -1 4194304" + TAIL);
    assertMessage("bad state field 'SS'", "4242 (sleep) SS 1 4242 4242 0 -1 4194304" + TAIL);
    assertMessage("longer than 4096", "1 (" + "a".repeat(5000) + ") S" + TAIL);
  }

  private static void assertMessage(String part, String line) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse(line));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
