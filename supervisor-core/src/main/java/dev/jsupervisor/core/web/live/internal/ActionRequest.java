package dev.jsupervisor.core.web.live.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/actions}, {@code {"action":"stop","names":["web:*","db"]}},
 * parsed strictly: unknown members, wrong types, a missing action or too many names are refused
 * with a one-line reason. Pure over bytes.
 */
public record ActionRequest(String action, List<String> names) {
  /** Actions that take names. */
  public static final Set<String> NAMED = Set.of("start", "stop", "restart", "clearlog");
  /** Actions on every process; they take no names. */
  public static final Set<String> ALL = Set.of("startall", "stopall", "restartall");
  /** More names than this in one request are refused (the page has 500 processes in mind). */
  public static final int MAX_NAMES = 5_000;
  /** A name longer than this cannot be a namespec. */
  public static final int MAX_NAME_CHARS = 512;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(4).maxStringLength(MAX_NAME_CHARS).build())
      .build();

  /** A body that is not a valid action request; the message names what is wrong. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  public static ActionRequest parse(byte[] body) throws Invalid {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Invalid("body is not a JSON object");
      }
      String action = null;
      List<String> names = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "action" -> {
            if (value != JsonToken.VALUE_STRING) {
              throw new Invalid("\"action\" must be a string");
            }
            action = p.getText();
          }
          case "names" -> names = readNames(p, value);
          default -> throw new Invalid("unknown member \"" + clip(field) + "\"");
        }
      }
      if (p.nextToken() != null) {
        throw new Invalid("trailing data after the JSON object");
      }
      return validated(action, names == null ? List.of() : names);
    } catch (IOException e) {
      throw new Invalid("malformed JSON: " + firstLine(e.getMessage()));
    }
  }

  private static List<String> readNames(JsonParser p, JsonToken value) throws IOException, Invalid {
    if (value != JsonToken.START_ARRAY) {
      throw new Invalid("\"names\" must be an array of strings");
    }
    List<String> names = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw new Invalid("\"names\" must be an array of strings");
      }
      if (names.size() == MAX_NAMES) {
        throw new Invalid("more than " + MAX_NAMES + " names");
      }
      String name = p.getText();
      if (name.isEmpty()) {
        throw new Invalid("empty name");
      }
      names.add(name);
    }
    return names;
  }

  private static ActionRequest validated(String action, List<String> names) throws Invalid {
    if (action == null) {
      throw new Invalid("missing \"action\"");
    }
    if (NAMED.contains(action)) {
      if (names.isEmpty()) {
        throw new Invalid("action " + action + " needs at least one name");
      }
    } else if (ALL.contains(action)) {
      if (!names.isEmpty()) {
        throw new Invalid("action " + action + " takes no names");
      }
    } else {
      throw new Invalid("unknown action \"" + clip(action) + "\"");
    }
    return new ActionRequest(action, List.copyOf(names));
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}
