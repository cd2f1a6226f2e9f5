package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.rpc.RpcObserver;
import dev.jsupervisor.core.rpc.RpcObserver.Outcome;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.rpc.XmlRpcEndpoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class RpcTallyTest {

  @Test
  void countsByMethodAndOutcomeAndBucketsLatencies() {
    RpcTally tally = new RpcTally();
    tally.onRequest("supervisor.getState", Outcome.OK, 200_000);
    tally.onRequest("supervisor.getState", Outcome.OK, 3_000_000);
    tally.onRequest("supervisor.startProcess", Outcome.FAULT, 60_000_000_000L);
    tally.onRequest(null, Outcome.ERROR, 1_000);
    assertEquals(Map.of(
        new RpcTally.Key("supervisor.getState", Outcome.OK), 2L,
        new RpcTally.Key("supervisor.startProcess", Outcome.FAULT), 1L,
        new RpcTally.Key(RpcTally.UNKNOWN, Outcome.ERROR), 1L), tally.requests());
    RpcTally.Latency state = tally.latencies().get("supervisor.getState");
    assertEquals(2, state.count());
    assertEquals(0.0032, state.sum(), 1e-9);
    // 0.2 ms and 3 ms: one at most 0.5 ms, both at most 5 ms.
    assertArrayEquals(new long[] {1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, state.cumulative());
    // 60 s is above every bound: only the +Inf bucket (count) has it.
    assertEquals(0, tally.latencies().get("supervisor.startProcess").cumulative()[14]);
    assertEquals(1, tally.latencies().get("supervisor.startProcess").count());
  }

  private record Seen(String method, Outcome outcome) {}

  @Test
  void theEndpointReportsKnownMethodsAndNeverAClientsUnknownName() throws Exception {
    SupervisorApi api = Mockito.mock(SupervisorApi.class);
    Mockito.when(api.getAPIVersion()).thenReturn("3.0");
    List<Seen> seen = new ArrayList<>();
    RpcObserver observer = (method, outcome, nanos) -> {
      assertTrue(nanos >= 0);
      seen.add(new Seen(method, outcome));
    };
    XmlRpcEndpoint endpoint = new XmlRpcEndpoint(api, (level, message) -> { }, observer);
    endpoint.handle(call("supervisor.getAPIVersion")).get();
    endpoint.handle(call("made.up.name")).get();
    endpoint.handle(new ByteArrayInputStream("<not-xml".getBytes(StandardCharsets.UTF_8))).get();
    assertEquals(List.of(
        new Seen("supervisor.getAPIVersion", Outcome.OK),
        new Seen(null, Outcome.FAULT),
        new Seen(null, Outcome.ERROR)), seen);
    assertNull(seen.get(1).method());
  }

  private static ByteArrayInputStream call(String method) {
    return new ByteArrayInputStream(("<?xml version=\"1.0\"?><methodCall><methodName>" + method
        + "</methodName><params></params></methodCall>").getBytes(StandardCharsets.UTF_8));
  }
}
