package dev.jsupervisor.listeners.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.listeners.control.ClientCalls;
import dev.jsupervisor.listeners.it.DaemonUnderTest.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The listeners' one-round-trip start-and-read against supervisord 4.2.5 and jsupervisord. */
class ClientCallsUnderDaemonsTest {
  private DaemonUnderTest daemon;

  @AfterEach
  void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void startAndReadReturnsTheStateTheStartLeftAndFaultsAsStartProcessDoes(Kind kind)
      throws Exception {
    daemon = DaemonUnderTest.prepare(kind).start(String.join("\n",
        "[program:job]",
        "command=/bin/sleep 30",
        "autostart=false",
        "startsecs=0",
        ""));
    daemon.awaitProcesses("the daemon up", Duration.ofSeconds(30), infos -> !infos.isEmpty());
    ClientCalls calls = new ClientCalls(daemon.client());

    ProcessInfo info = calls.startProcessAndRead("job:job");
    assertNotNull(info, "the read half of the multicall");
    assertEquals("job", info.name());
    // supervisord promotes startsecs=0 inside the start; jsupervisord may do it a moment later.
    assertTrue(
        info.state() == ProcessState.RUNNING || info.state() == ProcessState.STARTING,
        "state after the start: " + info.state());
    if (kind == Kind.SUPERVISORD) {
      assertEquals(ProcessState.RUNNING, info.state());
    }

    RpcFault again = assertThrows(RpcFault.class, () -> calls.startProcessAndRead("job:job"));
    assertEquals(Fault.ALREADY_STARTED, again.fault());
    RpcFault unknown = assertThrows(RpcFault.class, () -> calls.startProcessAndRead("nope:nope"));
    assertEquals(Fault.BAD_NAME, unknown.fault());
  }
}
