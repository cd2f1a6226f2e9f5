package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.listeners.sdk.EventHeader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {
  private static final Instant WHEN = Instant.parse("2026-12-07T03:00:00.123Z");

  private static EventHeader header(String name, int len) {
    return new EventHeader("3.0", "web1", 42, "fwd", 7, name, len);
  }

  @Test
  void processStateEventDecodesItsFieldsAndReadsBack() {
    String payload = "processname:api groupname:web from_state:STARTING pid:4242";
    FleetEvent e = EventJson.decode(header("PROCESS_STATE_RUNNING", payload.length()), payload,
        "web1", Optional.of("100-1700000000000"), WHEN);

    assertEquals(Optional.of("web"), e.group());
    assertEquals(Optional.of("api"), e.process());
    assertEquals("STARTING", e.payload().get("from_state"));
    assertEquals(Optional.empty(), e.data());
    String json = new String(EventJson.write(e), StandardCharsets.UTF_8);
    assertEquals("{\"host\":\"web1\",\"server\":\"web1\",\"daemon\":\"100-1700000000000\","
        + "\"serial\":42,\"pool\":\"fwd\",\"poolserial\":7,\"event\":\"PROCESS_STATE_RUNNING\","
        + "\"ver\":\"3.0\",\"time\":\"2026-12-07T03:00:00.123Z\",\"group\":\"web\","
        + "\"process\":\"api\",\"payload\":{\"processname\":\"api\",\"groupname\":\"web\","
        + "\"from_state\":\"STARTING\",\"pid\":\"4242\"}}", json);
    assertEquals(e, EventJson.read(EventJson.write(e)));
  }

  @Test
  void bodyAfterTheFirstLineIsData() {
    String payload = "type:deploy\nline one\nline \"two\"";
    FleetEvent e = EventJson.decode(header("REMOTE_COMMUNICATION", 0), payload, "h",
        Optional.empty(), WHEN);
    assertEquals(Map.of("type", "deploy"), e.payload());
    assertEquals(Optional.of("line one\nline \"two\""), e.data());
    assertEquals(Optional.empty(), e.group());
    assertEquals(e, EventJson.read(EventJson.write(e)));
  }

  @Test
  void hostileTextIsEscapedAndSurvivesTheRoundTrip() {
    String hostile = "\"}{\\\u0000\u001b[31m\n\t\u2028\u2029\ud83d\ude00 </script> \ufffd";
    String payload = "processname:" + hostile.replace(" ", "") + " groupname:g\n" + hostile;
    FleetEvent e = EventJson.decode(header("PROCESS_LOG_STDOUT", 0), payload, hostile,
        Optional.of(hostile), WHEN);
    byte[] json = EventJson.write(e);
    String text = new String(json, StandardCharsets.UTF_8);
    assertFalse(text.contains("\n"), "one line of JSON: " + text);
    assertFalse(text.chars().anyMatch(c -> c < 0x20), "no raw control characters: " + text);
    assertEquals(e, EventJson.read(json));
  }

  @Property(tries = 300)
  void anyTextRoundTrips(@ForAll String host, @ForAll String data) {
    FleetEvent e = new FleetEvent(host, "s", Optional.of(data), Long.MAX_VALUE, "p", 0, "E",
        "3.0", WHEN, Optional.of(data), Optional.empty(), Map.of("k", data, data, "v"),
        Optional.of(data));
    assertEquals(e, EventJson.read(EventJson.write(e)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "{", "{\"host\":1}", "nul", "{\"host\":\"h\"} x",
      "{\"host\":\"h\",\"server\":\"s\",\"serial\":1,\"pool\":\"p\",\"poolserial\":1,"
          + "\"event\":\"E\",\"ver\":\"3.0\",\"time\":\"yesterday\"}",
      "{\"host\":\"h\",\"server\":\"s\",\"serial\":99999999999999999999999,\"pool\":\"p\","
          + "\"poolserial\":1,\"event\":\"E\",\"ver\":\"3.0\",\"time\":\"2026-01-01T00:00:00Z\"}",
      "{\"host\":\"h\",\"server\":\"s\",\"serial\":1,\"pool\":\"p\",\"poolserial\":1,"
          + "\"event\":\"E\",\"ver\":\"3.0\",\"time\":\"2026-01-01T00:00:00Z\""})
  void malformedOrTruncatedMessagesAreRefusedWithOneLine(String body) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventJson.read(body.getBytes(StandardCharsets.UTF_8)));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void deeplyNestedAndOversizedMessagesAreRefused() {
    String deep = "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertThrows(IllegalArgumentException.class,
        () -> EventJson.read(deep.getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class,
        () -> EventJson.read(new byte[EventJson.MAX_BYTES + 1]));
  }

  @Test
  void unknownFieldsAreSkipped() {
    FleetEvent e = EventJson.read(("{\"future\":{\"a\":[1,2]},\"host\":\"h\",\"server\":\"s\","
        + "\"serial\":1,\"pool\":\"p\",\"poolserial\":2,\"event\":\"TICK_5\",\"ver\":\"3.0\","
        + "\"time\":\"2026-01-01T00:00:00Z\",\"payload\":{\"when\":\"5\",\"n\":3}}")
        .getBytes(StandardCharsets.UTF_8));
    assertEquals("TICK_5", e.event());
    assertEquals(Map.of("when", "5"), e.payload());
    assertTrue(e.daemon().isEmpty());
  }

  @Test
  void aTruncatedBodyFitsTheLimitAndSaysSo() {
    String data = "\"".repeat(300_000) + "\uD83D\uDE00".repeat(1000);
    FleetEvent e = EventJson.decode(header("PROCESS_COMMUNICATION_STDOUT", 0),
        "processname:api groupname:web pid:5\n" + data, "box", Optional.of("1-2"), WHEN);
    byte[] full = EventJson.write(e);
    for (int limit : new int[] {1_000, 4_096, 500_000}) {
      byte[] body = EventJson.writeTruncated(e, full.length, limit);
      assertTrue(body.length <= limit, body.length + " > " + limit);
      assertTrue(body.length > limit - 16, "as much data as fits: " + body.length);
      FleetEvent back = EventJson.read(body);
      assertTrue(data.startsWith(back.data().orElse("")));
      assertEquals(e.payload(), back.payload());
      String text = new String(body, StandardCharsets.UTF_8);
      assertTrue(text.endsWith(",\"truncated\":true,\"bytes\":" + full.length + "}"), text);
    }
    // When even the payload's values do not fit, they are cut too.
    FleetEvent longType = EventJson.decode(header("REMOTE_COMMUNICATION", 0),
        "type:" + "x".repeat(5_000) + "\nsome data", "box", Optional.empty(), WHEN);
    byte[] body = EventJson.writeTruncated(longType, 6_000, 1_000);
    assertTrue(body.length <= 1_000, Integer.toString(body.length));
    assertEquals(256, EventJson.read(body).payload().get("type").length());
  }
}
