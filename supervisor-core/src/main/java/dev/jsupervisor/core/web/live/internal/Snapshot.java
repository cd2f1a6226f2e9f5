package dev.jsupervisor.core.web.live.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.SupervisorState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the JSON of {@code GET /api/v1/processes}: the daemon's state and, per process, what
 * the status page shows plus uptime, exit status, restarts since the daemon started, CPU seconds
 * and RSS. Pure but for reading /proc through {@link ProcStat}.
 */
public final class Snapshot {
  private static final JsonFactory JSON = new JsonFactory();

  private final RestartCounter restarts;
  private final ProcStat proc;

  public Snapshot(RestartCounter restarts, ProcStat proc) {
    this.restarts = restarts;
    this.proc = proc;
  }

  public byte[] write(SupervisorState state, String identification, List<ProcessInfo> processes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + processes.size() * 320);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("state", state.name());
      g.writeStringField("identification", identification);
      g.writeArrayFieldStart("processes");
      for (ProcessInfo p : processes) {
        writeProcess(g, p);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void writeProcess(JsonGenerator g, ProcessInfo p) throws IOException {
    g.writeStartObject();
    g.writeStringField("namespec", p.namespec());
    g.writeStringField("group", p.group());
    g.writeStringField("name", p.name());
    g.writeStringField("state", p.state().name());
    g.writeStringField("description", p.description());
    g.writeNumberField("pid", p.pid());
    g.writeNumberField("start", p.start());
    g.writeNumberField("stop", p.stop());
    g.writeNumberField("now", p.now());
    g.writeNumberField("uptime", p.pid() > 0 && p.start() > 0 ? Math.max(0, p.now() - p.start()) : 0);
    g.writeNumberField("exitstatus", p.exitstatus());
    g.writeStringField("spawnerr", p.spawnerr());
    g.writeNumberField("restarts", restarts.restarts(p.group(), p.name()));
    ProcStat.Usage usage = p.pid() > 0 ? proc.read(p.pid()) : ProcStat.Usage.UNKNOWN;
    g.writeNumberField("cpuSeconds", usage.cpuSeconds());
    g.writeNumberField("rssBytes", usage.rssBytes());
    g.writeEndObject();
  }
}
