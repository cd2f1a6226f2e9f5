package dev.jsupervisor.core.web.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jsupervisor.core.web.live.internal.ActionRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The small JSON bodies of the dashboard API: errors and action outcomes. */
final class LiveJson {
  private static final JsonFactory JSON = new JsonFactory();

  private LiveJson() {}

  static byte[] error(String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code {"ok":<all ok>,"results":[{"name":..,"ok":..,"error":..}]}}. */
  static byte[] outcomes(List<ActionRunner.Outcome> outcomes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeBooleanField("ok", outcomes.stream().allMatch(ActionRunner.Outcome::ok));
      g.writeArrayFieldStart("results");
      for (ActionRunner.Outcome o : outcomes) {
        g.writeStartObject();
        g.writeStringField("name", o.name());
        g.writeBooleanField("ok", o.ok());
        g.writeStringField("error", o.error());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
