package dev.jsupervisor.core.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.RpcFault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SupervisorClient's call path against a canned HTTP server: answers, faults, junk, keep-alive. */
class RpcTransportTest {
  private final Deque<String> answers = new ArrayDeque<>();
  private final List<String> requests = new ArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private ServerSocket server;
  private Thread acceptor;

  private SupervisorClient serve(String... cannedAnswers) throws IOException {
    answers.addAll(List.of(cannedAnswers));
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      try {
        while (true) {
          try (Socket s = server.accept()) {
            connections.incrementAndGet();
            while (answerOne(s.getInputStream(), s.getOutputStream())) {
              // one request after another on the same connection
            }
          }
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    return SupervisorClient.of("http://127.0.0.1:" + server.getLocalPort());
  }

  private boolean answerOne(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      head.write(c);
      if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        break;
      }
    }
    if (c < 0) {
      return false;
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    synchronized (requests) {
      requests.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
    String answer = answers.poll();
    if (answer == null) {
      return false;
    }
    out.write(answer.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return true;
  }

  private static String ok(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + bytes.length
        + "\r\n\r\n" + body;
  }

  private static String value(String xml) {
    return ok("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>" + xml
        + "</value>\n</param>\n</params>\n</methodResponse>\n");
  }

  private static String fault(int code, String message) {
    return ok("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"
        + "<member>\n<name>faultCode</name>\n<value><int>" + code + "</int></value>\n</member>\n"
        + "<member>\n<name>faultString</name>\n<value><string>" + message
        + "</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n");
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void sequentialCallsShareOneKeptAliveConnection() throws Exception {
    SupervisorClient client = serve(
        value("<string>3.0</string>"), value("<int>4242</int>"), value("<boolean>1</boolean>"));
    assertEquals("3.0", client.getAPIVersion());
    assertEquals(4242, client.getPID());
    assertTrue(client.startProcess("g:web", true));
    assertEquals(1, connections.get());
    assertTrue(requests.get(2).contains("<methodName>supervisor.startProcess</methodName>"
        + "<params><param><value>g:web</value></param>"
        + "<param><value><boolean>1</boolean></value></param></params>"), requests.get(2));
    client.close();
  }

  @Test
  void faultsAreThrownAndMulticallFaultsAreValues() throws Exception {
    SupervisorClient client = serve(
        fault(10, "BAD_NAME: nope"),
        value("<array><data>\n<value><boolean>1</boolean></value>\n<value><struct>\n"
            + "<member><name>faultCode</name><value><int>60</int></value></member>\n"
            + "<member><name>faultString</name><value><string>ALREADY_STARTED: web</string>"
            + "</value></member>\n</struct></value>\n</data></array>"));
    RpcFault thrown = assertThrows(RpcFault.class, () -> client.startProcess("nope", false));
    assertEquals(10, thrown.code());
    assertEquals("BAD_NAME: nope", thrown.faultString());
    List<Object> results = client.multicall(List.of(
        SupervisorClient.MethodCall.of("supervisor.startProcess", "a", false),
        SupervisorClient.MethodCall.of("supervisor.startProcess", "web", false)));
    assertEquals(Boolean.TRUE, results.get(0));
    RpcFault second = assertInstanceOf(RpcFault.class, results.get(1));
    assertEquals(60, second.code());
    assertEquals("ALREADY_STARTED: web", second.faultString());
    assertEquals(1, connections.get());
  }

  @Test
  void anAnswerThatIsNotXmlRpcIsANamedIoError() throws Exception {
    SupervisorClient client = serve(ok("<html><body>hello</body></html>"), value("x"));
    ClientException e = assertThrows(ClientException.class, client::getAPIVersion);
    assertEquals(ClientException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains("sent an answer that is not XML-RPC: expected "
        + "<methodResponse> but found <html> at line 1"), e.getMessage());
    assertEquals("x", client.getAPIVersion()); // the connection is still in step
  }

  @Test
  void anAnswerOverTheSizeLimitIsRefusedUnread() throws Exception {
    SupervisorClient client = serve(
        "HTTP/1.1 200 OK\r\nContent-Length: " + (RpcTransport.MAX_ANSWER_BYTES + 1L) + "\r\n\r\n",
        value("<string>after</string>"));
    ClientException e = assertThrows(ClientException.class, () -> client.readLog(0, 0));
    assertEquals(ClientException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains("larger than the limit of " + RpcTransport.MAX_ANSWER_BYTES),
        e.getMessage());
    assertEquals("after", client.readLog(0, 0)); // on a new connection
    assertEquals(2, connections.get());
  }

  @Test
  void valuesXmlRpcCannotCarryFailBeforeSending() throws Exception {
    SupervisorClient client = serve();
    ClientException e = assertThrows(ClientException.class, () -> client.call("m", 5L));
    assertTrue(e.getMessage().endsWith("call m failed: Long values cannot be sent over XML-RPC"),
        e.getMessage());
    assertEquals(0, connections.get());
    assertArrayEquals(new Object[0], requests.toArray());
  }
}
