package dev.jsupervisor.core.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

final class FormParametersTest {

  @Test
  void queryFirstWinsBodyOverridesAndLastWinsInTheBody() {
    FormParameters f = FormParameters.parse("a=1&a=2&b=q", "b=x&b=y&c=3");
    assertEquals("1", f.get("a"));
    assertEquals("y", f.get("b"));
    assertEquals("3", f.get("c"));
  }

  @Test
  void blankValuesAndPairsWithoutEqualsCountAsAbsent() {
    FormParameters f = FormParameters.parse("processname=&processname=web&action&x=", "");
    assertEquals("web", f.get("processname"));
    assertNull(f.get("action"));
    assertNull(f.get("x"));
    assertNull(FormParameters.parse(null, null).get("action"));
    assertNull(FormParameters.parse("&&&=&", "=").get(""));
  }

  @Test
  void decodesAsPythonUnquotePlusWithReplacement() {
    assertEquals("a b:c/d", FormParameters.decode("a+b%3Ac%2Fd"));
    assertEquals("%ZZ%", FormParameters.decode("%ZZ%"));
    assertEquals("%4", FormParameters.decode("%4"));
    assertEquals("\uFFFD(", FormParameters.decode("%C3%28"));
    assertEquals("é", FormParameters.decode("%C3%A9"));
    assertEquals("truncated \uFFFD", FormParameters.decode("truncated+%E2%82"));
    assertEquals("x=y", FormParameters.parse("k=x=y", null).get("k"));
  }

  @Test
  void readsAtMostMaxPairs() {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < FormParameters.MAX_PAIRS + 10; i++) {
      q.append("k").append(i).append("=v&");
    }
    FormParameters f = FormParameters.parse(q.toString(), null);
    assertEquals("v", f.get("k" + (FormParameters.MAX_PAIRS - 1)));
    assertNull(f.get("k" + FormParameters.MAX_PAIRS));
  }
}
