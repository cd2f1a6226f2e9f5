package dev.jsupervisor.core.reliability;

import static dev.jsupervisor.core.reliability.RawHttp.GET_PID;
import static dev.jsupervisor.core.reliability.RawHttp.authHeader;
import static dev.jsupervisor.core.reliability.RawHttp.rpcRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.client.SupervisorClient;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Edited raw HTTP requests (request line, headers, XML-RPC bodies, log tail paths) against a real
 * jsupervisord's authenticated TCP server: each gets a status line that is not 5xx, or a close,
 * within 20 s (505 for an unknown HTTP version is a clean answer; a tail of an empty log may
 * stay silent, as supervisord's does), and the daemon answers normal calls afterwards.
 * Subclasses choose the count.
 */
abstract class RawHttpFuzzProperties {
  private static final String USER = "fuzz";
  private static final String PASSWORD = "fuzz-pw";
  private static final String AUTH = authHeader(USER, PASSWORD);
  private static Jsupervisord daemon;
  private static int port;
  private static final Map<String, Integer> STATUSES = new TreeMap<>();

  @BeforeContainer
  static void start() throws IOException {
    port = Jsupervisord.freePort();
    daemon = Jsupervisord.startWithSteadyProgram(port, USER, PASSWORD);
  }

  @AfterContainer
  static void stop() throws IOException {
    try (SupervisorClient client = daemon.client()) {
      assertEquals(SupervisorState.RUNNING, client.getState());
      // Bad XML is logged once, in the main log; the parser must not also print to stderr.
      assertFalse(daemon.output().contains("[Fatal Error]"), daemon.output());
    } finally {
      daemon.close();
    }
    System.out.println(
        "raw HTTP fuzz statuses (status=count, \"\"=closed, tail=open stream): " + STATUSES);
  }

  @Provide
  Arbitrary<String> request() {
    List<String> seeds = List.of(rpcRequest(AUTH, GET_PID),
        rpcRequest(AUTH, "<methodCall><methodName>supervisor.getProcessInfo</methodName><params>"
            + "<param><value><string>steady</string></value></param></params></methodCall>"),
        rpcRequest(AUTH, "<methodCall><methodName>system.multicall</methodName><params><param>"
            + "<value><array><data><value><struct><member><name>methodName</name><value>"
            + "supervisor.getState</value></member></struct></value></data></array></value>"
            + "</param></params></methodCall>"),
        "GET /logtail/steady/stderr HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n",
        "GET / HTTP/1.0\r\n" + AUTH + "\r\n");
    List<String> tokens = List.of("\r\n", "\n", " ", ":", "Content-Length: ", "-1", "0",
        "99999999999", "Transfer-Encoding: chunked\r\n", "Expect: 100-continue\r\n", "HTTP/1.1",
        "HTTP/9.9", "GET", "POST", "PUT", "/RPC2", "/logtail/", "/mainlogtail", "..", "%00",
        "%2e%2e/", "<", ">", "<methodCall>", "<value>", "<struct>", "<nil/>", "&amp;", "\0", "é",
        AUTH, "Host: \r\n", "Content-Type: text/plain\r\n", "Connection: close\r\n");
    return Mutations.near(seeds, tokens);
  }

  @Property
  void everyRequestGetsACleanAnswer(@ForAll("request") String request) throws IOException {
    // A log tail of an empty log sends nothing until output arrives, as supervisord's does.
    boolean mayBeTail = request.contains("logtail");
    String head;
    try {
      head = RawHttp.exchange(port, request.getBytes(StandardCharsets.UTF_8),
          mayBeTail ? 500 : 20_000);
    } catch (SocketTimeoutException silent) {
      if (mayBeTail) {
        STATUSES.merge("tail", 1, Integer::sum);
        return;
      }
      throw new AssertionError("no answer within 20 s", silent);
    }
    if (head.isEmpty()) {
      STATUSES.merge("", 1, Integer::sum);
      return;
    }
    assertTrue(head.startsWith("HTTP/1."), head);
    String status = head.substring(9, 12);
    STATUSES.merge(status, 1, Integer::sum);
    // 505 refuses an HTTP version cleanly; any other 5xx would be an internal error.
    assertFalse(status.startsWith("5") && !status.equals("505"), head);
  }
}
