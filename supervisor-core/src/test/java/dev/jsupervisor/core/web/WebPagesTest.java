package dev.jsupervisor.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.ServerLog;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.util.FakeClock;
import dev.jsupervisor.core.web.internal.PageActions;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The parts of the pages that differ from supervisord on purpose, and their small rules. */
final class WebPagesTest {
  private final SupervisorApi api = mock(SupervisorApi.class);

  @Test
  void ctimeIsPythonsInTheDaemonsZone() {
    when(api.getSupervisorVersion()).thenReturn("4.2.5");
    // 2026-12-07T03:04:05Z
    WebPages pages = new WebPages(api, new FakeClock(1796612645000L), ZoneId.of("UTC"),
        ServerLog.discard());
    assertEquals("Mon Dec  7 03:04:05 2026", pages.ctime());
    WebPages paris = new WebPages(api, new FakeClock(1796612645000L), ZoneId.of("Europe/Paris"),
        ServerLog.discard());
    assertEquals("Mon Dec  7 04:04:05 2026", paris.ctime());
  }

  @Test
  void tailLimitIsSupervisordsWithACap() {
    assertEquals(1024, WebPages.tailLimit(null));
    assertEquals(1024, WebPages.tailLimit("abc"));
    assertEquals(1024, WebPages.tailLimit("-5000"));
    assertEquals(1024, WebPages.tailLimit("12"));
    assertEquals(1024, WebPages.tailLimit("\u0662\u0660\u0660\u0660"), "only ASCII digits");
    assertEquals(2048, WebPages.tailLimit("0002048"));
    assertEquals(WebPages.MAX_TAIL_BYTES, WebPages.tailLimit("99999999999999999999999"));
    assertEquals(WebPages.MAX_TAIL_BYTES, WebPages.tailLimit("2000000"));
  }

  @Test
  void restartReportsAStartThatFailed() {
    process("web", ProcessState.RUNNING);
    when(api.stopProcess(eq("web"), anyBoolean())).thenReturn(CompletableFuture.completedFuture(true));
    when(api.startProcess(eq("web"), anyBoolean())).thenReturn(
        CompletableFuture.failedFuture(new RpcFault(Fault.SPAWN_ERROR, "web")));
    assertEquals("ERROR: Process web: spawn error", run("restart", "web"));
  }

  @Test
  void restartOfAStoppedProcessStartsIt() {
    process("web", ProcessState.STOPPED);
    when(api.stopProcess(eq("web"), anyBoolean())).thenReturn(
        CompletableFuture.failedFuture(new RpcFault(Fault.NOT_RUNNING, "web")));
    when(api.startProcess(eq("web"), anyBoolean())).thenReturn(
        CompletableFuture.completedFuture(true));
    assertEquals("Process web restarted", run("restart", "web"));
  }

  @Test
  void faultsThrownOrFailedBecomeSupervisordsText() {
    when(api.stopAllProcesses(anyBoolean())).thenThrow(new RpcFault(Fault.SHUTDOWN_STATE));
    assertEquals("unexpected rpc fault [6] SHUTDOWN_STATE", run("stopall", null));
    process("web", ProcessState.RUNNING);
    when(api.startProcess(eq("web"), anyBoolean())).thenReturn(
        CompletableFuture.failedFuture(new RpcFault(Fault.ALREADY_STARTED, "web")));
    assertEquals("ERROR: Process web: already started", run("start", "web"));
  }

  @Test
  void refusalsNameTheProblem() {
    assertEquals("unknown action: bogus", PageActions.refusal("bogus", "web"));
    assertEquals("action stop needs a processname", PageActions.refusal("stop", null));
    assertEquals(null, PageActions.refusal("stopall", null));
    assertEquals(null, PageActions.refusal("clearlog", "web"));
  }

  private void process(String name, ProcessState state) {
    when(api.getAllProcessInfo()).thenReturn(CompletableFuture.completedFuture(List.of(
        new ProcessInfo(name, name, 0, 0, 0, state, "", 0, "", "", 0, ""))));
  }

  private String run(String action, String name) {
    return new PageActions(api, () -> "now", Runnable::run).run(action, name).join();
  }
}
