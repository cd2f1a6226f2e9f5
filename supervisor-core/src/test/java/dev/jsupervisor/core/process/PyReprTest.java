package dev.jsupervisor.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.core.process.internal.PyRepr;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected values printed by Python 3's repr(). */
final class PyReprTest {
  @Test
  void strRepr() {
    assertEquals("'abc'", PyRepr.of("abc"));
    assertEquals("\"it's\"", PyRepr.of("it's"));
    assertEquals("'a\"b'", PyRepr.of("a\"b"));
    assertEquals("'a\\'b\"c'", PyRepr.of("a'b\"c"));
    assertEquals("'t\\tn\\nb\\\\x\\x01'", PyRepr.of("t\tn\nb\\x\u0001"));
    assertEquals("'é'", PyRepr.of("é"));
  }

  @Test
  void bytesRepr() {
    assertEquals("b'\\xff\\xfeok\\n'", PyRepr.ofBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 'o', 'k', '\n'}));
    assertEquals("b\"it's\"", PyRepr.ofBytes("it's".getBytes(StandardCharsets.US_ASCII)));
  }
}
