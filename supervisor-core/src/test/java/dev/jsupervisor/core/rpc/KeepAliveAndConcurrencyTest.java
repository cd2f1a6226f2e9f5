package dev.jsupervisor.core.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Persistent connections as Python expects them, and many clients at once. */
class KeepAliveAndConcurrencyTest {
  private ServerFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new ServerFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void manyCallsReuseOnePythonConnection() throws Exception {
    String script = String.join("\n",
        "import sys, http.client",
        "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]))",
        "body = \"<?xml version='1.0'?><methodCall><methodName>supervisor.getPID</methodName></methodCall>\"",
        "c.connect(); first = c.sock",
        "for i in range(300):",
        "    c.request('POST', '/RPC2', body, {'Content-Type': 'text/xml'})",
        "    r = c.getresponse()",
        "    data = r.read()",
        "    assert r.status == 200 and b'4242' in data, (r.status, data)",
        "    assert r.getheader('Content-Length') == str(len(data))",
        "    assert r.getheader('Content-Type') == 'text/xml'",
        "    assert c.sock is first, 'server closed the connection at call %d' % i",
        "print('ok')",
        "");
    ServerFixture.Run r = ServerFixture.python(script, String.valueOf(fixture.port));
    assertEquals(new ServerFixture.Run(0, "ok\n"), r);
    assertEquals(300, fixture.api.calls.get());
  }

  @Test
  void deferredCallsHoldNoThreadWhileOthersAreServed() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String slow = ServerFixture.call("supervisor.startProcess",
        "<param><value><string>slow</string></value></param>");
    // More waiting calls than the server has threads: they must not starve anyone.
    int waiting = HttpServers.MAX_THREADS + 50;
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < waiting; i++) {
      pending.add(client.sendAsync(rpc(slow), HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(60)).until(
        () -> fixture.api.log.stream().filter(l -> l.startsWith("startProcess slow")).count() == waiting);

    HttpResponse<String> quick = client.send(rpc(ServerFixture.call("supervisor.getPID", "")),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, quick.statusCode());
    assertTrue(quick.body().contains("4242"), quick.body());
    assertFalse(pending.get(0).isDone(), "a deferred call answers only when its future completes");

    fixture.api.slowStart.complete(Boolean.TRUE);
    for (CompletableFuture<HttpResponse<String>> f : pending) {
      HttpResponse<String> r = f.get();
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("<boolean>1</boolean>"), r.body());
    }
  }

  @Test
  void manyConcurrentPythonClients() throws Exception {
    String script = String.join("\n",
        "import sys, threading, xmlrpc.client",
        "from supervisor.xmlrpc import SupervisorTransport",
        "errors = []",
        "def work(n):",
        "    try:",
        "        p = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, sys.argv[1]))",
        "        for i in range(20):",
        "            assert p.supervisor.getProcessInfo('app')['pid'] == 4321",
        "    except Exception as e:",
        "        errors.append(repr(e))",
        "ts = [threading.Thread(target=work, args=(n,)) for n in range(40)]",
        "[t.start() for t in ts]; [t.join() for t in ts]",
        "print(errors or 'ok')",
        "");
    assertEquals(new ServerFixture.Run(0, "ok\n"), ServerFixture.python(script, "unix://" + fixture.socket));
    assertEquals(800, fixture.api.calls.get());
  }

  private HttpRequest rpc(String body) {
    return HttpRequest.newBuilder(URI.create(fixture.url() + "/RPC2"))
        .header("Content-Type", "text/xml")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
