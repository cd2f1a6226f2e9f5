package dev.jsupervisor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake API over real HTTP: TCP from Java, the UNIX socket from Python's xmlrpc client. */
class HttpApiTest {
  private FakeSupervisor sup;

  @TempDir
  Path temp;

  @BeforeEach
  void setUp() throws Exception {
    sup = FakeSupervisor.builder()
        .program(Program.named("web").startSecs(5))
        .program(Program.named("a").group("g").startSecs(0))
        .program(Program.named("b").group("g").startSecs(0))
        .build();
  }

  @AfterEach
  void tearDown() {
    sup.close();
  }

  private String call(String method, String... args) throws Exception {
    return TinyXmlRpc.call(sup.httpUrl(), method, args);
  }

  private static final Pattern FAULT = Pattern.compile("faultCode</name>\\s*<value>\\s*<(?:int|i4)>"
      + "(\\d+)<.*faultString</name>\\s*<value>\\s*(?:<string>)?([^<]*)<", Pattern.DOTALL);

  /** "code text" of a fault response, whatever the XML layout; the body itself otherwise. */
  private static String faultOf(String body) {
    Matcher m = FAULT.matcher(body);
    return m.find() ? m.group(1) + " " + m.group(2) : body;
  }

  @Test
  void startWithWaitAnswersOnlyAfterStartsecsOfVirtualTime() throws Exception {
    CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
      try {
        return call("supervisor.startProcess", "web", "true");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    sup.calls().await("startProcess", "web", sup.timeout());
    sup.processes().awaitState("web", ProcessState.STARTING, sup.timeout());
    assertFalse(reply.isDone());
    sup.advance(Duration.ofSeconds(5));
    String body = reply.get(5, TimeUnit.SECONDS);
    assertTrue(body.contains("<boolean>1</boolean>"), body);
    assertEquals(ProcessState.RUNNING, sup.processes().state("web"));
  }

  @Test
  void faultsGoOnTheWireAsSupervisordSendsThem() throws Exception {
    assertEquals("10 BAD_NAME: nosuch", faultOf(call("supervisor.startProcess", "nosuch")));
    call("supervisor.startProcess", "g:a", "false");
    assertEquals("60 ALREADY_STARTED: g:a", faultOf(call("supervisor.startProcess", "g:a")));
    assertEquals("70 NOT_RUNNING: web", faultOf(call("supervisor.stopProcess", "web")));
    String group = call("supervisor.startProcessGroup", "g");
    assertTrue(group.matches("(?s).*<name>name</name>\\s*<value>(<string>)?b<.*"), group);
    assertFalse(group.matches("(?s).*<name>name</name>\\s*<value>(<string>)?a<.*"), group);
    sup.processes().setMood(SupervisorState.SHUTDOWN);
    assertEquals("6 SHUTDOWN_STATE", faultOf(call("supervisor.getState")));
    assertEquals(List.of("supervisor.startProcess", "supervisor.startProcess",
        "supervisor.startProcess", "supervisor.stopProcess", "supervisor.startProcessGroup",
        "supervisor.getState"), sup.calls().all().stream().map(RecordedCall::method).toList());
  }

  @Test
  void pythonXmlRpcClientOverTheUnixSocket() throws Exception {
    Path script = Files.writeString(temp.resolve("client.py"), String.join("\n",
        "import os, sys",
        "from supervisor import childutils",
        "rpc = childutils.getRPCInterface(os.environ)",
        "print(rpc.supervisor.getAPIVersion())",
        "print(rpc.supervisor.startProcess('g:*', False))",
        "try:",
        "    rpc.supervisor.signalProcess('web', 'NOPE')",
        "except Exception as e:",
        "    print(e.faultCode, e.faultString)",
        "print([p['statename'] for p in rpc.supervisor.getAllProcessInfo()])",
        ""));
    ProcessBuilder pb = new ProcessBuilder(PythonListenerTest.PYTHON, script.toString());
    pb.environment().putAll(sup.listenerEnvironment());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(String.join("\n", "3.0",
        "[{'name': 'a', 'group': 'g', 'status': 80, 'description': 'OK'}, "
            + "{'name': 'b', 'group': 'g', 'status': 80, 'description': 'OK'}]",
        "11 BAD_SIGNAL: NOPE",
        "['RUNNING', 'RUNNING', 'STOPPED']", ""), output);
  }
}
