package dev.jsupervisor.core.rpc.internal;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.xmlrpc.XmlRpcException;

/**
 * Runs typical XML-RPC traffic through a private {@link XmlRpcCodec} once per JVM, on a
 * background thread, so the XML parser and writer are compiled before clients need them. The
 * daemon's first requests otherwise run them interpreted: a cold parse takes about 10 ms and
 * stays above half a millisecond for dozens of requests, on the path of every start an
 * ordered-startup listener makes. It touches no daemon state.
 */
public final class CodecWarmUp {
  /** Rounds of parse-and-render; enough for the parser's hot methods to get compiled. */
  static final int ROUNDS = 300;

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private CodecWarmUp() {}

  /**
   * Starts the warm-up on a daemon thread, the first time only; later calls do nothing. The
   * thread runs {@code lowerPriority} first: at full priority the warm-up took CPU from the
   * daemon's first children. Measured on 2 cores (12 alternating runs), an ordered-startup
   * listener's start to its first start: 321 ms with the warm-up at full priority, 253 ms at
   * nice 19, 227 ms without it; its chain of 10 then took 64, 72 and 84 ms.
   */
  public static void startOnce(Runnable lowerPriority) {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> {
      lowerPriority.run();
      run(ROUNDS);
    }, "xmlrpc-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** Parses and renders {@code rounds} rounds of sample calls; returns the calls parsed. */
  static int run(int rounds) {
    XmlRpcCodec codec = new XmlRpcCodec();
    List<byte[]> requests = List.of(
        request("system.multicall", multicallParams()),
        request("supervisor.getAllProcessInfo", ""),
        request("supervisor.getProcessInfo", "<param><value><string>web:web_00</string></value>"
            + "</param>"));
    // A struct as a map and a process as getAllProcessInfo answers it (written from templates).
    Object answer = List.of(Boolean.TRUE, processStruct(), new ProcessInfo("web_00", "web",
        1_700_000_000, 0, 1_700_000_001, ProcessState.RUNNING, "", 0, "/var/log/web.log", "",
        4242, "pid 4242, uptime 0:00:01"));
    int parsed = 0;
    try {
      for (int i = 0; i < rounds; i++) {
        for (byte[] body : requests) {
          XmlRpcCodec.Call call = codec.parse(new ByteArrayInputStream(body));
          for (Object param : call.params()) {
            WireValues.fromWire(param);
          }
          parsed++;
        }
        codec.renderResult(WireValues.toWire(answer));
        codec.renderFault(10, "BAD_NAME: web:nope");
      }
    } catch (XmlRpcException | RuntimeException e) {
      // Only a warm-up: real requests report their own errors.
    }
    return parsed;
  }

  private static byte[] request(String method, String params) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall><methodName>" + method
        + "</methodName><params>" + params + "</params></methodCall>";
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  private static String multicallParams() {
    return "<param><value><array><data>"
        + call("supervisor.startProcess",
            "<value><string>web:web_00</string></value><value><boolean>0</boolean></value>")
        + call("supervisor.getProcessInfo", "<value><string>web:web_00</string></value>")
        + "</data></array></value></param>";
  }

  private static String call(String method, String values) {
    return "<value><struct><member><name>methodName</name><value><string>" + method
        + "</string></value></member><member><name>params</name><value><array><data>" + values
        + "</data></array></value></member></struct></value>";
  }

  private static Map<String, Object> processStruct() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "web_00");
    m.put("group", "web");
    m.put("description", "pid 4242, uptime 0:00:01");
    m.put("start", 1_700_000_000);
    m.put("stop", 0);
    m.put("now", 1_700_000_001);
    m.put("state", 20);
    m.put("statename", "RUNNING");
    m.put("spawnerr", "");
    m.put("exitstatus", 0);
    m.put("logfile", "/var/log/web.log");
    m.put("stdout_logfile", "/var/log/web.log");
    m.put("stderr_logfile", "");
    m.put("pid", 4242);
    return m;
  }
}
