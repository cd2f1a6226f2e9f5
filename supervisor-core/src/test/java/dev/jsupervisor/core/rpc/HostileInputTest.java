package dev.jsupervisor.core.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malicious and malformed requests: each gets a fault or a 4xx, nothing is fetched or expanded,
 * and the server answers the next request normally.
 */
class HostileInputTest {
  private static ServerFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @AfterEach
  void serverStillAnswers() throws Exception {
    String ok = fixture.raw(ServerFixture.post(ServerFixture.call("supervisor.getVersion", "")));
    assertTrue(ok.startsWith("HTTP/1.1 200 OK"), ok);
    assertTrue(ok.contains("3.0"), ok);
  }

  private static String status(String response) {
    return response.substring(0, response.indexOf("\r\n"));
  }

  private static String postXml(String xml) throws Exception {
    return fixture.raw(ServerFixture.post(xml));
  }

  @Test
  void doctypeIsRefused() throws Exception {
    String r = postXml("<?xml version='1.0'?><!DOCTYPE methodCall [<!ELEMENT methodCall ANY>]>"
        + "<methodCall><methodName>supervisor.getVersion</methodName></methodCall>");
    assertEquals("HTTP/1.1 400 Bad Request", status(r));
  }

  @Test
  void externalFileEntityIsNeverRead() throws Exception {
    String r = postXml("<?xml version='1.0'?><!DOCTYPE m [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
        + "<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value>"
        + "<string>&xxe;</string></value></param></params></methodCall>");
    assertEquals("HTTP/1.1 400 Bad Request", status(r));
    assertFalse(r.contains("root:"), r);
    assertTrue(fixture.api.log.stream().noneMatch(l -> l.contains("root:")));
  }

  @Test
  void externalHttpEntityAndDtdAreNeverFetched() throws Exception {
    try (ServerSocketChannel trap = ServerSocketChannel.open()) {
      trap.bind(new InetSocketAddress("127.0.0.1", 0));
      trap.configureBlocking(false);
      String url = "http://127.0.0.1:" + trap.socket().getLocalPort() + "/evil";
      String entity = postXml("<?xml version='1.0'?><!DOCTYPE m [<!ENTITY x SYSTEM '" + url + "'>]>"
          + "<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param>"
          + "<value>&x;</value></param></params></methodCall>");
      String dtd = postXml("<?xml version='1.0'?><!DOCTYPE methodCall SYSTEM '" + url + ".dtd'>"
          + "<methodCall><methodName>supervisor.getVersion</methodName></methodCall>");
      assertEquals("HTTP/1.1 400 Bad Request", status(entity));
      assertEquals("HTTP/1.1 400 Bad Request", status(dtd));
      // Both replies are complete, so any fetch would already be waiting in the backlog.
      assertNull(trap.accept(), "the server connected to the entity's URL");
    }
  }

  @Test
  void billionLaughsIsRefused() throws Exception {
    StringBuilder doc = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY l0 'lol'>");
    for (int i = 1; i <= 9; i++) {
      doc.append("<!ENTITY l").append(i).append(" '");
      doc.append(("&l" + (i - 1) + ";").repeat(10)).append("'>");
    }
    doc.append("]><methodCall><methodName>supervisor.getProcessInfo</methodName><params><param>"
        + "<value>&l9;</value></param></params></methodCall>");
    assertEquals("HTTP/1.1 400 Bad Request", status(postXml(doc.toString())));
  }

  @Test
  void deepNestingWithinTheSizeLimitIs400() throws Exception {
    int depth = 20_000;
    String xml = ServerFixture.call("system.multicall", "<param>"
        + "<value><array><data>".repeat(depth) + "</data></array></value>".repeat(depth) + "</param>");
    String r = postXml(xml);
    assertEquals("HTTP/1.1 400 Bad Request", status(r));
    assertTrue(fixture.logLines.stream().anyMatch(l -> l.startsWith("ERRO XML-RPC request could not be parsed")),
        fixture.logLines.toString());
  }

  @Test
  void deepNestingBeyondTheSizeLimitIs413() throws Exception {
    int depth = 100_000;
    String xml = ServerFixture.call("system.multicall", "<param>"
        + "<value><array><data>".repeat(depth) + "</data></array></value>".repeat(depth) + "</param>");
    assertEquals("HTTP/1.1 413 Payload Too Large", status(postXml(xml)));
  }

  @Test
  void hugeStringUnderTheLimitIsServed() throws Exception {
    String name = "x".repeat(900_000);
    String r = postXml(ServerFixture.call("supervisor.getProcessInfo",
        "<param><value><string>" + name + "</string></value></param>"));
    assertEquals("HTTP/1.1 200 OK", status(r));
    assertTrue(r.contains("BAD_NAME: " + name), "fault carries the name as passed");
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String xml = ServerFixture.call("supervisor.getProcessInfo",
        "<param><value><string>" + "y".repeat(2 * 1024 * 1024) + "</string></value></param>");
    assertEquals("HTTP/1.1 413 Payload Too Large", status(postXml(xml)));
  }

  @Test
  void garbageAndBrokenCallsAre400() throws Exception {
    assertEquals("HTTP/1.1 400 Bad Request", status(postXml("\u0000\u0001 not xml at all <<<")));
    assertEquals("HTTP/1.1 400 Bad Request", status(postXml("<methodCall><methodName>supervisor.getVersion")));
    assertEquals("HTTP/1.1 400 Bad Request", status(postXml("<methodCall><params/></methodCall>")));
    assertEquals("HTTP/1.1 400 Bad Request",
        status(postXml("<methodCall><methodName></methodName></methodCall>")));
    assertEquals("HTTP/1.1 400 Bad Request", status(postXml(ServerFixture.call("supervisor.getProcessInfo",
        "<param><value><nil/></value></param>"))));
    assertEquals("HTTP/1.1 400 Bad Request", status(postXml(ServerFixture.call("supervisor.readLog",
        "<param><value><i8>5</i8></value></param><param><value><int>0</int></value></param>"))));
  }

  @Test
  void extensionTypesAreNotDeserialized() throws Exception {
    String r = postXml("<?xml version='1.0'?><methodCall xmlns:ex='http://ws.apache.org/xmlrpc/namespaces/extensions'>"
        + "<methodName>supervisor.getProcessInfo</methodName><params><param><value>"
        + "<ex:serializable>rO0ABXNyABFqYXZhLmxhbmcuSW50ZWdlcg==</ex:serializable></value></param></params></methodCall>");
    assertEquals("HTTP/1.1 400 Bad Request", status(r));
  }

  @Test
  void missingContentLengthIs411() throws Exception {
    assertEquals("HTTP/1.1 411 Length Required",
        status(fixture.raw("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n\r\n")));
  }

  @Test
  void untypedValuesAreStringsAndParamsMayBeMissing() throws Exception {
    String r = postXml("<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param>"
        + "<value>nosuch</value></param></params></methodCall>");
    assertTrue(r.contains("BAD_NAME: nosuch"), r);
    String noParams = postXml("<methodCall><methodName>supervisor.getPID</methodName></methodCall>");
    assertTrue(noParams.contains("4242"), noParams);
  }
}
