package dev.jsupervisor.core.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.internal.XmlRpcCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's XML-RPC codec over plain bytes: what it reads, what it refuses, what it writes. */
class XmlRpcCodecTest {
  /** An answer as Python's supervisord writes it: declaration without encoding, newlines. */
  private static final String STATUS_ANSWER = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n"
      + "<param>\n<value><array><data>\n<value><struct>\n"
      + "<member>\n<name>name</name>\n<value><string>web</string></value>\n</member>\n"
      + "<member>\n<name>pid</name>\n<value><int>4242</int></value>\n</member>\n"
      + "<member>\n<name>description</name>\n<value><string>pid 4242, uptime 0:01:02 &amp; "
      + "&lt;more&gt; &#233;&#x1F600;</string></value>\n</member>\n"
      + "<member>\n<name>ok</name>\n<value><boolean>1</boolean></value>\n</member>\n"
      + "</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n";

  private static Object read(String xml) throws XmlRpcProtocolException {
    return XmlRpcResponseReader.read(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static String answer(String value) {
    return "<?xml version='1.0'?><methodResponse><params><param><value>" + value
        + "</value></param></params></methodResponse>";
  }

  private static String refused(String xml) {
    return assertThrows(XmlRpcProtocolException.class, () -> read(xml), xml).getMessage();
  }

  @Test
  void readsSupervisordsAnswerIntoTheTypesCallersCast() throws Exception {
    Object[] processes = (Object[]) read(STATUS_ANSWER);
    assertEquals(1, processes.length);
    Map<?, ?> web = assertInstanceOf(LinkedHashMap.class, processes[0]);
    assertEquals(List.of("name", "pid", "description", "ok"), List.copyOf(web.keySet()));
    assertEquals("web", web.get("name"));
    assertEquals(4242, web.get("pid"));
    assertEquals("pid 4242, uptime 0:01:02 & <more> \u00e9\ud83d\ude00", web.get("description"));
    assertEquals(Boolean.TRUE, web.get("ok"));
  }

  @Test
  void readsEveryScalarType() throws Exception {
    assertEquals("  spaced & kept ", read(answer("  spaced &amp; kept ")));
    assertEquals("", read(answer("")));
    assertEquals("", read(answer("<string/>")));
    assertEquals(7, read(answer(" <int> 7 </int> ")));
    assertEquals(-7, read(answer("<i4>-7</i4>")));
    assertEquals(5, read(answer("<i8>5</i8>")));
    assertEquals(Boolean.FALSE, read(answer("<boolean>0</boolean>")));
    assertEquals(1.5e3, read(answer("<double>1.5e3</double>")));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) read(answer("<base64>AQ\nI=</base64>")));
    assertEquals("a\nb\nc", read(answer("<string>a\r\nb\rc</string>")));
    assertEquals("a\rb", read(answer("<string>a&#13;b</string>")));
    assertEquals("x<y]", read(answer("<string><![CDATA[x<y]]]></string>")));
    assertEquals("ab", read(answer("<string>a<!-- note -->b</string>")));
    Date date = (Date) read(answer("<dateTime.iso8601>20240102T03:04:05</dateTime.iso8601>"));
    assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5),
        LocalDateTime.ofInstant(date.toInstant(), ZoneId.systemDefault()));
    assertArrayEquals(new Object[0], (Object[]) read(answer("<array><data/></array>")));
    assertEquals(Map.of(), read(answer("<struct></struct>")));
  }

  @Test
  void noParamsIsNull() throws Exception {
    assertNull(read("<methodResponse><params></params></methodResponse>"));
    assertNull(read("<methodResponse><params/></methodResponse>"));
  }

  @Test
  void faultIsThrownWithItsCodeAndString() {
    String fault = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"
        + "<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n"
        + "<member>\n<name>faultString</name>\n<value><string>BAD_NAME: x</string></value>\n"
        + "</member>\n</struct></value>\n</fault>\n</methodResponse>\n";
    RpcFault f = assertThrows(RpcFault.class, () -> read(fault));
    assertEquals(10, f.code());
    assertEquals("BAD_NAME: x", f.faultString());
    assertTrue(refused("<methodResponse><fault><value><string>x</string></value></fault>"
        + "</methodResponse>").contains("int faultCode"));
  }

  @Test
  void hostileDocumentsAreRefusedByName() {
    assertTrue(refused("<?xml version='1.0'?><!DOCTYPE m [<!ENTITY e 'x'>]>"
        + "<methodResponse/>").startsWith("a DOCTYPE is not allowed at line 1 column 22"));
    assertTrue(refused(answer("&e;")).contains("the entity &e; is not allowed"));
    assertTrue(refused(answer("&#1;")).contains("names no XML character"));
    assertTrue(refused(answer("&#xD800;")).contains("names no XML character"));
    assertTrue(refused(answer("a & b")).contains("'&' starts no complete reference"));
    assertTrue(refused(answer("\u0001")).contains("U+0001 is not allowed"));
    assertTrue(refused("<?xml-stylesheet href='x'?>" + answer("a"))
        .contains("processing instructions are not allowed"));
    assertTrue(refused(answer("<?php x ?>")).contains("processing instructions are not allowed"));
    assertTrue(refused("<?xml version='1.0' encoding='UTF-16'?><methodResponse/>")
        .contains("encoding \"UTF-16\" is not supported"));
    String deep = "<array><data><value>".repeat(70) + "x" + "</value></data></array>".repeat(70);
    assertTrue(refused(answer(deep)).contains("nested deeper than 64"));
    String invalidUtf8 = "<methodResponse><params><param><value>\u00ff";
    byte[] bytes = invalidUtf8.getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(assertThrows(XmlRpcProtocolException.class, () -> XmlRpcResponseReader.read(bytes))
        .getMessage().contains("not valid UTF-8 at byte"));
  }

  @Test
  void malformedAnswersAreRefusedByName() {
    assertTrue(refused("").contains("expected <methodResponse> but found the end of the document"));
    assertTrue(refused("<html><body>502</body></html>")
        .contains("expected <methodResponse> but found <html>"));
    assertTrue(refused(answer("<nil/>")).contains("unknown value type <nil>"));
    assertTrue(refused(answer("<int>x</int>")).contains("not an integer"));
    assertTrue(refused(answer("<int>99999999999</int>")).contains("beyond a 32-bit integer"));
    assertTrue(refused(answer("<boolean>true</boolean>")).contains("not 0 or 1"));
    assertTrue(refused(answer("<double>one</double>")).contains("not a number"));
    assertTrue(refused(answer("<base64>@@@</base64>")).contains("not base64"));
    assertTrue(refused(answer("<dateTime.iso8601>2024-01-02</dateTime.iso8601>"))
        .contains("not yyyyMMddTHH:mm:ss"));
    assertTrue(refused(answer("x<string>y</string>")).contains("holds both text and <string>"));
    assertTrue(refused(answer("<string><b/></string>")).contains("may hold text only"));
    assertTrue(refused(answer("<struct><member><name>a</name><value>1</value></member>"
        + "<member><name>a</name><value>2</value></member></struct>")).contains("\"a\" twice"));
    assertTrue(refused(answer("<array><value>1</value></array>"))
        .contains("expected <data> but found <value>"));
    assertTrue(refused(answer("<string>x</strin>")).contains("expected </string> but found </strin>"));
    assertTrue(refused(answer("x") + "<more/>").contains("after </methodResponse>"));
    assertTrue(refused("<methodResponse><params>junk</params></methodResponse>")
        .contains("unexpected text \"junk\""));
    assertTrue(refused("<methodResponse><params><param><value>1</value></param>"
        + "<param><value>2</value></param></params></methodResponse>")
        .contains("expected </params> but found <param>"));
    assertTrue(refused("<methodResponse x=1/>").contains("quoted value for the attribute x"));
  }

  @Test
  void everyTruncationOfAValidAnswerIsRefused() {
    String trimmed = STATUS_ANSWER.strip();
    for (int cut = 0; cut < trimmed.length(); cut++) {
      String prefix = trimmed.substring(0, cut);
      XmlRpcProtocolException e =
          assertThrows(XmlRpcProtocolException.class, () -> read(prefix), prefix);
      assertTrue(e.getMessage().contains(" at line "), e.getMessage());
    }
  }

  @Test
  void bodiesOverTheLimitAreRefusedBeforeParsing() throws Exception {
    byte[] big = new byte[1000];
    XmlRpcProtocolException declared = assertThrows(XmlRpcProtocolException.class,
        () -> BoundedBody.read(new ByteArrayInputStream(big), 1000, 999));
    assertTrue(declared.getMessage().contains("larger than the limit of 999 bytes"));
    assertThrows(XmlRpcProtocolException.class,
        () -> BoundedBody.read(new ByteArrayInputStream(big), -1, 999));
    assertEquals(1000, BoundedBody.read(new ByteArrayInputStream(big), -1, 1000).length);
    assertEquals(1000, BoundedBody.read(new ByteArrayInputStream(big), 1000, 1000).length);
    assertEquals(0, BoundedBody.read(new ByteArrayInputStream(big), 0, 1000).length);
  }

  @Test
  void largeValuesWithinTheLimitAreRead() throws Exception {
    String log = "line of log text & more\n".repeat(200_000);
    String xml = answer("<string>" + log.replace("&", "&amp;") + "</string>");
    assertEquals(log, read(xml));
  }

  @Test
  void writesWhatApachesServerParserReads() throws Exception {
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("methodName", "supervisor.startProcess");
    struct.put("params", new Object[] {"g:web", false});
    byte[] call = XmlRpcRequestWriter.write("system.multicall",
        new Object[] {struct}, "a&<>\"'\t\r\n\u00e9\ud83d\ude00", 3, 1.25,
        new byte[] {0, -1}, List.of("x"));
    String text = new String(call, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall>"
        + "<methodName>system.multicall</methodName><params>"), text);
    XmlRpcCodec.Call parsed = new XmlRpcCodec().parse(new ByteArrayInputStream(call));
    assertEquals("system.multicall", parsed.methodName());
    Map<?, ?> first = (Map<?, ?>) ((Object[]) parsed.params().get(0))[0];
    assertEquals("supervisor.startProcess", first.get("methodName"));
    assertArrayEquals(new Object[] {"g:web", false}, (Object[]) first.get("params"));
    assertEquals("a&<>\"'\t\r\n\u00e9\ud83d\ude00", parsed.params().get(1));
    assertEquals(3, parsed.params().get(2));
    assertEquals(1.25, parsed.params().get(3));
    assertArrayEquals(new byte[] {0, -1}, (byte[]) parsed.params().get(4));
    assertArrayEquals(new Object[] {"x"}, (Object[]) parsed.params().get(5));
  }

  @Test
  void refusesValuesXmlRpcCannotCarry() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> XmlRpcRequestWriter.write("m", 5L)).getMessage().contains("Long values cannot"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> XmlRpcRequestWriter.write("m", (Object) null)).getMessage().contains("null values"));
    Object[] cycle = new Object[1];
    cycle[0] = cycle;
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> XmlRpcRequestWriter.write("m", (Object) cycle)).getMessage().contains("deeper"));
  }
}
