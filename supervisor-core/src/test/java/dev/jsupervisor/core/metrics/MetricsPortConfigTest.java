package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsPortConfigTest {
  private static Optional<InetSocketAddress> read(String port) {
    return MetricsPortConfig.read(Map.of("jsupervisor_metrics", Map.of("port", port)));
  }

  private static String refused(Map<String, String> section) {
    return assertThrows(IllegalArgumentException.class,
        () -> MetricsPortConfig.read(Map.of("jsupervisor_metrics", section))).getMessage();
  }

  @Test
  void absentSectionMeansNoPort() {
    assertEquals(Optional.empty(), MetricsPortConfig.read(Map.of("supervisord", Map.of())));
  }

  @Test
  void acceptsLoopbackAddressesOnly() {
    assertEquals(9102, read("127.0.0.1:9102").orElseThrow().getPort());
    assertTrue(read("127.0.0.2:9102").orElseThrow().getAddress().isLoopbackAddress());
    assertTrue(read("[::1]:9102").orElseThrow().getAddress().isLoopbackAddress());
    assertTrue(read("localhost:9102").orElseThrow().getAddress().isLoopbackAddress());
    assertTrue(read(" 127.0.0.1:9102 ").isPresent());
  }

  @Test
  void refusesAnythingElseWithALineNamingSectionAndKey() {
    assertEquals("[jsupervisor_metrics] port=0.0.0.0:9102 is not a loopback address (this port "
        + "serves /metrics without auth)", refused(Map.of("port", "0.0.0.0:9102")));
    assertTrue(refused(Map.of("port", "10.1.2.3:9102")).contains("not a loopback"));
    // Never a DNS lookup: a name other than localhost is refused as it is.
    assertTrue(refused(Map.of("port", "metrics.example.net:9102")).contains("not a loopback"));
    assertTrue(refused(Map.of("port", "9102")).contains("is not HOST:PORT"));
    assertTrue(refused(Map.of("port", "127.0.0.1:")).contains("has no port number"));
    assertTrue(refused(Map.of("port", "127.0.0.1:x")).contains("has no port number"));
    assertTrue(refused(Map.of("port", "127.0.0.1:0")).contains("outside 1-65535"));
    assertTrue(refused(Map.of("port", "127.0.0.1:70000")).contains("outside 1-65535"));
    assertTrue(refused(Map.of("port", "127.0.0.1:" + "9".repeat(5000))).contains("no port"));
    assertTrue(refused(Map.of()).contains("needs port=HOST:PORT"));
    assertTrue(refused(Map.of("port", " ")).contains("needs port=HOST:PORT"));
    assertEquals("[jsupervisor_metrics] has an unknown key 'auth'",
        refused(Map.of("port", "127.0.0.1:9102", "auth", "none")));
  }
}
