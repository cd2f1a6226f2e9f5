package dev.jsupervisor.core.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CPython's xmlrpc.client (what supervisorctl uses) against the server, on TCP and UNIX. */
class PythonXmlRpcClientTest {
  private static final String PRELUDE = String.join("\n",
      "import sys, xmlrpc.client",
      "from supervisor.xmlrpc import SupervisorTransport",
      "url = sys.argv[1]",
      "t = SupervisorTransport(None, None, url)",
      "p = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)",
      "def show(f):",
      "    try: print(repr(f()))",
      "    except xmlrpc.client.Fault as e: print('Fault', e.faultCode, repr(e.faultString))",
      "    except Exception as e: print('Error', type(e).__name__, e)",
      "");

  private static ServerFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static List<String> runLines(String url, String body) throws Exception {
    ServerFixture.Run r = ServerFixture.python(PRELUDE + body, url);
    assertEquals(0, r.exit(), r.out());
    return List.of(r.out().split("\n"));
  }

  @Test
  void faultsCarrySupervisordCodesAndStrings() throws Exception {
    List<String> out = runLines(fixture.url(), String.join("\n",
        "show(lambda: p.supervisor.nosuch())",
        "show(lambda: p.nosuch.getState())",
        "show(lambda: p.supervisor._private())",
        "show(lambda: p.supervisor.getState.extra())",
        "show(lambda: p.supervisor.getPID(1))",
        "show(lambda: p.supervisor.readLog('a', 0))",
        "show(lambda: p.supervisor.startProcess())",
        "show(lambda: p.supervisor.startProcess('a', True, 3))",
        "show(lambda: p.supervisor.getProcessInfo('nosuch'))",
        "show(lambda: p.supervisor.sendProcessStdin('app', 5))",
        "show(lambda: p.supervisor.readLog(-1, 5))",
        "show(lambda: p.supervisor.addProcessGroup('app'))",
        "show(lambda: p.supervisor.removeProcessGroup('app'))",
        "show(lambda: p.supervisor.stopProcess('multi:m0'))",
        "show(lambda: p.system.methodHelp('nosuch'))",
        "show(lambda: p.system.methodSignature('supervisor.nosuch'))",
        ""));
    assertEquals(List.of(
        "Fault 1 'UNKNOWN_METHOD'",
        "Fault 1 'UNKNOWN_METHOD'",
        "Fault 1 'UNKNOWN_METHOD'",
        "Fault 1 'UNKNOWN_METHOD'",
        "Fault 2 'INCORRECT_PARAMETERS'",
        "Fault 2 'INCORRECT_PARAMETERS'",
        "Fault 2 'INCORRECT_PARAMETERS'",
        "Fault 2 'INCORRECT_PARAMETERS'",
        "Fault 10 'BAD_NAME: nosuch'",
        "Fault 2 'INCORRECT_PARAMETERS: 5'",
        "Fault 3 'BAD_ARGUMENTS'",
        "Fault 90 'ALREADY_ADDED: app'",
        "Error ProtocolError <ProtocolError for 127.0.0.1/RPC2: 500 Server Error>",
        "Fault 70 'NOT_RUNNING: multi:m0'",
        "Fault 4 'SIGNATURE_UNSUPPORTED'",
        "Fault 4 'SIGNATURE_UNSUPPORTED'"), out);
  }

  @Test
  void resultsHaveSupervisordShapes() throws Exception {
    List<String> out = runLines("unix://" + fixture.socket, String.join("\n",
        "show(lambda: p.supervisor.getVersion())",
        "show(lambda: p.supervisor.getState())",
        "show(lambda: p.supervisor.getPID())",
        "show(lambda: p.supervisor.getProcessInfo('app'))",
        "show(lambda: p.supervisor.reloadConfig())",
        "show(lambda: p.supervisor.tailProcessStdoutLog('app', 0, 10))",
        "show(lambda: p.supervisor.getAllConfigInfo())",
        "show(lambda: p.supervisor.startAllProcesses())",
        "show(lambda: p.supervisor.signalProcess('app', 9))",
        "show(lambda: p.supervisor.sendRemoteCommEvent(xmlrpc.client.Binary(b'typ'), 'd\u00e9j\u00e0'))",
        ""));
    assertEquals("'3.0'", out.get(0));
    assertEquals("{'statecode': 1, 'statename': 'RUNNING'}", out.get(1));
    assertEquals("4242", out.get(2));
    assertEquals("{'name': 'app', 'group': 'app', 'start': 1699999995, 'stop': 0, 'now': 1700000000,"
        + " 'state': 20, 'statename': 'RUNNING', 'spawnerr': '', 'exitstatus': 0,"
        + " 'logfile': '/tmp/app.log', 'stdout_logfile': '/tmp/app.log', 'stderr_logfile': '',"
        + " 'pid': 4321, 'description': 'pid 4321, uptime 0:00:05'}", out.get(3));
    assertEquals("[[['new'], [], ['old']]]", out.get(4));
    assertEquals("['tail\\n', 2147483647, True]", out.get(5), "offsets are clamped to 32 bits");
    assertEquals("[{'name': 'app', 'group': 'app', 'process_prio': 999}]", sortedStruct(out.get(6)));
    assertEquals("[{'name': 'm0', 'group': 'multi', 'status': 80, 'description': 'OK'},"
        + " {'name': 'app', 'group': 'app', 'status': 50, 'description': 'SPAWN_ERROR: app'}]", out.get(7));
    assertEquals("True", out.get(8));
    assertTrue(fixture.api.log.contains("signalProcess app 9"), fixture.api.log.toString());
    assertEquals("True", out.get(9));
    assertTrue(fixture.api.log.contains("sendRemoteCommEvent typ d\u00e9j\u00e0"), fixture.api.log.toString());
  }

  /** Map.of has no fixed order; the members are what matters for config info. */
  private static String sortedStruct(String line) {
    return line.contains("'process_prio': 999") && line.contains("'name': 'app'")
        && line.contains("'group': 'app'")
        ? "[{'name': 'app', 'group': 'app', 'process_prio': 999}]" : line;
  }

  @Test
  void multicallRunsInOrderWithUnwrappedValuesAndFaultStructs() throws Exception {
    List<String> out = runLines(fixture.url(), String.join("\n",
        "calls = [{'methodName': 'supervisor.getState', 'params': []},",
        "         {'methodName': 'supervisor.nosuch', 'params': []},",
        "         {'methodName': 'system.multicall', 'params': [[]]},",
        "         {'params': []},",
        "         {'methodName': 'supervisor.getProcessInfo', 'params': ['nosuch']},",
        "         {'methodName': 'supervisor.startProcess', 'params': ['app']},",
        "         {'methodName': 'supervisor.getPID'},",
        "         {'methodName': 'supervisor.removeProcessGroup', 'params': ['x']}]",
        "show(lambda: p.system.multicall(calls))",
        "m = xmlrpc.client.MultiCall(p)",
        "m.supervisor.getAPIVersion()",
        "m.supervisor.getSupervisorVersion()",
        "show(lambda: list(m()))",
        ""));
    assertEquals("[{'statecode': 1, 'statename': 'RUNNING'},"
        + " {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'},"
        + " {'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden'},"
        + " {'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: No methodName'},"
        + " {'faultCode': 10, 'faultString': 'BAD_NAME: nosuch'},"
        + " {'faultCode': 60, 'faultString': 'ALREADY_STARTED: app'},"
        + " 4242,"
        + " {'faultCode': 30, 'faultString': 'FAILED: IllegalStateException:simulated bug'}]", out.get(0));
    // Python's MultiCall expects one-element arrays; supervisord sends bare values, so the
    // stock helper reports a type error exactly as it does against supervisord.
    assertTrue(out.get(1).startsWith("Error ValueError"), out.get(1));
  }

  @Test
  void introspectionListsEveryMethodWithSignatures() throws Exception {
    List<String> out = runLines(fixture.url(), String.join("\n",
        "ms = p.system.listMethods()",
        "print(len(ms), ms == sorted(ms))",
        "print(p.system.methodSignature('supervisor.tailProcessLog'))",
        "print(p.system.methodSignature('system.multicall'))",
        "h = p.system.methodHelp('supervisor.startProcess')",
        "print([l for l in h.splitlines() if l.startswith('@')])",
        ""));
    assertEquals("41 True", out.get(0));
    assertEquals("['array', 'string', 'int', 'int']", out.get(1));
    assertEquals("['array', 'array']", out.get(2));
    assertEquals("['@param string name Process name (or group:name, or group:*)',"
        + " '@param boolean wait Wait until the process is fully started',"
        + " '@return boolean result Always true unless an error occurred']", out.get(3));
  }
}
