package dev.jsupervisor.core.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.core.client.internal.XmlRpcResponseReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.xmlrpc.serializer.DefaultXMLWriterFactory;
import org.junit.jupiter.api.Test;

class Utf8XmlWriterTest {
  private static final String EMOJI = "log line \uD83D\uDE00 done";

  @Test
  void answersWithoutSupplementaryCharactersAreByteForByteTheLibrarysOwn() throws Exception {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", "a<b>&\"'\u00e9 \u4e2d");
    info.put("pid", 42);
    info.put("ok", Boolean.TRUE);
    Object[] value = {info, "x", 1.5, new Object[] {1, "two"}};
    XmlRpcCodec ours = new XmlRpcCodec();
    XmlRpcCodec library = new XmlRpcCodec();
    library.setXMLWriterFactory(new DefaultXMLWriterFactory());

    assertArrayEquals(library.renderResult(value), ours.renderResult(value));
    assertArrayEquals(library.renderFault(10, "BAD_NAME: x<y"), ours.renderFault(10, "BAD_NAME: x<y"));
  }

  @Test
  void aCharacterOutsideTheBasicPlaneGoesOutAsUtf8AndReadsBack() throws Exception {
    byte[] xml = new XmlRpcCodec().renderResult(EMOJI);

    String text = new String(xml, StandardCharsets.UTF_8);
    assertEquals(-1, text.indexOf("&#"), text);
    assertEquals(EMOJI, XmlRpcResponseReader.read(xml));
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacter() throws Exception {
    byte[] xml = new XmlRpcCodec().renderResult("a\uD83Db\uDE00");

    assertEquals("a\uFFFDb\uFFFD", XmlRpcResponseReader.read(xml));
  }

  @Test
  void escapingCoversMarkupOnly() {
    StringBuilder text = new StringBuilder();
    Utf8XmlWriter.escape("<a href=\"x\">&amp;</a>", text, false);
    assertEquals("&lt;a href=\"x\"&gt;&amp;amp;&lt;/a&gt;", text.toString());

    StringBuilder attribute = new StringBuilder();
    Utf8XmlWriter.escape("say \"hi\"", attribute, true);
    assertEquals("say &quot;hi&quot;", attribute.toString());
  }
}
