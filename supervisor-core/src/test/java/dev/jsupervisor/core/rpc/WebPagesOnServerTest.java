package dev.jsupervisor.core.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.util.Clock;
import dev.jsupervisor.core.web.WebPages;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web pages on a real HTTP server over a mocked daemon: answers that wait for the daemon's
 * future, the daemon shutting down, and a server bug (500, logged once, no stack trace sent).
 */
final class WebPagesOnServerTest {
  private final SupervisorApi daemon = mock(SupervisorApi.class);
  private ServerFixture fixture;

  private void start() throws Exception {
    when(daemon.getSupervisorVersion()).thenReturn("4.2.5");
    fixture = new ServerFixture(null, null, config -> List.of(new WebPages(daemon, Clock.SYSTEM,
        ZoneId.of("UTC"), (level, message) -> fixture.logLines.add(level.tag() + " " + message))));
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anActionAnswersOnlyOnceTheDaemonHasFinished() throws Exception {
    start();
    when(daemon.getAllProcessInfo()).thenReturn(CompletableFuture.completedFuture(List.of(
        new ProcessInfo("web", "web", 0, 0, 0, ProcessState.STOPPED, "", 0, "", "", 0, ""))));
    CompletableFuture<Object> started = new CompletableFuture<>();
    when(daemon.startProcess(eq("web"), anyBoolean())).thenReturn(started);
    CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> get(
        "/index.html?action=start&processname=web"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> verify(daemon).startProcess("web", true));
    assertFalse(answer.isDone(), "answered before the start finished");
    // The daemon's loop thread completes the future; the page is written elsewhere.
    Thread loop = new Thread(() -> started.complete(Boolean.TRUE), "loop");
    loop.start();
    String reply = answer.get();
    assertTrue(reply.startsWith("HTTP/1.1 303 "), reply);
    assertTrue(reply.contains("\r\nLocation: ./?message=Process%20web%20started\r\n"), reply);
  }

  @Test
  void aShuttingDownDaemonGetsA503NotAnError() throws Exception {
    start();
    when(daemon.getAllProcessInfo()).thenReturn(
        CompletableFuture.failedFuture(new RpcFault(Fault.SHUTDOWN_STATE)));
    String reply = get("/");
    assertTrue(reply.startsWith("HTTP/1.1 503 "), reply);
    assertTrue(reply.endsWith("unexpected rpc fault [6] SHUTDOWN_STATE\n"), reply);
    assertTrue(reply.contains("\r\nX-Frame-Options: DENY\r\n"), reply);
  }

  @Test
  void aServerBugIsA500WithoutItsStackTraceAndLoggedOnce() throws Exception {
    start();
    when(daemon.getAllProcessInfo()).thenReturn(
        CompletableFuture.failedFuture(new IllegalStateException("broken <b>")));
    String reply = get("/");
    assertTrue(reply.startsWith("HTTP/1.1 500 "), reply);
    assertFalse(reply.contains("broken") || reply.contains("\tat "), reply);
    assertEquals(1, fixture.logLines.stream()
        .filter(l -> l.contains("Web interface error") && l.contains("broken <b>")).count(),
        fixture.logLines.toString());
  }

  private String get(String target) {
    try {
      return fixture.raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
