package dev.jsupervisor.core.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.SupervisorApi;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class MethodRegistryTest {
  private final SupervisorApi api = mock(SupervisorApi.class);
  private final MethodRegistry registry = new MethodRegistry(api);

  private static Map<String, Object> call(String name, Object... params) {
    return Map.of("methodName", name, "params", List.of(params));
  }

  private static int faultCode(CompletableFuture<Object> f) {
    try {
      f.get();
      throw new AssertionError("expected a fault");
    } catch (ExecutionException | InterruptedException e) {
      return ((RpcFault) MethodRegistry.unwrap(e)).code();
    }
  }

  @Test
  void multicallWaitsForADeferredCallBeforeTheNext() throws Exception {
    CompletableFuture<Object> start = new CompletableFuture<>();
    when(api.startProcess("a", true)).thenReturn(start);
    when(api.stopProcess("b", false)).thenReturn(CompletableFuture.completedFuture(Boolean.TRUE));

    CompletableFuture<Object> result = registry.call("system.multicall",
        List.of(List.of(call("supervisor.startProcess", "a"), call("supervisor.stopProcess", "b", false))));

    assertFalse(result.isDone());
    verify(api, never()).stopProcess("b", false);
    start.complete(Boolean.TRUE);
    assertEquals(List.of(true, true), result.get());
    verify(api).stopProcess("b", false);
  }

  @Test
  void resolutionFaults() {
    assertEquals(1, faultCode(registry.call("supervisor", List.of())));
    assertEquals(1, faultCode(registry.call("supervisor.getState.x", List.of())));
    assertEquals(1, faultCode(registry.call("system._private", List.of())));
    assertEquals(2, faultCode(registry.call("supervisor.getProcessInfo", List.of())));
    assertEquals(2, faultCode(registry.call("supervisor.getProcessInfo", List.of(1))));
    assertEquals(2, faultCode(registry.call("supervisor.readLog", List.of(0, "x"))));
    assertEquals(2, faultCode(registry.call("system.multicall", List.of("not an array"))));
    assertEquals(4, faultCode(registry.call("system.methodSignature", List.of("nosuch"))));
  }

  @Test
  void faultsFromTheApiPassThroughUnchanged() {
    when(api.getProcessInfo("g:*")).thenThrow(new RpcFault(Fault.BAD_NAME, "g:*"));
    when(api.getState()).thenReturn(CompletableFuture.failedFuture(new RpcFault(Fault.SHUTDOWN_STATE)));
    assertEquals(10, faultCode(registry.call("supervisor.getProcessInfo", List.of("g:*"))));
    assertEquals(6, faultCode(registry.call("supervisor.getState", List.of())));
  }

  @Test
  void pythonTruthinessForWaitAndSignalsAsNumbers() throws Exception {
    when(api.startProcess("a", false)).thenReturn(CompletableFuture.completedFuture(Boolean.TRUE));
    when(api.signalProcess("a", "15")).thenReturn(CompletableFuture.completedFuture(Boolean.TRUE));
    assertEquals(true, registry.call("supervisor.startProcess", List.of("a", 0)).get());
    assertEquals(true, registry.call("supervisor.startProcess", List.of("a", "")).get());
    assertEquals(true, registry.call("supervisor.signalProcess", List.of("a", 15)).get());
    verify(api, org.mockito.Mockito.times(2)).startProcess("a", false);
  }

  @Test
  void aliasesCallTheAliasMethods() throws Exception {
    when(api.readProcessLog("a", 0, 10)).thenReturn(CompletableFuture.completedFuture("x"));
    assertEquals("x", registry.call("supervisor.readProcessLog", List.of("a", 0, 10)).get());
    assertTrue(registry.names().containsAll(List.of("supervisor.readProcessLog", "supervisor.tailProcessLog",
        "supervisor.clearProcessLog", "supervisor.readMainLog", "supervisor.getVersion")));
  }
}
