package dev.jsupervisor.core.web.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionRequestTest {
  private static ActionRequest parse(String json) throws ActionRequest.Invalid {
    return ActionRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String refusal(String json) {
    return assertThrows(ActionRequest.Invalid.class, () -> parse(json)).getMessage();
  }

  @Test
  void namedAndAllActions() throws Exception {
    assertEquals(new ActionRequest("stop", List.of("web:*", "db")),
        parse("{\"action\":\"stop\",\"names\":[\"web:*\",\"db\"]}"));
    assertEquals(new ActionRequest("restartall", List.of()), parse("{\"action\":\"restartall\"}"));
    assertEquals(new ActionRequest("stopall", List.of()), parse("{\"names\":[],\"action\":\"stopall\"}"));
  }

  @Test
  void eachKindOfBadRequestGetsItsOwnReason() {
    assertEquals("missing \"action\"", refusal("{}"));
    assertEquals("unknown action \"shutdown\"", refusal("{\"action\":\"shutdown\"}"));
    assertEquals("action stop needs at least one name", refusal("{\"action\":\"stop\"}"));
    assertEquals("action stopall takes no names", refusal("{\"action\":\"stopall\",\"names\":[\"a\"]}"));
    assertEquals("unknown member \"extra\"", refusal("{\"action\":\"stop\",\"extra\":1}"));
    assertEquals("\"action\" must be a string", refusal("{\"action\":[\"stop\"]}"));
    assertEquals("\"names\" must be an array of strings", refusal("{\"action\":\"stop\",\"names\":\"a\"}"));
    assertEquals("\"names\" must be an array of strings", refusal("{\"action\":\"stop\",\"names\":[1]}"));
    assertEquals("empty name", refusal("{\"action\":\"stop\",\"names\":[\"\"]}"));
    assertEquals("body is not a JSON object", refusal("[]"));
    assertEquals("trailing data after the JSON object", refusal("{\"action\":\"stopall\"} {}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"action\":", "{\"action\":\"stop\",\"names\":[\"a\"", "\u0000\u0001",
      "{\"action\":\"stop\" \"names\":[]}", "{'action':'stop'}"})
  void malformedOrTruncatedJsonIsRefusedWithOneLine(String body) {
    String message = refusal(body);
    assertTrue(message.startsWith("malformed JSON: ") || message.equals("body is not a JSON object"),
        message);
    assertTrue(!message.contains("\n") && message.length() < 200, message);
  }

  @Test
  void oversizedInputIsRefused() {
    StringBuilder many = new StringBuilder("{\"action\":\"stop\",\"names\":[");
    for (int i = 0; i <= ActionRequest.MAX_NAMES; i++) {
      many.append(i == 0 ? "" : ",").append("\"p").append(i).append('"');
    }
    assertEquals("more than " + ActionRequest.MAX_NAMES + " names", refusal(many + "]}"));
    String longName = "x".repeat(ActionRequest.MAX_NAME_CHARS + 1);
    assertTrue(refusal("{\"action\":\"stop\",\"names\":[\"" + longName + "\"]}")
        .startsWith("malformed JSON: "));
    assertTrue(refusal("[".repeat(100) + "]".repeat(100)).startsWith("body is not a JSON object"));
    assertTrue(refusal("{\"action\":\"stop\",\"names\":[[[[[[\"a\"]]]]]]}").startsWith("\"names\""));
  }
}
