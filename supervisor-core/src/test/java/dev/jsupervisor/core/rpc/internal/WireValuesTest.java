package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.config.ConfigDiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.config.ConfigDiff;
import dev.jsupervisor.core.rpc.TailResult;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireValuesTest {
  @Test
  void longsAreClampedToThirtyTwoBits() {
    assertEquals(Integer.MAX_VALUE, WireValues.toWire(5_000_000_000L));
    assertEquals(Integer.MIN_VALUE, WireValues.toWire(-5_000_000_000L));
    assertEquals(42, WireValues.toWire(42L));
    assertEquals(List.of(List.of(1, Integer.MAX_VALUE), 7), WireValues.toWire(List.of(new Object[] {1L, Long.MAX_VALUE}, 7L)));
  }

  @Test
  void apiRecordsBecomeTheirStructs() {
    assertEquals(Map.of("statecode", 1, "statename", "RUNNING"), WireValues.toWire(SupervisorState.RUNNING));
    assertEquals(List.of(List.of(List.of("a"), List.of(), List.of("b", "c"))),
        WireValues.toWire(new ConfigDiff(List.of("a"), List.of(), List.of("b", "c"))));
    assertEquals(List.of("x", Integer.MAX_VALUE, true), WireValues.toWire(new TailResult("x", 1L << 40, true)));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", "p");
    result.put("group", "g");
    result.put("status", 80);
    result.put("description", "OK");
    assertEquals(result, WireValues.toWire(ProcessResult.ok("g", "p")));
    assertEquals(List.of("name", "group", "status", "description"),
        List.copyOf(((Map<?, ?>) WireValues.toWire(ProcessResult.ok("g", "p"))).keySet()), "member order");
  }

  @Test
  void valuesWithoutAWireFormAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> WireValues.toWire(null));
    assertThrows(IllegalArgumentException.class, () -> WireValues.toWire(new Object()));
    assertThrows(IllegalArgumentException.class, () -> WireValues.toWire(List.of(Map.of("k", new Object()))));
  }

  @Test
  void base64ParamsBecomeText() {
    byte[] bytes = "d\u00e9j\u00e0".getBytes(StandardCharsets.UTF_8);
    assertEquals("d\u00e9j\u00e0", WireValues.fromWire(bytes));
    assertEquals(List.of("d\u00e9j\u00e0", 1), WireValues.fromWire(new Object[] {bytes, 1}));
    assertEquals(Map.of("k", List.of("d\u00e9j\u00e0")), WireValues.fromWire(Map.of("k", new Object[] {bytes})));
  }
}
