package dev.jsupervisor.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.testkit.FakeSupervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeSupervisorExtension.class)
@FakeSupervisorOptions(timeoutMillis = 3000)
class FakeSupervisorExtensionTest {
  private static final List<Path> SOCKETS = new CopyOnWriteArrayList<>();
  private FakeSupervisor fromBeforeEach;

  @BeforeEach
  void remember(FakeSupervisor sup) {
    fromBeforeEach = sup;
    SOCKETS.add(sup.unixSocketPath());
  }

  @AfterAll
  static void everyFakeWasTornDown() {
    assertEquals(3, SOCKETS.size());
    for (Path socket : SOCKETS) {
      assertFalse(Files.exists(socket), socket + " still exists after its test");
    }
  }

  @Test
  void injectsOneReadyFakePerTest(FakeSupervisor sup) {
    assertSame(fromBeforeEach, sup);
    assertTrue(Files.exists(sup.unixSocketPath()));
    assertEquals(Duration.ofMillis(3000), sup.timeout());
  }

  @Test
  @FakeSupervisorOptions(config = "src/test/resources/conf/chain.conf", exportTcpUrl = true)
  void buildsTheProcessTableFromAConfig(FakeSupervisor sup) {
    assertEquals("chain", sup.poolName());
    assertEquals(ProcessState.STOPPED, sup.processes().state("step2"));
    assertTrue(sup.serverUrl().startsWith("http://127.0.0.1:"));
    assertEquals("3", sup.listenerEnvironment().get("CHAIN_LENGTH"));
    assertEquals(-1, sup.emit(Event.groupAdded("x")), "the pool subscribes to RUNNING only");
  }

  @Test
  void aListenerStartedInTheTestIsStoppedAfterIt(FakeSupervisor sup) {
    sup.startListener((in, out, env) -> {
      out.write("READY\n".getBytes());
      out.flush();
      in.read();
    }).awaitReady();
  }
}
