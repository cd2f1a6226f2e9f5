package dev.jsupervisor.core.web.live.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.PayloadHeader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Turns a daemon event into the JSON the page receives, or null for events the page has no use
 * for (ticks, log output, communication). Process output never travels on this channel. Pure.
 */
public final class EventJson {
  private static final JsonFactory JSON = new JsonFactory();

  private EventJson() {}

  public static String of(Event event, long epochMillis) {
    EventType type = event.type();
    String name = type.name();
    boolean state = name.startsWith("PROCESS_STATE_");
    boolean group = type == EventType.PROCESS_GROUP_ADDED || type == EventType.PROCESS_GROUP_REMOVED;
    boolean daemon = name.startsWith("SUPERVISOR_STATE_CHANGE_");
    if (!state && !group && !daemon) {
      return null;
    }
    Map<String, String> fields = PayloadHeader.parse(event.payload());
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", name);
      g.writeNumberField("time", epochMillis);
      if (state) {
        g.writeStringField("state", name.substring("PROCESS_STATE_".length()));
        g.writeStringField("group", fields.getOrDefault("groupname", ""));
        g.writeStringField("name", fields.getOrDefault("processname", ""));
        g.writeStringField("from", fields.getOrDefault("from_state", ""));
        g.writeNumberField("pid", number(fields.get("pid")));
        g.writeNumberField("tries", number(fields.get("tries")));
      } else if (group) {
        g.writeStringField("group", fields.getOrDefault("groupname", "").trim());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static long number(String text) {
    if (text == null) {
      return 0;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
