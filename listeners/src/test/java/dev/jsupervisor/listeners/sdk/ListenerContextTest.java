package dev.jsupervisor.listeners.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenerContextTest {

  @Test
  void readsTheSupervisorVariables() {
    ListenerContext ctx = ListenerContext.from(Map.of(
        "SUPERVISOR_SERVER_URL", "unix:///tmp/s.sock",
        "SUPERVISOR_PROCESS_NAME", "lst_01",
        "SUPERVISOR_GROUP_NAME", "lst",
        "SUPERVISOR_ENABLED", "1",
        "SUPERVISOR_USERNAME", "user",
        "SUPERVISOR_PASSWORD", "secret"));
    assertEquals(Optional.of("unix:///tmp/s.sock"), ctx.serverUrl());
    assertEquals(Optional.of("lst_01"), ctx.processName());
    assertEquals(Optional.of("lst"), ctx.groupName());
    assertTrue(ctx.supervised());
    assertEquals(Optional.of("user"), ctx.username());
    assertEquals(Optional.of("secret"), ctx.password());
    assertFalse(ctx.toString().contains("secret"));
  }

  @Test
  void outsideASupervisorEverythingIsAbsent() {
    ListenerContext ctx = ListenerContext.from(Map.of("SUPERVISOR_ENABLED", "0",
        "SUPERVISOR_USERNAME", ""));
    assertFalse(ctx.supervised());
    assertEquals(Optional.empty(), ctx.serverUrl());
    assertEquals(Optional.empty(), ctx.username());
  }
}
