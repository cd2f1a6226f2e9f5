package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.rpc.internal.StrictSupervisordXml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every XML-RPC method and its faults, sent as the same raw request to supervisord 4.2.5 and to
 * jsupervisord on the same config and state: the response bodies must be the same bytes once the
 * values that legitimately differ (the daemons' dirs, pids, times, auto log names) are
 * normalised, and ours must pass the strict supervisord-shape reader.
 */
class WireShapeParityTest {
  private static final String CONFIG = LiveDaemon.CONFIG_HEADER
      + """
      identifier=parity

      [inet_http_server]
      port=127.0.0.1:@PORT@

      [program:echo]
      command=/bin/sh -c 'printf "a\\001b\\033[31m<&>\\"x\\r\\n\\360\\237\\230\\200 caf\\303\\251\\n"; printf "err<\\n" >&2; exec sleep 1000'
      startsecs=0

      [program:trap]
      command=/bin/sh -c 'trap "" HUP USR1; while :; do sleep 1; done'
      startsecs=0

      [program:cat]
      command=/bin/cat
      startsecs=0

      [program:idle]
      command=/bin/sleep 1000
      autostart=false
      startsecs=0

      [program:badcmd]
      command=/no/such/binary
      autostart=false

      [program:w]
      command=/bin/sleep 1000
      numprocs=2
      process_name=%(program_name)s_%(process_num)d
      autostart=false
      startsecs=0
      """;

  /** One call: a label, the method, its params as XML-RPC param elements. */
  private record Call(String label, String method, String params) {}

  @RegisterExtension
  final LiveDaemons daemons = new LiveDaemons(d -> {});

  @Test
  void everyMethodAndFaultIsTheSameBytesAsSupervisords() throws Exception {
    List<LiveDaemon> pair = daemons.startBoth(CONFIG);
    LiveDaemon oracle = pair.get(0);
    LiveDaemon ours = pair.get(1);
    for (LiveDaemon d : pair) {
      await("echo's output logged by " + d.kind).atMost(LiveDaemon.PATIENCE).until(() ->
          body(d, call("supervisor.readProcessStderrLog", s("echo"), i(0), i(0))).contains("err"));
    }
    List<String> mismatches = new ArrayList<>();
    for (Call c : script()) {
      byte[] theirs = post(oracle, c);
      byte[] mine = post(ours, c);
      StrictSupervisordXml.read(mine); // throws on any departure from supervisord's shape
      String expected = normalise(oracle, theirs, c);
      String actual = normalise(ours, mine, c);
      if (!expected.equals(actual)) {
        mismatches.add(c.label() + "\n--- supervisord:\n" + expected + "--- jsupervisord:\n" + actual);
      }
    }
    assertEquals(List.of(), mismatches);
  }

  private static List<Call> script() {
    List<Call> calls = new ArrayList<>();
    calls.add(c("listMethods", "system.listMethods"));
    calls.add(c("methodSignature", "system.methodSignature", s("supervisor.startProcess")));
    calls.add(c("methodSignature unknown", "system.methodSignature", s("nosuch.x")));
    calls.add(c("getAPIVersion", "supervisor.getAPIVersion"));
    calls.add(c("getVersion", "supervisor.getVersion"));
    calls.add(c("getSupervisorVersion", "supervisor.getSupervisorVersion"));
    calls.add(c("getIdentification", "supervisor.getIdentification"));
    calls.add(c("getState", "supervisor.getState"));
    calls.add(c("getPID", "supervisor.getPID"));
    calls.add(c("getAllProcessInfo", "supervisor.getAllProcessInfo"));
    calls.add(c("getProcessInfo", "supervisor.getProcessInfo", s("echo")));
    calls.add(c("getProcessInfo unknown", "supervisor.getProcessInfo", s("nosuch")));
    calls.add(c("getProcessInfo group", "supervisor.getProcessInfo", s("w:*")));
    calls.add(c("getAllConfigInfo", "supervisor.getAllConfigInfo"));
    calls.add(c("startProcess", "supervisor.startProcess", s("idle")));
    calls.add(c("startProcess again", "supervisor.startProcess", s("idle")));
    calls.add(c("startProcess unknown", "supervisor.startProcess", s("nosuch")));
    calls.add(c("startProcess no command", "supervisor.startProcess", s("badcmd")));
    calls.add(c("stopProcess", "supervisor.stopProcess", s("idle")));
    calls.add(c("stopProcess again", "supervisor.stopProcess", s("idle")));
    calls.add(c("getProcessInfo stopped", "supervisor.getProcessInfo", s("idle")));
    calls.add(c("startProcessGroup", "supervisor.startProcessGroup", s("w")));
    calls.add(c("startProcess group running", "supervisor.startProcess", s("w:*")));
    calls.add(c("signalProcess", "supervisor.signalProcess", s("trap"), s("HUP")));
    calls.add(c("signalProcess bad signal", "supervisor.signalProcess", s("trap"), s("BOGUS")));
    calls.add(c("signalProcess stopped", "supervisor.signalProcess", s("idle"), s("HUP")));
    calls.add(c("signalProcessGroup", "supervisor.signalProcessGroup", s("w"), s("USR1")));
    calls.add(c("stopProcessGroup", "supervisor.stopProcessGroup", s("w")));
    calls.add(c("stopProcessGroup unknown", "supervisor.stopProcessGroup", s("nosuch")));
    calls.add(c("readProcessStdoutLog", "supervisor.readProcessStdoutLog", s("echo"), i(0), i(0)));
    calls.add(c("readProcessLog slice", "supervisor.readProcessLog", s("echo"), i(2), i(5)));
    calls.add(c("readProcessStderrLog", "supervisor.readProcessStderrLog", s("echo"), i(0), i(0)));
    calls.add(c("readProcessStdoutLog bad args", "supervisor.readProcessStdoutLog", s("echo"),
        i(-1), i(5)));
    calls.add(c("readProcessStdoutLog unknown", "supervisor.readProcessStdoutLog", s("nosuch"),
        i(0), i(0)));
    calls.add(c("tailProcessStdoutLog", "supervisor.tailProcessStdoutLog", s("echo"), i(0),
        i(1000)));
    calls.add(c("tailProcessStdoutLog overflow", "supervisor.tailProcessStdoutLog", s("echo"),
        i(0), i(4)));
    calls.add(c("tailProcessStderrLog", "supervisor.tailProcessStderrLog", s("echo"), i(0),
        i(100)));
    calls.add(c("sendProcessStdin", "supervisor.sendProcessStdin", s("cat"), s("hello\n")));
    calls.add(c("sendProcessStdin stopped", "supervisor.sendProcessStdin", s("idle"), s("x")));
    calls.add(c("sendRemoteCommEvent", "supervisor.sendRemoteCommEvent", s("type"), s("data")));
    calls.add(c("reloadConfig", "supervisor.reloadConfig"));
    calls.add(c("addProcessGroup existing", "supervisor.addProcessGroup", s("echo")));
    calls.add(c("addProcessGroup unknown", "supervisor.addProcessGroup", s("nosuch")));
    calls.add(c("removeProcessGroup running", "supervisor.removeProcessGroup", s("echo")));
    calls.add(c("readLog bad args", "supervisor.readLog", i(-1), i(5)));
    calls.add(c("readLog past end", "supervisor.readLog", i(100_000_000), i(10)));
    calls.add(c("clearProcessLogs", "supervisor.clearProcessLogs", s("echo")));
    calls.add(c("clearProcessLogs unknown", "supervisor.clearProcessLogs", s("nosuch")));
    calls.add(c("clearAllProcessLogs", "supervisor.clearAllProcessLogs"));
    calls.add(c("unknown method", "supervisor.nosuch"));
    calls.add(c("unknown namespace", "nosuch.getState"));
    calls.add(c("wrong argument count", "supervisor.getProcessInfo"));
    calls.add(c("multicall", "system.multicall", "<param><value><array><data>"
        + "<value><struct><member><name>methodName</name><value>supervisor.getAPIVersion</value>"
        + "</member></struct></value>"
        + "<value><struct><member><name>methodName</name><value>supervisor.getProcessInfo</value>"
        + "</member><member><name>params</name><value><array><data><value>nosuch</value></data>"
        + "</array></value></member></struct></value>"
        + "<value><struct><member><name>methodName</name><value>system.multicall</value>"
        + "</member></struct></value>"
        + "<value><struct><member><name>params</name><value><array><data></data></array></value>"
        + "</member></struct></value>"
        + "<value><struct><member><name>methodName</name><value>supervisor.stopProcess</value>"
        + "</member><member><name>params</name><value><array><data><value>idle</value></data>"
        + "</array></value></member></struct></value>"
        + "</data></array></value></param>"));
    calls.add(c("stopAllProcesses", "supervisor.stopAllProcesses"));
    calls.add(c("getAllProcessInfo after stop all", "supervisor.getAllProcessInfo"));
    calls.add(c("clearLog", "supervisor.clearLog"));
    return calls;
  }

  private static Call c(String label, String method, String... params) {
    return new Call(label, method, String.join("", params));
  }

  private static String s(String text) {
    return "<param><value><string>" + text.replace("&", "&amp;").replace("<", "&lt;")
        + "</string></value></param>";
  }

  private static String i(int n) {
    return "<param><value><int>" + n + "</int></value></param>";
  }

  private static Call call(String method, String... params) {
    return c(method, method, params);
  }

  private static final Pattern VOLATILE_MEMBER =
      Pattern.compile("(<name>(?:pid|start|stop|now)</name>\n<value><int>)\\d+");

  /** Bulk operations whose result order is a race under supervisord (see sortStructs). */
  private static final java.util.Set<String> RACY_ORDER = java.util.Set.of(
      "supervisor.startProcessGroup", "supervisor.stopProcessGroup",
      "supervisor.startAllProcesses", "supervisor.stopAllProcesses");

  /** The body with what legitimately differs between the two daemons replaced by markers. */
  private static String normalise(LiveDaemon d, byte[] body, Call c) {
    String text = new String(body, StandardCharsets.UTF_8).replace(d.dir.toString(), "@DIR@");
    text = VOLATILE_MEMBER.matcher(text).replaceAll("$1N");
    text = text.replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid N, uptime T");
    text = text.replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE");
    text = text.replaceAll("-supervisor-[a-z0-9_]+\\.log", "-supervisor-X.log");
    if (c.method().equals("supervisor.getPID")) {
      text = text.replaceFirst("<int>\\d{2,}</int>", "<int>N</int>");
    }
    if (RACY_ORDER.contains(c.method())) {
      text = sortStructs(text);
    }
    return text;
  }

  /**
   * The result structs of a bulk answer in a fixed order. supervisord lists the processes that
   * finish in the same poll of its loop in priority order and the others as they finish, which
   * is a race between its polls and the processes' exits; jsupervisord always uses the order.
   */
  private static String sortStructs(String text) {
    String open = "<value><struct>\n";
    int first = text.indexOf(open);
    int last = text.lastIndexOf("</struct></value>\n") + "</struct></value>\n".length();
    if (first < 0) {
      return text;
    }
    List<String> structs = new ArrayList<>(List.of(text.substring(first, last).split("(?=<value><struct>\n)")));
    structs.sort(null);
    return text.substring(0, first) + String.join("", structs) + text.substring(last);
  }

  private static String body(LiveDaemon d, Call c) throws IOException {
    return new String(post(d, c), StandardCharsets.UTF_8);
  }

  /** POSTs the call on a fresh TCP connection and returns the 200 response's body. */
  private static byte[] post(LiveDaemon d, Call c) throws IOException {
    byte[] xml = ("<?xml version='1.0'?>\n<methodCall>\n<methodName>" + c.method()
        + "</methodName>\n<params>\n" + c.params() + "</params>\n</methodCall>\n")
        .getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", d.port)) {
      socket.setSoTimeout((int) LiveDaemon.PATIENCE.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
          + "Content-Length: " + xml.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(xml);
      out.flush();
      byte[] raw = readAll(socket.getInputStream());
      String head = new String(raw, StandardCharsets.ISO_8859_1);
      int end = head.indexOf("\r\n\r\n");
      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), d.kind + " " + c.label() + ": " + head);
      Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head.substring(0, end));
      assertTrue(length.find(), "no Content-Length from " + d.kind);
      byte[] body = new byte[Integer.parseInt(length.group(1))];
      System.arraycopy(raw, end + 4, body, 0, body.length);
      return body;
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toByteArray();
  }
}
