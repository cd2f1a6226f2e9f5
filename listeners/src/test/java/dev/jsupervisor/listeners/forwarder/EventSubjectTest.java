package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventSubjectTest {
  @Test
  void subjectHasFiveTokensWithPlaceholdersForMissingParts() {
    assertEquals("supervisor.web1.PROCESS_STATE_RUNNING.web.api_0",
        EventSubject.of("supervisor", "web1", "PROCESS_STATE_RUNNING", "web", "api_0"));
    assertEquals("supervisor.web1.TICK_5._._",
        EventSubject.of("supervisor", "web1", "TICK_5", null, ""));
  }

  @Test
  void natsSyntaxWhitespaceControlAndNonAsciiBecomeUnderscores() {
    assertEquals("web1_example_com", EventSubject.token("web1.example.com"));
    assertEquals("a_b_c_d_e_f", EventSubject.token("a*b>c d\te\u00e9f"));
    assertEquals("x_y", EventSubject.token("x\u0000y"));
  }

  @Test
  void longTokensAreCut() {
    assertEquals(EventSubject.MAX_TOKEN, EventSubject.token("a".repeat(10_000)).length());
  }

  @Test
  void prefixMayHaveSeveralTokens() {
    assertEquals("acme.supervisor", EventSubject.checkPrefix("acme.supervisor"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "a..b", "a.", "sup*", "a.>", "has space"})
  void badPrefixesAreRefused(String prefix) {
    assertThrows(IllegalArgumentException.class, () -> EventSubject.checkPrefix(prefix));
  }
}
