package dev.jsupervisor.listeners.control;

import dev.jsupervisor.core.config.AutoRestart;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.GroupKind;
import dev.jsupervisor.core.config.LogConfig;
import dev.jsupervisor.core.config.ProcessConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-built config records for listener tests (the config loader is not needed for them). */
public final class ConfigFixtures {
  private ConfigFixtures() {}

  /** Starts a {@code [program:name]} description. */
  public static Prog program(String name) {
    return new Prog(name);
  }

  /** A {@code [group:name]} holding the given programs' processes. */
  public static GroupConfig group(String name, int priority, Prog... members) {
    List<ProcessConfig> procs = new ArrayList<>();
    for (Prog p : members) {
      procs.addAll(p.processes());
    }
    return new GroupConfig(name, GroupKind.HETEROGENEOUS, priority, procs, Set.of(), 0, null,
        "/etc/supervisord.conf");
  }

  /** An {@code [eventlistener:name]} pool of one process with priority -1. */
  public static GroupConfig listenerPool(String name) {
    ProcessConfig p = program(name).priority(-1).processes().get(0);
    return new GroupConfig(name, GroupKind.EVENT_LISTENER_POOL, -1, List.of(p),
        Set.of("PROCESS_STATE"), 10, "supervisor.dispatchers:default_handler",
        "/etc/supervisord.conf");
  }

  /** A mutable description of one program section. */
  public static final class Prog {
    private final String name;
    private int priority = 999;
    private boolean autostart = true;
    private int numprocs = 1;
    private List<Integer> exitCodes = List.of(0);
    private int stopSignal = 15;
    private boolean stopAsGroup;
    private final Map<String, String> keys = new LinkedHashMap<>();

    private Prog(String name) {
      this.name = name;
    }

    public Prog priority(int p) {
      priority = p;
      return this;
    }

    public Prog autostart(boolean a) {
      autostart = a;
      return this;
    }

    public Prog numprocs(int n) {
      numprocs = n;
      return this;
    }

    public Prog exitCodes(Integer... codes) {
      exitCodes = List.of(codes);
      return this;
    }

    public Prog stopSignal(int signal) {
      stopSignal = signal;
      return this;
    }

    public Prog stopAsGroup(boolean b) {
      stopAsGroup = b;
      return this;
    }

    /** An extra (listener) key, lower-cased as the loader delivers it. */
    public Prog key(String key, String value) {
      keys.put(key, value);
      return this;
    }

    /** The process configs, named {@code name_00..} when numprocs &gt; 1. */
    public List<ProcessConfig> processes() {
      List<ProcessConfig> out = new ArrayList<>();
      for (int i = 0; i < numprocs; i++) {
        String procName = numprocs == 1 ? name : String.format("%s_%02d", name, i);
        LogConfig log = new LogConfig(LogConfig.AUTO, 50L << 20, 10, 0, false, false);
        out.add(
            new ProcessConfig(procName, name, "/bin/true", priority, autostart, 1, 3,
                AutoRestart.UNEXPECTED, exitCodes, stopSignal, 10, stopAsGroup, stopAsGroup, null,
                null, false, log, log, Map.of(), null, null, null, i, keys));
      }
      return out;
    }

    /** The program's own (homogeneous) group. */
    public GroupConfig group() {
      return new GroupConfig(name, GroupKind.PROGRAM, priority, processes(), Set.of(), 0, null,
          "/etc/supervisord.conf");
    }
  }
}
