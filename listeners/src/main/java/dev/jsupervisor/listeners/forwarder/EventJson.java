package dev.jsupervisor.listeners.forwarder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.jsupervisor.listeners.sdk.EventHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of a {@link FleetEvent} (one object per message, UTF-8), written by the forwarder
 * and read by the tail. Reading accepts fields in any order and skips unknown ones, so a newer
 * forwarder's messages still read.
 */
public final class EventJson {
  /** Largest message read; JetStream's default maximum payload is 1 MiB. */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(8).maxStringLength(MAX_BYTES).build())
      .build();

  private EventJson() {}

  /**
   * The event an envelope carries, with its payload decoded: the tokens of its first line as
   * fields, the rest (if not empty) as {@code data}.
   */
  public static FleetEvent decode(EventHeader header, String payload, String host,
      Optional<String> daemon, Instant time) {
    int newline = payload.indexOf('\n');
    String first = newline < 0 ? payload : payload.substring(0, newline);
    String rest = newline < 0 ? "" : payload.substring(newline + 1);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String token : first.split(" ")) {
      int colon = token.indexOf(':');
      if (colon > 0) {
        fields.putIfAbsent(token.substring(0, colon), token.substring(colon + 1));
      }
    }
    return new FleetEvent(host, header.server(), daemon, header.serial(), header.pool(),
        header.poolSerial(), header.eventName(), header.version(), time,
        Optional.ofNullable(fields.get("groupname")),
        Optional.ofNullable(fields.get("processname")),
        fields, rest.isEmpty() ? Optional.empty() : Optional.of(rest));
  }

  /** The message body for {@code event}. */
  public static byte[] write(FleetEvent event) {
    return write(event, -1);
  }

  /** Payload values are cut to this many characters when cutting {@code data} is not enough. */
  private static final int CUT_VALUE_CHARS = 256;

  /**
   * A body of at most {@code limit} bytes for {@code event} whose full body has
   * {@code fullBytes}: {@code data} (then the payload's values) cut to fit, with
   * {@code "truncated":true} and {@code "bytes":fullBytes}. May still exceed {@code limit} when
   * even the event's names do not fit.
   */
  public static byte[] writeTruncated(FleetEvent event, int fullBytes, int limit) {
    String data = event.data().orElse("");
    byte[] none = write(event.withPayload(event.payload(), Optional.of("")), fullBytes);
    if (none.length <= limit) {
      // The most of data that fits: escaping makes a character 1 to 6 bytes, so search.
      int lo = 0;
      int hi = data.length();
      byte[] best = none;
      while (lo < hi) {
        int mid = uncut(data, lo + (hi - lo + 1) / 2);
        if (mid <= lo) {
          break;
        }
        Optional<String> cut = Optional.of(data.substring(0, mid));
        byte[] body = write(event.withPayload(event.payload(), cut), fullBytes);
        if (body.length <= limit) {
          lo = mid;
          best = body;
        } else {
          hi = mid - 1;
        }
      }
      return best;
    }
    Map<String, String> cut = new LinkedHashMap<>();
    event.payload().forEach((k, v) -> cut.put(k, cutChars(v, CUT_VALUE_CHARS)));
    byte[] body = write(event.withPayload(cut, Optional.empty()), fullBytes);
    return body.length <= limit ? body
        : write(event.withPayload(Map.of(), Optional.empty()), fullBytes);
  }

  /** {@code end}, or one less when it would split a surrogate pair. */
  private static int uncut(String s, int end) {
    return end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))
        ? end - 1 : end;
  }

  private static String cutChars(String s, int chars) {
    return s.length() <= chars ? s : s.substring(0, uncut(s, chars));
  }

  /** {@code truncatedFrom}: the full body's length when this one is cut, else negative. */
  private static byte[] write(FleetEvent event, int truncatedFrom) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.data().map(String::length)
        .orElse(0));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("host", event.host());
      g.writeStringField("server", event.server());
      if (event.daemon().isPresent()) {
        g.writeStringField("daemon", event.daemon().get());
      }
      g.writeNumberField("serial", event.serial());
      g.writeStringField("pool", event.pool());
      g.writeNumberField("poolserial", event.poolSerial());
      g.writeStringField("event", event.event());
      g.writeStringField("ver", event.version());
      g.writeStringField("time", event.time().toString());
      if (event.group().isPresent()) {
        g.writeStringField("group", event.group().get());
      }
      if (event.process().isPresent()) {
        g.writeStringField("process", event.process().get());
      }
      g.writeObjectFieldStart("payload");
      for (Map.Entry<String, String> f : orderedPayload(event).entrySet()) {
        g.writeStringField(f.getKey(), f.getValue());
      }
      g.writeEndObject();
      if (event.data().isPresent()) {
        g.writeStringField("data", event.data().get());
      }
      if (truncatedFrom >= 0) {
        g.writeBooleanField("truncated", true);
        g.writeNumberField("bytes", truncatedFrom);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to memory", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads one message body.
   *
   * @throws IllegalArgumentException with a one-line reason when it is not a forwarded event
   */
  public static FleetEvent read(byte[] body) {
    if (body.length > MAX_BYTES) {
      throw new IllegalArgumentException("message of " + body.length + " bytes is too large");
    }
    Map<String, Object> top = new LinkedHashMap<>();
    Map<String, String> payload = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("message is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("payload") && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_STRING) {
              payload.put(key, p.getText());
            } else {
              p.skipChildren();
            }
          }
        } else if (value == JsonToken.VALUE_STRING) {
          top.put(name, p.getText());
        } else if (value == JsonToken.VALUE_NUMBER_INT) {
          top.put(name, p.getLongValue());
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IllegalArgumentException("message has data after its JSON object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("message is not valid JSON: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    try {
      return new FleetEvent(text(top, "host"), text(top, "server"), optional(top, "daemon"),
          number(top, "serial"), text(top, "pool"), number(top, "poolserial"),
          text(top, "event"), text(top, "ver"), Instant.parse(text(top, "time")),
          optional(top, "group"), optional(top, "process"), payload, optional(top, "data"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("message field time is not an instant: "
          + top.get("time"));
    }
  }

  private static Map<String, String> orderedPayload(FleetEvent event) {
    // Map.copyOf loses the order; the header fields supervisord writes first come first.
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String key : new String[] {"processname", "groupname", "from_state", "type"}) {
      String v = event.payload().get(key);
      if (v != null) {
        ordered.put(key, v);
      }
    }
    event.payload().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> ordered.putIfAbsent(e.getKey(), e.getValue()));
    return ordered;
  }

  private static String text(Map<String, Object> top, String key) {
    if (!(top.get(key) instanceof String s)) {
      throw new IllegalArgumentException("message has no text field " + key);
    }
    return s;
  }

  private static long number(Map<String, Object> top, String key) {
    if (!(top.get(key) instanceof Long n)) {
      throw new IllegalArgumentException("message has no integer field " + key);
    }
    return n;
  }

  private static Optional<String> optional(Map<String, Object> top, String key) {
    return top.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
