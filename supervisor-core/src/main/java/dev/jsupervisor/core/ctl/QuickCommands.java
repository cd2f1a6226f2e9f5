package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.client.SupervisorClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * jsupervisorctl's bulk commands: {@code quickstart}, {@code quickstop}, {@code quickrestart}.
 * Every start or stop is sent at once with {@code wait=false} in one {@code system.multicall}, then
 * one {@code getAllProcessInfo} poll follows all targets and prints a line per process as it
 * settles, instead of the server holding one reply until the slowest process is done.
 */
final class QuickCommands {
  /** How often the single status poll runs while processes settle. */
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Controller ctl;

  QuickCommands(Controller ctl) {
    this.ctl = ctl;
  }

  void quickstart(String arg) {
    List<ProcessInfo> targets = targets("quickstart", arg);
    if (targets != null) {
      startAll(targets);
    }
  }

  void quickstop(String arg) {
    List<ProcessInfo> targets = targets("quickstop", arg);
    if (targets != null) {
      stopAll(targets);
    }
  }

  void quickrestart(String arg) {
    List<String> words = new ArrayList<>(List.of(arg.strip().split("\\s+")));
    int rolling = 0;
    if (words.size() >= 2 && words.get(0).equals("--rolling")) {
      Long n = Controller.parsePythonInt(words.get(1));
      if (n == null || n < 1 || n > Integer.MAX_VALUE) {
        ctl.out.line("Error: --rolling needs a positive number, not " + PythonText.repr(words.get(1)));
        ctl.exitStatus = ExitStatus.GENERIC;
        return;
      }
      rolling = n.intValue();
      words = words.subList(2, words.size());
    }
    List<ProcessInfo> targets = targets("quickrestart", String.join(" ", words));
    if (targets == null) {
      return;
    }
    int batch = rolling == 0 ? Math.max(1, targets.size()) : rolling;
    for (int from = 0; from < targets.size(); from += batch) {
      List<ProcessInfo> slice = targets.subList(from, Math.min(targets.size(), from + batch));
      boolean ok = stopAll(slice) & startAll(slice);
      if (!ok && rolling > 0 && from + batch < targets.size()) {
        List<String> rest = new ArrayList<>();
        for (ProcessInfo p : targets.subList(from + batch, targets.size())) {
          rest.add(p.namespec());
        }
        ctl.out.line("Error: rolling restart stopped after a failed batch; not restarted: "
            + String.join(" ", rest));
        return;
      }
    }
  }

  /**
   * The processes {@code arg} names, in supervisord's order without duplicates; null (after
   * printing why) when nothing should run.
   */
  private List<ProcessInfo> targets(String command, String arg) {
    if (!ctl.upcheck()) {
      return null;
    }
    String text = arg.strip();
    if (text.isEmpty()) {
      ctl.out.line("Error: " + command + " requires a process name");
      ctl.exitStatus = ExitStatus.INVALID_ARGS;
      ctl.usage(command);
      return null;
    }
    List<ProcessInfo> all = ctl.client().getAllProcessInfo();
    Set<ProcessInfo> chosen = new LinkedHashSet<>();
    for (String name : text.split("\\s+")) {
      List<ProcessInfo> hits = match(name, all);
      if (hits.isEmpty()) {
        Namespec spec = Namespec.parse(name);
        ctl.out.line(spec.isWholeGroup()
            ? spec.group() + ": ERROR (no such group)"
            : name + ": ERROR (no such process)");
        ctl.exitStatus = ExitStatus.GENERIC;
      }
      chosen.addAll(hits);
    }
    List<ProcessInfo> ordered = new ArrayList<>();
    for (ProcessInfo p : all) {
      if (chosen.contains(p)) {
        ordered.add(p);
      }
    }
    return ordered;
  }

  /** {@code all}, {@code group:}/{@code group:*}, a glob on name or group:name, or a namespec. */
  static List<ProcessInfo> match(String name, List<ProcessInfo> all) {
    List<ProcessInfo> hits = new ArrayList<>();
    Namespec spec = Namespec.parse(name);
    boolean glob = !spec.isWholeGroup() && name.matches(".*[*?\\[].*");
    Pattern pattern = glob ? globPattern(name) : null;
    for (ProcessInfo p : all) {
      boolean hit;
      if (name.equals("all")) {
        hit = true;
      } else if (glob) {
        hit = pattern.matcher(p.name()).matches()
            || pattern.matcher(p.group() + ":" + p.name()).matches();
      } else {
        hit = p.group().equals(spec.group())
            && (spec.isWholeGroup() || p.name().equals(spec.process()));
      }
      if (hit) {
        hits.add(p);
      }
    }
    return hits;
  }

  /** A shell-style glob ({@code * ? [abc] [!abc]}) as a regex matching the whole text. */
  static Pattern globPattern(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
        int end = glob.indexOf(']', i + 2);
        String body = glob.substring(i + 1, end);
        if (body.startsWith("!")) {
          body = "^" + body.substring(1);
        }
        re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
        i = end;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** Starts all targets; true when every one came up (or already ran). */
  private boolean startAll(List<ProcessInfo> targets) {
    return settle(targets, true);
  }

  /** Stops all targets; true when every one stopped (or was not running). */
  private boolean stopAll(List<ProcessInfo> targets) {
    return settle(targets, false);
  }

  private boolean settle(List<ProcessInfo> targets, boolean starting) {
    // One system.multicall carries every start or stop: supervisord handles requests one at a
    // time, so a single request costs it one HTTP exchange instead of one per process.
    List<SupervisorClient.MethodCall> calls = new ArrayList<>();
    for (ProcessInfo p : targets) {
      calls.add(SupervisorClient.MethodCall.of(
          starting ? "supervisor.startProcess" : "supervisor.stopProcess",
          p.group() + ":" + p.name(), false));
    }
    List<Object> results = targets.isEmpty() ? List.of() : ctl.client().multicall(calls);
    boolean ok = true;
    Map<String, String> pending = new LinkedHashMap<>(); // group:name -> display name
    for (int i = 0; i < targets.size(); i++) {
      ProcessInfo p = targets.get(i);
      Object result = i < results.size() ? results.get(i) : null;
      if (!(result instanceof RpcFault fault)) {
        pending.put(p.group() + ":" + p.name(), p.namespec());
      } else if (starting) {
        ctl.out.line(Controller.startResult(p.namespec(), fault.code()));
        ok &= record(fault.code(), Fault.ALREADY_STARTED);
      } else {
        ctl.out.line(Controller.signalResult(p.namespec(), fault.code(), fault.faultString(), "stopped"));
        ok &= record(fault.code(), Fault.NOT_RUNNING);
      }
    }
    while (!pending.isEmpty()) {
      Map<String, ProcessInfo> now = new LinkedHashMap<>();
      for (ProcessInfo p : ctl.client().getAllProcessInfo()) {
        now.put(p.group() + ":" + p.name(), p);
      }
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        ProcessInfo p = now.get(entry.getKey());
        String shown = entry.getValue();
        if (p == null) {
          ctl.out.line(shown + ": ERROR (no such process)");
          ok &= record(Fault.BAD_NAME.code(), null);
          it.remove();
        } else if (starting) {
          ProcessState s = p.state();
          if (s == ProcessState.RUNNING) {
            ctl.out.line(shown + ": started");
            it.remove();
          } else if (s == ProcessState.BACKOFF || s == ProcessState.FATAL) {
            ctl.out.line(shown + ": ERROR (spawn error)");
            ok &= record(Fault.SPAWN_ERROR.code(), null);
            it.remove();
          } else if (s == ProcessState.EXITED || s == ProcessState.STOPPED
              || s == ProcessState.UNKNOWN) {
            ctl.out.line(shown + ": ERROR (abnormal termination)");
            ok &= record(Fault.ABNORMAL_TERMINATION.code(), null);
            it.remove();
          }
        } else if (p.state().isStopped()) {
          ctl.out.line(shown + ": stopped");
          it.remove();
        }
      }
      if (!pending.isEmpty()) {
        LockSupport.parkNanos(POLL_NANOS);
        if (Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("interrupted while waiting for " + pending.values());
        }
      }
    }
    return ok;
  }

  /** Applies a result code to the exit status; false when it is a failure. */
  private boolean record(int code, Fault ignored) {
    int status = ExitStatus.fromFault(code, ignored);
    if (status < 0) {
      return true;
    }
    // A failure is never overwritten by a later, milder one.
    ctl.exitStatus = ctl.exitStatus == ExitStatus.SUCCESS ? status : Math.max(ctl.exitStatus, status);
    return false;
  }
}
