package dev.jsupervisor.listeners.ordered;

import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.ProcessConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns the programs' listener keys into a {@link StartupPlan}, collecting every problem. */
final class PlanBuilder {
  static final String START_IN_ORDER = "startinorder";
  static final String START_NEXT_AFTER = "startnextafter";
  static final String DEPENDENT_STARTUP = "dependent_startup";
  static final String WAIT_FOR = "dependent_startup_wait_for";
  static final String INHERIT_PRIORITY = "dependent_startup_inherit_priority";
  static final String START_READY = "startready";
  static final String START_READY_TIMEOUT = "startready_timeout";
  static final String START_TIMEOUT = "start_timeout";
  static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

  private static final Set<ProcessState> CHAIN_STATES =
      EnumSet.of(
          ProcessState.STARTING,
          ProcessState.RUNNING,
          ProcessState.BACKOFF,
          ProcessState.STOPPING,
          ProcessState.STOPPED,
          ProcessState.EXITED,
          ProcessState.FATAL);
  private static final Set<ProcessState> WAIT_FOR_STATES =
      EnumSet.of(
          ProcessState.STARTING,
          ProcessState.RUNNING,
          ProcessState.BACKOFF,
          ProcessState.STOPPING,
          ProcessState.EXITED,
          ProcessState.FATAL);

  private final List<Program> programs = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  /** One {@code [program:x]} inside one group, with its parsed listener keys. */
  private static final class Program {
    final String id;
    final String group;
    final String name;
    final List<ProcessConfig> processes;
    final ProcessConfig first;
    boolean startInOrder;
    Set<ProcessState> nextAfter = EnumSet.of(ProcessState.RUNNING);
    boolean chainSuccessor;
    boolean dependentStartup;
    boolean inheritPriority;
    boolean referenced;
    ReadinessCheck readiness;
    Duration readinessTimeout = DEFAULT_READY_TIMEOUT;
    Duration startTimeout;
    final List<Dependency> dependencies = new ArrayList<>();
    Integer effectivePriority;

    Program(String group, String name, List<ProcessConfig> processes) {
      this.id = Namespec.display(group, name);
      this.group = group;
      this.name = name;
      this.processes = processes;
      this.first = processes.get(0);
    }

    boolean startedByListenerDialect() {
      return startInOrder || chainSuccessor || dependentStartup;
    }

    boolean participant() {
      return startedByListenerDialect() || referenced;
    }

    boolean managed() {
      return startedByListenerDialect() && !first.autostart();
    }

    String key(String k) {
      return first.extraKeys().get(k);
    }
  }

  PlanBuilder(List<GroupConfig> groups) {
    for (GroupConfig g : groups) {
      if (g.isEventListenerPool()) {
        continue;
      }
      Map<String, List<ProcessConfig>> byProgram = new LinkedHashMap<>();
      for (ProcessConfig p : g.processes()) {
        byProgram.computeIfAbsent(p.programName(), k -> new ArrayList<>()).add(p);
      }
      byProgram.forEach((name, procs) -> programs.add(new Program(g.name(), name, procs)));
    }
  }

  StartupPlan build() throws PlanException {
    programs.forEach(this::readKeys);
    linkChains();
    programs.forEach(this::linkWaitFor);
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
    List<Program> taking = programs.stream().filter(Program::participant).toList();
    findCycles(taking);
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
    warnAboutSurprises(taking);
    return new StartupPlan(startOrder(taking).stream().map(this::toNode).toList(), warnings);
  }

  private void readKeys(Program p) {
    p.startInOrder = bool(p, START_IN_ORDER);
    p.dependentStartup = bool(p, DEPENDENT_STARTUP);
    p.inheritPriority = bool(p, INHERIT_PRIORITY);
    String after = p.key(START_NEXT_AFTER);
    if (after != null) {
      Set<ProcessState> states = states(after.strip(), CHAIN_STATES);
      if (states == null || states.size() != 1) {
        problems.add(
            String.format(
                "program '%s': %s='%s' is not one of %s",
                p.id, START_NEXT_AFTER, after.strip(), names(CHAIN_STATES)));
      } else {
        p.nextAfter = states;
      }
    }
    String ready = p.key(START_READY);
    if (ready != null) {
      try {
        p.readiness = ReadinessCheck.parse(ready);
      } catch (IllegalArgumentException e) {
        problems.add(String.format("program '%s': %s=%s", p.id, START_READY, e.getMessage()));
      }
    }
    Duration readyTimeout = seconds(p, START_READY_TIMEOUT);
    if (readyTimeout != null) {
      p.readinessTimeout = readyTimeout;
    }
    p.startTimeout = seconds(p, START_TIMEOUT);
  }

  /** Each startinorder program releases the program after it in (priority, name) order. */
  private void linkChains() {
    List<Program> line = new ArrayList<>(programs);
    line.sort(
        Comparator.<Program>comparingInt(p -> p.first.priority())
            .thenComparing(p -> p.name)
            .thenComparing(p -> p.group));
    for (int i = 0; i < line.size() - 1; i++) {
      Program link = line.get(i);
      if (link.startInOrder) {
        Program next = line.get(i + 1);
        next.chainSuccessor = true;
        next.dependencies.add(new Dependency(link.id, link.nextAfter, START_NEXT_AFTER));
      }
    }
    // Programs that are referenced by chains count as watched even if they are last.
    for (Program p : programs) {
      for (Dependency d : p.dependencies) {
        byId(d.target()).referenced = true;
      }
    }
  }

  private void linkWaitFor(Program p) {
    String waitFor = p.key(WAIT_FOR);
    if (waitFor == null || waitFor.isBlank()) {
      return;
    }
    if (!p.dependentStartup) {
      warnings.add(
          String.format(
              "program '%s': %s is ignored because %s is not true", p.id, WAIT_FOR,
              DEPENDENT_STARTUP));
      return;
    }
    for (String token : waitFor.strip().split("\\s+")) {
      String ref = token;
      Set<ProcessState> states = EnumSet.of(ProcessState.RUNNING);
      int colon = token.lastIndexOf(':');
      if (colon >= 0 && resolve(token).isEmpty()) {
        ref = token.substring(0, colon);
        states = states(token.substring(colon + 1), WAIT_FOR_STATES);
        if (states == null && !resolve(ref).isEmpty()) {
          problems.add(
              String.format(
                  "program '%s': %s entry '%s' names states other than %s",
                  p.id, WAIT_FOR, token, names(WAIT_FOR_STATES)));
          continue;
        }
      }
      List<Program> targets = resolve(ref);
      if (targets.isEmpty()) {
        problems.add(
            String.format(
                "program '%s' waits for unknown program '%s' (%s=%s)",
                p.id, ref, WAIT_FOR, waitFor.strip()));
        continue;
      }
      for (Program t : targets) {
        t.referenced = true;
        p.dependencies.add(new Dependency(t.id, states, WAIT_FOR));
      }
    }
  }

  /** {@code name} matches that program in every group; {@code group:name} matches exactly. */
  private List<Program> resolve(String ref) {
    if (ref.isEmpty()) {
      return List.of();
    }
    int colon = ref.indexOf(':');
    if (colon < 0) {
      return programs.stream().filter(p -> p.name.equals(ref)).toList();
    }
    String group = ref.substring(0, colon);
    String name = ref.substring(colon + 1);
    return programs.stream().filter(p -> p.group.equals(group) && p.name.equals(name)).toList();
  }

  private void findCycles(List<Program> taking) {
    Map<String, Integer> color = new HashMap<>(); // absent: unvisited, 1: on stack, 2: done
    Set<String> reported = new HashSet<>();
    for (Program p : taking) {
      visit(p, color, new ArrayDeque<>(), reported);
    }
  }

  private void visit(
      Program p, Map<String, Integer> color, Deque<String> stack, Set<String> reported) {
    Integer c = color.get(p.id);
    if (c != null && c == 2) {
      return;
    }
    if (c != null) {
      List<String> path = new ArrayList<>(stack);
      java.util.Collections.reverse(path);
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(p.id), path.size()));
      String canonical = cycle.stream().sorted().collect(Collectors.joining(","));
      if (reported.add(canonical)) {
        cycle.add(p.id);
        problems.add(
            "dependency cycle: "
                + String.join(" -> ", cycle)
                + " (each program waits for the next; none of them can ever start)");
      }
      return;
    }
    color.put(p.id, 1);
    stack.push(p.id);
    for (Dependency d : p.dependencies) {
      visit(byId(d.target()), color, stack, reported);
    }
    stack.pop();
    color.put(p.id, 2);
  }

  private void warnAboutSurprises(List<Program> taking) {
    for (Program p : taking) {
      if (p.startedByListenerDialect() && p.first.autostart() && !p.dependencies.isEmpty()) {
        warnings.add(
            String.format(
                "program '%s' has autostart=true: supervisord starts it at once, without"
                    + " waiting for %s; set autostart=false",
                p.id, depList(p)));
      }
      if (!p.managed() && !p.first.autostart()) {
        List<String> waiters =
            taking.stream()
                .filter(w -> w.dependencies.stream().anyMatch(d -> d.target().equals(p.id)))
                .map(w -> w.id)
                .toList();
        warnings.add(
            String.format(
                "program '%s' is waited for by %s, but nothing starts it (autostart=false and"
                    + " neither %s nor %s)",
                p.id, String.join(", ", waiters), DEPENDENT_STARTUP, START_IN_ORDER));
      }
    }
  }

  /** Dependencies first; among programs free to start together, (priority, id) decides. */
  private List<Program> startOrder(List<Program> taking) {
    Map<String, Integer> waitingOn = new HashMap<>();
    Map<String, List<Program>> dependents = new HashMap<>();
    for (Program p : taking) {
      waitingOn.put(p.id, (int) p.dependencies.stream().map(Dependency::target).distinct().count());
      p.dependencies.stream()
          .map(Dependency::target)
          .distinct()
          .forEach(t -> dependents.computeIfAbsent(t, k -> new ArrayList<>()).add(p));
    }
    PriorityQueue<Program> ready =
        new PriorityQueue<>(
            Comparator.<Program>comparingInt(this::effectivePriority).thenComparing(p -> p.id));
    taking.stream().filter(p -> waitingOn.get(p.id) == 0).forEach(ready::add);
    List<Program> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      Program p = ready.poll();
      order.add(p);
      for (Program d : dependents.getOrDefault(p.id, List.of())) {
        if (waitingOn.merge(d.id, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    return order;
  }

  private int effectivePriority(Program p) {
    if (p.effectivePriority == null) {
      int priority = p.first.priority();
      if (p.inheritPriority) {
        for (Dependency d : p.dependencies) {
          priority = Math.min(priority, effectivePriority(byId(d.target())));
        }
      }
      p.effectivePriority = priority;
    }
    return p.effectivePriority;
  }

  private PlanNode toNode(Program p) {
    return new PlanNode(
        p.id,
        p.group,
        p.name,
        p.processes.stream().map(ProcessConfig::name).toList(),
        effectivePriority(p),
        p.managed(),
        p.dependencies,
        p.first.exitCodes(),
        p.readiness,
        p.readinessTimeout,
        p.startTimeout);
  }

  private Program byId(String id) {
    return programs.stream().filter(p -> p.id.equals(id)).findFirst().orElseThrow();
  }

  private boolean bool(Program p, String key) {
    String v = p.key(key);
    if (v == null) {
      return false;
    }
    switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        problems.add(
            String.format("program '%s': %s='%s' is not a boolean (true or false)", p.id, key,
                v.strip()));
        return false;
    }
  }

  private Duration seconds(Program p, String key) {
    String v = p.key(key);
    if (v == null) {
      return null;
    }
    try {
      long s = Long.parseLong(v.strip());
      if (s > 0 && s <= 86_400L * 365) {
        return Duration.ofSeconds(s);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(
        String.format("program '%s': %s='%s' is not a positive number of seconds", p.id, key,
            v.strip()));
    return null;
  }

  /** Comma-separated state names out of {@code allowed}, or null when any is not. */
  private static Set<ProcessState> states(String text, Set<ProcessState> allowed) {
    Set<ProcessState> out = EnumSet.noneOf(ProcessState.class);
    for (String word : text.split(",")) {
      ProcessState s;
      try {
        s = ProcessState.valueOf(word.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (!allowed.contains(s)) {
        return null;
      }
      out.add(s);
    }
    return out.isEmpty() ? null : out;
  }

  private static String names(Set<ProcessState> states) {
    return states.stream().map(s -> s.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static String depList(Program p) {
    return p.dependencies.stream().map(Dependency::toString).collect(Collectors.joining(", "));
  }
}
