package dev.jsupervisor.core.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The struct of {@code getProcessInfo} / {@code getAllProcessInfo}, members in supervisord's
 * order (xmlrpc-api.md §4). Times are epoch seconds.
 */
public record ProcessInfo(
    String name,
    String group,
    int start,
    int stop,
    int now,
    ProcessState state,
    String spawnerr,
    int exitstatus,
    String stdoutLogfile,
    String stderrLogfile,
    int pid,
    String description) {

  /** The wire struct; {@code logfile} repeats {@code stdout_logfile} as supervisord does. */
  public Map<String, Object> toStruct() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("group", group);
    m.put("start", start);
    m.put("stop", stop);
    m.put("now", now);
    m.put("state", state.code());
    m.put("statename", state.name());
    m.put("spawnerr", spawnerr);
    m.put("exitstatus", exitstatus);
    m.put("logfile", stdoutLogfile);
    m.put("stdout_logfile", stdoutLogfile);
    m.put("stderr_logfile", stderrLogfile);
    m.put("pid", pid);
    m.put("description", description);
    return m;
  }

  /** Reads a struct as any supervisord returns it. */
  public static ProcessInfo fromStruct(Map<?, ?> m) {
    return new ProcessInfo(
        (String) m.get("name"),
        (String) m.get("group"),
        intOf(m.get("start")),
        intOf(m.get("stop")),
        intOf(m.get("now")),
        ProcessState.fromCode(intOf(m.get("state"))),
        stringOf(m.get("spawnerr")),
        intOf(m.get("exitstatus")),
        stringOf(m.get("stdout_logfile")),
        stringOf(m.get("stderr_logfile")),
        intOf(m.get("pid")),
        stringOf(m.get("description")));
  }

  /** {@code name} or {@code group:name} as supervisorctl shows it. */
  public String namespec() {
    return Namespec.display(group, name);
  }

  private static int intOf(Object o) {
    return o == null ? 0 : ((Number) o).intValue();
  }

  private static String stringOf(Object o) {
    return o == null ? "" : o.toString();
  }
}
