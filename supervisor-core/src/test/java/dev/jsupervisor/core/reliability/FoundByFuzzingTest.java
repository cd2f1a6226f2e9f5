package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.client.internal.ChunkedInputStream;
import dev.jsupervisor.core.client.internal.HttpProtocolException;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.Expander;
import dev.jsupervisor.core.rpc.internal.XmlRpcCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;

/** The inputs the fuzz properties found, kept as fixed regression cases. */
class FoundByFuzzingTest {

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void paramOutsideParamsIsAnXmlRpcExceptionNotANullPointer() {
    XmlRpcException e = assertThrows(XmlRpcException.class, () -> new XmlRpcCodec().parse(bytes(
        "<?xml version='1.0'?>\n<methodCall><methodName>supervisor.sparams><param><value>"
            + "<string>x</string></value></param></params></methodCall>")));
    assertTrue(e.getMessage().startsWith("cannot parse the request"), e.getMessage());
  }

  @Test
  void negativeChunkSizeIsAProtocolError() {
    HttpProtocolException e = assertThrows(HttpProtocolException.class,
        () -> new ChunkedInputStream(bytes("-1 \r\nabc\r\n0\r\n\r\n")).readAllBytes());
    assertTrue(e.getMessage().contains("bad chunk size line"), e.getMessage());
  }

  @Test
  void hugeFieldWidthIsRefusedNotAllocated() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Expander.expand("%(a)99999999s-%(b)d", Map.of("a", "x", "b", 1), "p.command"));
    assertTrue(e.getMessage().contains("width too big"), e.getMessage());
    assertEquals(65_536, Expander.expand("%(a)65536s", Map.of("a", "x"), "p.command").length());
  }

  @Test
  void malformedXmlPrintsNothingToStderr() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThrows(XmlRpcException.class,
          () -> new XmlRpcCodec().parse(bytes("<methodCall><methodName>evil\nline</methodCall>")));
    } finally {
      System.setErr(original);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }
}
