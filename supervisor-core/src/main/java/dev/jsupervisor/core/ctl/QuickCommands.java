package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.RpcFault;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * jsupervisorctl's bulk commands: {@code quickstart}, {@code quickstop}, {@code quickrestart}.
 * Every start or stop is sent at once (see {@link Settler}) and a line is printed per process as
 * it settles, instead of the server holding one reply until the slowest process is done.
 */
final class QuickCommands {
  private final Controller ctl;

  QuickCommands(Controller ctl) {
    this.ctl = ctl;
  }

  void quickstart(String arg) {
    startOrStop("quickstart", arg, true);
  }

  void quickstop(String arg) {
    startOrStop("quickstop", arg, false);
  }

  private void startOrStop(String command, String arg, boolean starting) {
    List<Namespec> direct = directTargets(arg);
    if (direct != null) {
      List<Object> answers = ctl.upcheckWith(Settler.calls(direct, starting));
      if (answers != null) {
        Sent sent = resolveUnknownBareWords(words(arg), direct, answers, starting);
        follow(sent.targets(), starting, sent.answers());
      }
      return;
    }
    List<ProcessInfo> targets = targets(command, arg);
    if (targets != null) {
      settle(specs(targets), starting);
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
    String names = String.join(" ", words);
    List<Namespec> direct = rolling == 0 ? directTargets(names) : null;
    if (direct != null) {
      List<Object> answers = ctl.upcheckWith(Settler.calls(direct, false));
      if (answers == null) {
        return;
      }
      Sent stops = resolveUnknownBareWords(words, direct, answers, false);
      follow(stops.targets(), false, stops.answers());
      // A name the stop found unknown was reported once; starting it would say so again.
      List<Namespec> known = new ArrayList<>();
      for (int i = 0; i < stops.targets().size(); i++) {
        if (!(stops.answers().get(i) instanceof RpcFault f && f.code() == Fault.BAD_NAME.code())) {
          known.add(stops.targets().get(i));
        }
      }
      settle(known, true);
      return;
    }
    List<ProcessInfo> targets = targets("quickrestart", names);
    if (targets == null) {
      return;
    }
    int batch = rolling == 0 ? Math.max(1, targets.size()) : rolling;
    for (int from = 0; from < targets.size(); from += batch) {
      List<ProcessInfo> slice = targets.subList(from, Math.min(targets.size(), from + batch));
      List<Namespec> specs = specs(slice);
      boolean ok = settle(specs, false) & settle(specs, true);
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
    for (String name : words(text)) {
      List<ProcessInfo> hits = match(name, all);
      String resolved = BareNames.resolvedLine(name, hits, all);
      if (resolved != null) {
        ctl.out.line(resolved);
      }
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

  /**
   * {@code all}, {@code group:}/{@code group:*}, a glob on name or group:name, a bare word (see
   * {@link BareNames}) or {@code group:name}.
   */
  static List<ProcessInfo> match(String name, List<ProcessInfo> all) {
    Namespec spec = Namespec.parse(name);
    boolean glob = !spec.isWholeGroup() && isGlob(name);
    if (!glob && BareNames.isBare(name)) {
      return BareNames.resolve(name, all);
    }
    List<ProcessInfo> hits = new ArrayList<>();
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

  /**
   * The targets of {@code arg}, one per word, when they can be sent as they are, without
   * listing the server's processes first: names and whole groups, each once, no group named
   * twice (as a group and through one of its processes), no {@code all} and no glob. A bare word
   * goes as a whole group (a group's name means the group); when the server knows no such group,
   * {@link #resolveUnknownBareWords} looks it up among process names. Null otherwise (and for no
   * name, which the listing path reports). A start of 32 processes with startsecs=1 ends when
   * the last one has been up for a second, so every round trip before the start is on the clock.
   */
  static List<Namespec> directTargets(String arg) {
    String text = arg.strip();
    if (text.isEmpty()) {
      return null;
    }
    List<Namespec> specs = new ArrayList<>();
    Set<String> wholeGroups = new LinkedHashSet<>();
    for (String name : words(text)) {
      Namespec parsed = Namespec.parse(name);
      if (name.equals("all") || (!parsed.isWholeGroup() && isGlob(name))) {
        return null;
      }
      Namespec spec = BareNames.isBare(name) ? new Namespec(name, null) : parsed;
      if (specs.contains(spec)) {
        return null;
      }
      specs.add(spec);
      if (spec.isWholeGroup()) {
        wholeGroups.add(spec.group());
      }
    }
    for (Namespec spec : specs) {
      if (!spec.isWholeGroup() && wholeGroups.contains(spec.group())) {
        return null;
      }
    }
    return specs;
  }

  private static List<String> words(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
  }

  /** Targets and the answers to their calls, position for position. */
  private record Sent(List<Namespec> targets, List<Object> answers) {}

  /**
   * Replaces each bare word of {@code words} (the text of {@code targets}, sent as whole groups)
   * that the server knew no group of by the processes of that name, whose calls are sent now
   * (with a line saying what the word stood for); a word naming no process stays, with its
   * BAD_NAME answer, as the process name supervisorctl would have read (no such process).
   */
  private Sent resolveUnknownBareWords(List<String> words, List<Namespec> targets,
      List<Object> answers, boolean starting) {
    List<Namespec> kept = new ArrayList<>();
    List<Object> keptAnswers = new ArrayList<>();
    List<Namespec> resolved = new ArrayList<>();
    List<ProcessInfo> all = null;
    for (int i = 0; i < targets.size(); i++) {
      String word = words.get(i);
      Object answer = i < answers.size() ? answers.get(i) : null;
      if (!(BareNames.isBare(word) && answer instanceof RpcFault f
          && f.code() == Fault.BAD_NAME.code())) {
        kept.add(targets.get(i));
        keptAnswers.add(answer);
        continue;
      }
      all = all == null ? ctl.client().getAllProcessInfo() : all;
      List<ProcessInfo> hits = BareNames.resolve(word, all);
      if (hits.isEmpty()) {
        kept.add(new Namespec(word, word));
        keptAnswers.add(answer);
        continue;
      }
      String line = BareNames.resolvedLine(word, hits, all);
      if (line != null) {
        ctl.out.line(line);
      }
      for (Namespec spec : specs(hits)) {
        if (!resolved.contains(spec) && !kept.contains(spec)
            && !kept.contains(new Namespec(spec.group(), null))) {
          resolved.add(spec);
        }
      }
    }
    if (!resolved.isEmpty()) {
      kept.addAll(resolved);
      keptAnswers.addAll(ctl.client().multicall(Settler.calls(resolved, starting)));
    }
    return new Sent(kept, keptAnswers);
  }

  private static boolean isGlob(String name) {
    return name.matches(".*[*?\\[].*");
  }

  private static List<Namespec> specs(List<ProcessInfo> processes) {
    List<Namespec> specs = new ArrayList<>();
    for (ProcessInfo p : processes) {
      specs.add(new Namespec(p.group(), p.name()));
    }
    return specs;
  }

  /**
   * Starts or stops {@code targets} (see {@link Settler}), printing a line per process as it
   * settles. True when every process came up or went down (or already was).
   */
  private boolean settle(List<Namespec> targets, boolean starting) {
    boolean[] ok = {true};
    Settler.run(ctl.client(), targets, starting, printer(starting, ok));
    return ok[0];
  }

  /** As {@link #settle}, from the answers to calls already sent (see {@link Settler#follow}). */
  private boolean follow(List<Namespec> targets, boolean starting, List<Object> answers) {
    boolean[] ok = {true};
    Settler.follow(ctl.client(), targets, answers, starting, printer(starting, ok));
    return ok[0];
  }

  /** Prints each settled process's line and clears {@code ok[0]} on a failure. */
  private Settler.Sink printer(boolean starting, boolean[] ok) {
    return (i, group, name, code, faultString) -> {
      if (name == null) {
        ctl.out.line(code == Fault.BAD_NAME.code()
            ? group + ": ERROR (no such group)"
            : group + ": ERROR (" + faultString + ")");
        ok[0] &= record(code, null);
        return;
      }
      String shown = Namespec.display(group, name);
      if (starting) {
        ctl.out.line(Controller.startResult(shown, code));
        ok[0] &= record(code, Fault.ALREADY_STARTED);
      } else {
        ctl.out.line(Controller.signalResult(shown, code, faultString, "stopped"));
        ok[0] &= record(code, Fault.NOT_RUNNING);
      }
    };
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
