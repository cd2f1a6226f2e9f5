package dev.jsupervisor.core.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SupervisorClient against the real supervisord 4.2.5, over a UNIX socket and over TCP. */
class SupervisorClientIntegrationTest {
  static final String PROGRAMS =
      "[program:echoer]\ncommand=/bin/sh -c 'echo hello-from-echoer; exec sleep 1000'\n"
          + "startsecs=0\nstdout_logfile=%(dir)s/echoer.log\n\n"
          + "[program:idle]\ncommand=/bin/sleep 1000\nautostart=false\nstartsecs=0\n\n"
          + "[program:multi]\ncommand=/bin/sleep 1000\nprocess_name=m%(process_num)d\n"
          + "numprocs=3\nautostart=false\nstartsecs=0\n";

  private RealSupervisord sd;

  @AfterEach
  void stop() {
    if (sd != null) {
      sd.close();
    }
  }

  @Test
  void typedCallsOverUnixSocket() throws Exception {
    sd = RealSupervisord.start(PROGRAMS, 0, null, null);
    try (SupervisorClient c = SupervisorClient.of(sd.url())) {
      assertEquals("3.0", c.getVersion());
      assertEquals("3.0", c.getAPIVersion());
      assertEquals("4.2.5", c.getSupervisorVersion());
      assertEquals("test", c.getIdentification());
      assertEquals(SupervisorState.RUNNING, c.getState());
      assertEquals(sd.pid(), c.getPID());

      List<ProcessInfo> all = c.getAllProcessInfo();
      assertEquals(
          List.of("echoer", "idle", "multi:m0", "multi:m1", "multi:m2"),
          all.stream().map(ProcessInfo::namespec).toList());
      assertEquals(ProcessState.STOPPED, c.getProcessInfo("idle").state());

      assertTrue(c.startProcess("idle", true));
      RpcFault again = assertThrows(RpcFault.class, () -> c.startProcess("idle", true));
      assertEquals(60, again.code());
      assertEquals("ALREADY_STARTED: idle", again.faultString());

      RpcFault bad = assertThrows(RpcFault.class, () -> c.getProcessInfo("nosuch"));
      assertEquals(10, bad.code());
      assertEquals("BAD_NAME: nosuch", bad.faultString());

      List<ProcessResult> started = c.startProcessGroup("multi", true);
      assertEquals(3, started.size());
      assertTrue(started.stream().allMatch(r -> r.status() == 80 && r.description().equals("OK")));
      List<ProcessResult> stopped = c.stopProcessGroup("multi", true);
      assertEquals(3, stopped.size());
      assertTrue(c.stopProcess("idle", true));

      assertTrue(c.listMethods().contains("supervisor.startProcess"));
      assertTrue(c.listMethods().contains("system.multicall"));
      assertTrue(c.methodHelp("supervisor.getPID").contains("@return int"));

      List<Object> results =
          c.multicall(
              List.of(
                  SupervisorClient.MethodCall.of("supervisor.getState"),
                  SupervisorClient.MethodCall.of("supervisor.getProcessInfo", "nosuch"),
                  SupervisorClient.MethodCall.of("supervisor.getAPIVersion")));
      assertEquals(1, ((Map<?, ?>) results.get(0)).get("statecode"));
      assertEquals("BAD_NAME: nosuch", ((RpcFault) results.get(1)).faultString());
      assertEquals("3.0", results.get(2));

      SupervisorClient.ConfigChanges changes = c.reloadConfig();
      assertTrue(changes.isEmpty());
      assertEquals(5, c.getAllConfigInfo().size());

      await().atMost(Duration.ofSeconds(10)).until(() ->
          c.readProcessStdoutLog("echoer", 0, 0).contains("hello-from-echoer"));
      SupervisorClient.LogChunk chunk = c.tailProcessStdoutLog("echoer", 0, 5);
      assertTrue(chunk.overflow());
      assertEquals(5, chunk.text().length());
      RpcFault badArgs = assertThrows(RpcFault.class, () -> c.readLog(-20, 5));
      assertEquals("BAD_ARGUMENTS", badArgs.faultString());
    }
  }

  @Test
  void concurrentCallsEachGetAnAnswer() throws Exception {
    sd = RealSupervisord.start(PROGRAMS, 0, null, null);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (SupervisorClient c = SupervisorClient.of(sd.url())) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        answers.add(pool.submit(() -> c.getSupervisorVersion() + "/" + c.getAllProcessInfo().size()));
      }
      for (Future<String> f : answers) {
        assertEquals("4.2.5/5", f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reconnectsWhenTheServerDroppedTheIdleConnection() throws Exception {
    sd = RealSupervisord.start(PROGRAMS, 0, null, null);
    try (SupervisorClient c = SupervisorClient.of(sd.url())) {
      assertEquals("3.0", c.getVersion());
      assertTrue(c.restart()); // closes every socket, then listens again
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> c.getState() == SupervisorState.RUNNING);
      assertEquals("4.2.5", c.getSupervisorVersion());
    }
  }

  @Test
  void streamsTheProcessLog() throws Exception {
    sd = RealSupervisord.start(PROGRAMS, 0, null, null);
    try (SupervisorClient c = SupervisorClient.of(sd.url())) {
      await().atMost(Duration.ofSeconds(10)).until(() ->
          c.readProcessStdoutLog("echoer", 0, 0).contains("hello-from-echoer"));
      try (InputStream in = c.openLogTail("echoer", "stdout")) {
        byte[] buf = new byte[64];
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains("hello-from-echoer")) {
          int n = in.read(buf);
          assertTrue(n > 0, "stream ended early: " + seen);
          seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      }
      ClientException notFound =
          assertThrows(ClientException.class, () -> c.openLogTail("nosuch", "stdout"));
      assertEquals(404, notFound.httpStatus());
      assertEquals("4.2.5", c.getSupervisorVersion()); // the pool is still fine
    }
  }

  @Test
  void missingSocketFileSaysNoSuchFile() {
    try (SupervisorClient c = SupervisorClient.of("unix:///tmp/no-such-dir-js/x.sock")) {
      ClientException e = assertThrows(ClientException.class, c::getVersion);
      assertEquals(ClientException.Kind.NO_SUCH_FILE, e.kind());
      assertEquals("unix:///tmp/no-such-dir-js/x.sock no such file", e.getMessage());
    }
  }

  @Test
  void refusedPortSaysRefusedConnection() throws IOException {
    int port = RealSupervisord.freePort();
    try (SupervisorClient c = SupervisorClient.of("http://127.0.0.1:" + port)) {
      ClientException e = assertThrows(ClientException.class, c::getVersion);
      assertEquals(ClientException.Kind.REFUSED, e.kind());
      assertEquals("http://127.0.0.1:" + port + " refused connection", e.getMessage());
    }
  }

  @Test
  void tcpWithBasicAuth() throws Exception {
    int port = RealSupervisord.freePort();
    sd = RealSupervisord.start(PROGRAMS, port, "bob", "s3cret");
    try (SupervisorClient good =
            SupervisorClient.builder(sd.url()).credentials("bob", "s3cret").build();
        SupervisorClient wrong =
            SupervisorClient.builder(sd.url()).credentials("bob", "nope").build();
        SupervisorClient none = SupervisorClient.of(sd.url())) {
      assertEquals("4.2.5", good.getSupervisorVersion());
      for (int i = 0; i < 5; i++) {
        assertEquals(5, good.getAllProcessInfo().size()); // keep-alive connection reused
      }
      ClientException e = assertThrows(ClientException.class, wrong::getVersion);
      assertEquals(ClientException.Kind.UNAUTHORIZED, e.kind());
      assertEquals(401, e.httpStatus());
      assertEquals("Server requires authentication", e.getMessage());
      assertEquals(ClientException.Kind.UNAUTHORIZED,
          assertThrows(ClientException.class, none::getVersion).kind());
      RpcFault fault = assertThrows(RpcFault.class, () -> good.stopProcess("idle", true));
      assertEquals("NOT_RUNNING: idle", fault.faultString());
      assertFalse(good.getAllConfigInfo().get(0).raw().isEmpty());
    }
  }

  @Test
  void fromEnvironmentNeedsTheServerUrl() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SupervisorClient.fromEnvironment(Map.of()));
    assertTrue(e.getMessage().contains("SUPERVISOR_SERVER_URL"));
    try (SupervisorClient c =
        SupervisorClient.fromEnvironment(Map.of("SUPERVISOR_SERVER_URL", "unix:///tmp/x.sock"))) {
      assertEquals("unix:///tmp/x.sock", c.url());
      assertEquals("", c.username());
    }
    assertThrows(IllegalArgumentException.class, () -> SupervisorClient.of("ftp://x"));
  }
}
