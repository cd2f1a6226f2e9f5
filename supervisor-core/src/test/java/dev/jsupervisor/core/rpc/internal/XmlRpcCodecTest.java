package dev.jsupervisor.core.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;

/** One codec parses request after request with the reader it keeps per thread. */
class XmlRpcCodecTest {
  private final XmlRpcCodec codec = new XmlRpcCodec();

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String call(String method, String... stringParams) {
    StringBuilder xml = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>")
        .append(method).append("</methodName><params>");
    for (String p : stringParams) {
      xml.append("<param><value><string>").append(p).append("</string></value></param>");
    }
    return xml.append("</params></methodCall>").toString();
  }

  @Test
  void stringsAreWrittenAsTypedStringElementsAsSupervisordDoes() throws Exception {
    // Go's mattn/go-xmlrpc (node_exporter's supervisord collector) misreads untyped values.
    String reply = new String(codec.renderResult(
        java.util.Map.of("name", "a<b", "pid", 7)), StandardCharsets.UTF_8);
    assertTrue(reply.contains("<value><string>a&lt;b</string></value>"), reply);
    assertTrue(reply.contains("<value><int>7</int></value>"), reply);
  }

  @Test
  void consecutiveRequestsEachGetTheirOwnValues() throws Exception {
    XmlRpcCodec.Call first = codec.parse(bytes(call("supervisor.startProcess", "a:a")));
    XmlRpcCodec.Call second = codec.parse(bytes(call("supervisor.getState")));
    XmlRpcCodec.Call third = codec.parse(bytes(call("supervisor.stopProcess", "b", "c")));

    assertEquals("supervisor.startProcess", first.methodName());
    assertEquals(List.of("a:a"), first.params());
    assertEquals("supervisor.getState", second.methodName());
    assertEquals(List.of(), second.params());
    assertEquals("supervisor.stopProcess", third.methodName());
    assertEquals(List.of("b", "c"), third.params());
  }

  @Test
  void malformedOrTruncatedRequestDoesNotSpoilTheNextOne() throws Exception {
    String whole = call("supervisor.getProcessInfo", "x");
    assertThrows(XmlRpcException.class, () -> codec.parse(bytes("<methodCall><methodName>")));
    assertThrows(XmlRpcException.class,
        () -> codec.parse(bytes(whole.substring(0, whole.length() / 2))));

    XmlRpcCodec.Call next = codec.parse(bytes(whole));

    assertEquals("supervisor.getProcessInfo", next.methodName());
    assertEquals(List.of("x"), next.params());
  }

  @Test
  void reusedReaderStillRefusesDoctypesAndDeepNesting() throws Exception {
    codec.parse(bytes(call("supervisor.getState")));
    String doctype = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'boom'>]>"
        + "<methodCall><methodName>&e;</methodName></methodCall>";
    assertThrows(XmlRpcException.class, () -> codec.parse(bytes(doctype)));

    codec.parse(bytes(call("supervisor.getState")));
    int depth = XmlRpcCodec.MAX_ELEMENT_DEPTH + 10;
    String deep = "<methodCall><methodName>m</methodName><params><param><value>"
        + "<array><data><value>".repeat(depth) + "</value></data></array>".repeat(depth)
        + "</value></param></params></methodCall>";
    XmlRpcException e = assertThrows(XmlRpcException.class, () -> codec.parse(bytes(deep)));
    assertTrue(e.getMessage().startsWith("cannot parse the request"), e.getMessage());
  }

  @Test
  void threadsParsingAtOnceEachSeeTheirOwnRequests() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String name = "p" + t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            XmlRpcCodec.Call c = codec.parse(bytes(call("supervisor.startProcess", name + i)));
            if (!c.params().equals(List.of(name + i))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
