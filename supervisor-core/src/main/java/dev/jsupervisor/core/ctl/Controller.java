package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.client.ClientException;
import dev.jsupervisor.core.client.SupervisorClient;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs supervisorctl commands against one server with supervisorctl 4.2.5's output and exit
 * codes (ctl.md). One controller per server; its exit status accumulates over commands.
 */
final class Controller {
  /** The connection settings a controller uses; {@code open} and re-authentication change them. */
  static final class Target {
    String url;
    String username;
    String password;

    Target(String url, String username, String password) {
      this.url = url;
      this.username = username;
      this.password = password;
    }
  }

  private static final String API_VERSION = "3.0";

  final Target target;
  final Output out;
  final Prompter prompter;
  final ExecutorService pool;
  final boolean interactive;
  int exitStatus = ExitStatus.SUCCESS;
  private SupervisorClient client;
  private List<ProcessInfo> completionInfo;
  private final QuickCommands quick = new QuickCommands(this);

  Controller(Target target, Output out, Prompter prompter, ExecutorService pool, boolean interactive) {
    this.target = target;
    this.out = out;
    this.prompter = prompter;
    this.pool = pool;
    this.interactive = interactive;
  }

  /** The client for the current target (built on first use, so a bad URL fails the command). */
  SupervisorClient client() {
    if (client == null) {
      client =
          SupervisorClient.builder(target.url)
              .credentials(target.username, target.password)
              .build();
    }
    return client;
  }

  private void resetClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  void close() {
    resetClient();
  }

  /** All command words, for completion. */
  static List<String> commandNames() {
    List<String> names = new ArrayList<>(HelpText.DEFAULT.keySet());
    names.addAll(HelpText.QUICK.keySet());
    names.add("help");
    names.sort(null);
    return names;
  }

  /** Process infos for tab completion, fetched once per command line. */
  List<ProcessInfo> completionInfo() {
    if (completionInfo == null) {
      completionInfo = client().getAllProcessInfo();
    }
    return completionInfo;
  }

  /** Runs one command line; true when the shell should end ({@code quit}, {@code EOF}). */
  boolean onecmd(String rawLine) {
    String line = rawLine.strip();
    if (line.isEmpty()) {
      return false;
    }
    if (line.startsWith("?")) {
      line = "help " + line.substring(1);
    }
    int i = 0;
    while (i < line.length() && isIdentChar(line.charAt(i))) {
      i++;
    }
    String cmd = line.substring(0, i);
    String arg = line.substring(i).strip();
    completionInfo = null;
    if (cmd.isEmpty() || !isCommand(cmd)) {
      out.line("*** Unknown syntax: " + line);
      exitStatus = ExitStatus.GENERIC;
      return false;
    }
    try {
      return dispatch(cmd, arg);
    } catch (ClientException e) {
      if (e.kind() == ClientException.Kind.UNAUTHORIZED) {
        out.line("Server requires authentication");
        if (interactive) {
          try {
            target.username = prompter.readLine("Username:");
            target.password = prompter.readPassword("Password:");
          } catch (EOFException eof) {
            out.line("");
            exitStatus = ExitStatus.GENERIC;
            return false;
          }
          out.line("");
          resetClient();
          return onecmd(line);
        }
      }
      out.line(PythonText.errorLine(e));
      exitStatus = ExitStatus.GENERIC;
    } catch (RuntimeException e) {
      out.line(PythonText.errorLine(e));
      exitStatus = ExitStatus.GENERIC;
    }
    return false;
  }

  private static boolean isIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isCommand(String cmd) {
    return HelpText.DEFAULT.containsKey(cmd)
        || HelpText.QUICK.containsKey(cmd)
        || cmd.equals("help")
        || cmd.equals("EOF");
  }

  private boolean dispatch(String cmd, String arg) {
    switch (cmd) {
      case "help" -> help(arg);
      case "EOF", "quit", "exit" -> {
        out.line("");
        return true;
      }
      case "status" -> status(arg);
      case "start" -> start(arg);
      case "stop" -> stop(arg);
      case "restart" -> restart(arg);
      case "signal" -> signal(arg);
      case "pid" -> pid(arg);
      case "tail" -> tail(arg);
      case "maintail" -> maintail(arg);
      case "clear" -> clear(arg);
      case "avail" -> avail(arg);
      case "reread" -> reread(arg);
      case "update" -> update(arg);
      case "add" -> add(arg);
      case "remove" -> remove(arg);
      case "shutdown" -> shutdown(arg);
      case "reload" -> reload(arg);
      case "version" -> version(arg);
      case "open" -> open(arg);
      case "fg" -> fg(arg);
      case "quickstart" -> quick.quickstart(arg);
      case "quickstop" -> quick.quickstop(arg);
      case "quickrestart" -> quick.quickrestart(arg);
      default -> throw new IllegalStateException("no handler for " + cmd);
    }
    return false;
  }

  private static List<String> words(String arg) {
    String s = arg.strip();
    return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
  }

  // --- help -------------------------------------------------------------------------------

  private void help(String arg) {
    String topic = arg.strip();
    if (topic.isEmpty()) {
      for (String l : HelpText.table(HelpText.DEFAULT_HEADER, List.copyOf(HelpText.DEFAULT.keySet()))) {
        out.line(l);
      }
      for (String l : HelpText.table(HelpText.QUICK_HEADER, List.copyOf(HelpText.QUICK.keySet()))) {
        out.line(l);
      }
    } else if (topic.equals("help")) {
      out.line(HelpText.HELP_HELP);
    } else if (HelpText.DEFAULT.containsKey(arg)) {
      out.line(HelpText.DEFAULT.get(arg));
    } else if (HelpText.QUICK.containsKey(arg)) {
      out.line(HelpText.QUICK.get(arg));
    } else {
      out.line("*** No help on " + arg);
    }
  }

  void usage(String command) {
    out.line(HelpText.DEFAULT.containsKey(command)
        ? HelpText.DEFAULT.get(command)
        : HelpText.QUICK.get(command));
  }

  // --- the up-check -----------------------------------------------------------------------

  /** Checks the server speaks API 3.0; prints why not and sets the exit status otherwise. */
  boolean upcheck() {
    return checkedVersion(() -> List.of(client().call("supervisor.getVersion"))) != null;
  }

  /**
   * The up-check and {@code calls} in one request (one round trip instead of two, which a
   * command racing a startsecs clock notices). Returns the answers to {@code calls}, or null
   * when the check failed and was reported as {@link #upcheck} reports it.
   */
  List<Object> upcheckWith(List<SupervisorClient.MethodCall> calls) {
    List<SupervisorClient.MethodCall> all = new ArrayList<>();
    all.add(SupervisorClient.MethodCall.of("supervisor.getVersion"));
    all.addAll(calls);
    return checkedVersion(() -> client().multicall(all));
  }

  /** Runs {@code request}, whose first answer is the server's API version, and checks that. */
  private List<Object> checkedVersion(Supplier<List<Object>> request) {
    try {
      List<Object> answers = request.get();
      Object api = answers.isEmpty() ? null : answers.get(0);
      if (api instanceof RpcFault fault) {
        throw fault;
      }
      if (!API_VERSION.equals(api)) {
        out.line("Sorry, this version of supervisorctl expects to talk to a server with API "
            + "version " + API_VERSION + ", but the remote version is " + api + ".");
        exitStatus = ExitStatus.NOT_INSTALLED;
        return null;
      }
      return answers.subList(1, answers.size());
    } catch (RpcFault f) {
      if (f.code() == Fault.UNKNOWN_METHOD.code()) {
        out.line("Sorry, supervisord responded but did not recognize the supervisor namespace "
            + "commands that supervisorctl uses to control it.  Please check that the "
            + "[rpcinterface:supervisor] section is enabled in the configuration file "
            + "(see sample.conf).");
        exitStatus = ExitStatus.UNIMPLEMENTED_FEATURE;
        return null;
      }
      exitStatus = ExitStatus.GENERIC;
      throw f;
    } catch (ClientException e) {
      if (e.kind() == ClientException.Kind.REFUSED) {
        out.line(target.url + " refused connection");
        exitStatus = ExitStatus.INSUFFICIENT_PRIVILEGES;
        return null;
      }
      if (e.kind() == ClientException.Kind.NO_SUCH_FILE) {
        out.line(target.url + " no such file");
        exitStatus = ExitStatus.NOT_RUNNING;
        return null;
      }
      if (e.kind() != ClientException.Kind.UNAUTHORIZED) {
        exitStatus = ExitStatus.GENERIC;
      }
      throw e;
    }
  }

  /** Prints each result of a group or "all" call and applies its code to the exit status. */
  private void showResults(
      List<ProcessResult> results, Function<ProcessResult, String> format, Fault ignored) {
    for (ProcessResult r : results) {
      out.line(format.apply(r));
      applyFault(r.status(), ignored);
    }
  }

  private static String started(ProcessResult r) {
    return startResult(display(r), r.status());
  }

  private static String stopped(ProcessResult r) {
    return signalResult(display(r), r.status(), r.description(), "stopped");
  }

  private static String signalled(ProcessResult r) {
    return signalResult(display(r), r.status(), r.description(), "signalled");
  }

  void applyFault(int code, Fault ignored) {
    int status = ExitStatus.fromFault(code, ignored);
    if (status >= 0) {
      exitStatus = status;
    }
  }

  // --- status -----------------------------------------------------------------------------

  private void status(String arg) {
    if (!upcheck()) {
      exitStatus = ExitStatus.STATUS_UNKNOWN;
      return;
    }
    List<ProcessInfo> all = client().getAllProcessInfo();
    List<String> names = words(arg);
    List<ProcessInfo> matching;
    if (names.isEmpty() || names.contains("all")) {
      matching = all;
    } else {
      matching = new ArrayList<>();
      for (String name : names) {
        Namespec spec = Namespec.parse(name);
        boolean bad = true;
        for (ProcessInfo info : all) {
          boolean matched = info.group().equals(spec.group());
          if (spec.process() != null) {
            matched = matched && info.name().equals(spec.process());
          }
          if (matched) {
            bad = false;
            matching.add(info);
          }
        }
        if (bad) {
          out.line(spec.process() == null
              ? spec.group() + ": ERROR (no such group)"
              : name + ": ERROR (no such process)");
          exitStatus = ExitStatus.STATUS_UNKNOWN;
        }
      }
    }
    showStatuses(matching);
    for (ProcessInfo info : matching) {
      if (info.state().isStopped()) {
        exitStatus = ExitStatus.STATUS_NOT_RUNNING;
      }
    }
  }

  private void showStatuses(List<ProcessInfo> infos) {
    int width = 30;
    for (ProcessInfo info : infos) {
      width = Math.max(width, info.namespec().length());
    }
    String template = "%-" + (width + 3) + "s%-10s%s";
    for (ProcessInfo info : infos) {
      out.line(String.format(template, info.namespec(), info.state().name(), info.description()));
    }
  }

  // --- start / stop / restart / signal ----------------------------------------------------

  static String startResult(String name, int code) {
    if (code == Fault.BAD_NAME.code()) {
      return name + ": ERROR (no such process)";
    } else if (code == Fault.NO_FILE.code()) {
      return name + ": ERROR (no such file)";
    } else if (code == Fault.NOT_EXECUTABLE.code()) {
      return name + ": ERROR (file is not executable)";
    } else if (code == Fault.ALREADY_STARTED.code()) {
      return name + ": ERROR (already started)";
    } else if (code == Fault.SPAWN_ERROR.code()) {
      return name + ": ERROR (spawn error)";
    } else if (code == Fault.ABNORMAL_TERMINATION.code()) {
      return name + ": ERROR (abnormal termination)";
    } else if (code == Fault.SUCCESS.code()) {
      return name + ": started";
    }
    throw new IllegalArgumentException("Unknown result code " + code + " for " + name);
  }

  static String signalResult(String name, int code, String description, String success) {
    if (code == Fault.BAD_NAME.code()) {
      return name + ": ERROR (no such process)";
    } else if (code == Fault.BAD_SIGNAL.code()) {
      return name + ": ERROR (bad signal name)";
    } else if (code == Fault.NOT_RUNNING.code()) {
      return name + ": ERROR (not running)";
    } else if (code == Fault.SUCCESS.code()) {
      return name + ": " + success;
    } else if (code == Fault.FAILED.code()) {
      return description;
    }
    throw new IllegalArgumentException("Unknown result code " + code + " for " + name);
  }

  private static String display(ProcessResult r) {
    return Namespec.display(r.group(), r.name());
  }

  /** The namespec supervisorctl shows for a name argument (as split, then rejoined). */
  private static String display(Namespec spec) {
    return Namespec.display(spec.group(), spec.process());
  }

  /**
   * Runs {@code task} for every name concurrently, then applies the effects (print lines, set
   * the exit status) in argument order, so output and exit code match a sequential run.
   */
  void fanOut(List<String> names, Function<String, Runnable> task) {
    if (names.size() == 1) {
      task.apply(names.get(0)).run();
      return;
    }
    List<CompletableFuture<Runnable>> futures = new ArrayList<>();
    for (String name : names) {
      futures.add(CompletableFuture.supplyAsync(() -> task.apply(name), pool));
    }
    for (CompletableFuture<Runnable> f : futures) {
      Runnable effect;
      try {
        effect = f.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
      effect.run();
    }
  }

  private void start(String arg) {
    List<String> names = words(arg);
    if (onlyProcessNames(names)) {
      settleListed(names, true); // its own status poll keeps supervisord awake
      return;
    }
    if (!upcheck()) {
      return;
    }
    if (names.isEmpty()) {
      out.line("Error: start requires a process name");
      exitStatus = ExitStatus.INVALID_ARGS;
      usage("start");
      return;
    }
    try (KeepAwake awake = KeepAwake.start(client())) {
      startEach(names);
    }
  }

  private void startEach(List<String> names) {
    if (names.contains("all")) {
      showResults(client().startAllProcesses(true), Controller::started, Fault.ALREADY_STARTED);
      return;
    }
    fanOut(names, name -> {
      Namespec spec = Namespec.parse(name);
      if (spec.isWholeGroup()) {
        try {
          List<ProcessResult> results = client().startProcessGroup(spec.group(), true);
          return () -> showResults(results, Controller::started, Fault.ALREADY_STARTED);
        } catch (RpcFault f) {
          if (f.code() == Fault.BAD_NAME.code()) {
            return () -> {
              out.line(spec.group() + ": ERROR (no such group)");
              exitStatus = ExitStatus.INVALID_ARGS;
            };
          }
          return () -> {
            exitStatus = ExitStatus.GENERIC;
            throw f;
          };
        }
      }
      try {
        client().startProcess(name, true);
        return () -> out.line(display(spec) + ": started");
      } catch (RpcFault f) {
        return () -> {
          out.line(startResult(display(spec), f.code()));
          applyFault(f.code(), Fault.ALREADY_STARTED);
        };
      }
    });
  }

  private void stop(String arg) {
    List<String> names = words(arg);
    if (onlyProcessNames(names)) {
      settleListed(names, false); // its own status poll keeps supervisord awake
      return;
    }
    if (!upcheck()) {
      return;
    }
    if (names.isEmpty()) {
      out.line("Error: stop requires a process name");
      exitStatus = ExitStatus.GENERIC;
      usage("stop");
      return;
    }
    try (KeepAwake awake = KeepAwake.start(client())) {
      stopEach(names);
    }
  }

  private void stopEach(List<String> names) {
    if (names.contains("all")) {
      showResults(client().stopAllProcesses(true), Controller::stopped, Fault.NOT_RUNNING);
      return;
    }
    fanOut(names, name -> {
      Namespec spec = Namespec.parse(name);
      if (spec.isWholeGroup()) {
        try {
          List<ProcessResult> results = client().stopProcessGroup(spec.group(), true);
          return () -> showResults(results, Controller::stopped, Fault.NOT_RUNNING);
        } catch (RpcFault f) {
          return () -> {
            exitStatus = ExitStatus.GENERIC;
            if (f.code() != Fault.BAD_NAME.code()) {
              throw f;
            }
            out.line(spec.group() + ": ERROR (no such group)");
          };
        }
      }
      try {
        client().stopProcess(name, true);
        return () -> out.line(display(spec) + ": stopped");
      } catch (RpcFault f) {
        return () -> {
          out.line(signalResult(display(spec), f.code(), f.faultString(), "stopped"));
          applyFault(f.code(), Fault.NOT_RUNNING);
        };
      }
    });
  }

  /** True for two or more names, none of them {@code all} or a whole group. */
  private static boolean onlyProcessNames(List<String> names) {
    return names.size() > 1
        && !names.contains("all")
        && names.stream().noneMatch(n -> Namespec.parse(n).isWholeGroup());
  }

  /**
   * Starts or stops listed processes all at once (see {@link Settler}; the up-check rides in
   * the same request) and prints the results in argument order, with the lines and exit status
   * that one call per name would give.
   */
  private void settleListed(List<String> names, boolean starting) {
    int[] codes = new int[names.size()];
    String[] faults = new String[names.size()];
    List<Namespec> specs = new ArrayList<>();
    for (String name : names) {
      specs.add(Namespec.parse(name));
    }
    List<Object> answers = upcheckWith(Settler.calls(specs, starting));
    if (answers == null) {
      return;
    }
    Settler.follow(client(), specs, answers, starting, (i, group, process, code, faultString) -> {
      codes[i] = code;
      faults[i] = faultString;
    });
    for (int i = 0; i < names.size(); i++) {
      String shown = display(specs.get(i));
      if (starting) {
        out.line(startResult(shown, codes[i]));
        applyFault(codes[i], Fault.ALREADY_STARTED);
      } else {
        out.line(signalResult(shown, codes[i], faults[i], "stopped"));
        applyFault(codes[i], Fault.NOT_RUNNING);
      }
    }
  }

  private void restart(String arg) {
    if (!upcheck()) {
      return;
    }
    if (words(arg).isEmpty()) {
      out.line("Error: restart requires a process name");
      exitStatus = ExitStatus.GENERIC;
      usage("restart");
      return;
    }
    stop(arg);
    start(arg);
  }

  private void signal(String arg) {
    if (!upcheck()) {
      return;
    }
    List<String> args = words(arg);
    if (args.size() < 2) {
      out.line("Error: signal requires a signal name and a process name");
      usage("signal");
      exitStatus = ExitStatus.GENERIC;
      return;
    }
    String sig = args.get(0);
    List<String> names = args.subList(1, args.size());
    if (names.contains("all")) {
      showResults(client().signalAllProcesses(sig), Controller::signalled, null);
      return;
    }
    for (String name : names) {
      Namespec spec = Namespec.parse(name);
      if (spec.isWholeGroup()) {
        try {
          showResults(client().signalProcessGroup(spec.group(), sig), Controller::signalled, null);
        } catch (RpcFault f) {
          if (f.code() != Fault.BAD_NAME.code()) {
            throw f;
          }
          out.line(spec.group() + ": ERROR (no such group)");
          exitStatus = ExitStatus.GENERIC;
        }
      } else {
        try {
          client().signalProcess(name, sig);
          out.line(display(spec) + ": signalled");
        } catch (RpcFault f) {
          out.line(signalResult(display(spec), f.code(), f.faultString(), "signalled"));
          applyFault(f.code(), null);
        }
      }
    }
  }

  // --- pid / clear ------------------------------------------------------------------------

  private void pid(String arg) {
    if (!upcheck()) {
      return;
    }
    List<String> names = words(arg);
    if (names.isEmpty()) {
      out.line(String.valueOf(client().getPID()));
    } else if (names.contains("all")) {
      for (ProcessInfo info : client().getAllProcessInfo()) {
        out.line(String.valueOf(info.pid()));
      }
    } else {
      for (String name : names) {
        try {
          int pid = client().getProcessInfo(name).pid();
          out.line(String.valueOf(pid));
          if (pid == 0) {
            exitStatus = ExitStatus.NOT_RUNNING;
          }
        } catch (RpcFault f) {
          exitStatus = ExitStatus.GENERIC;
          if (f.code() != Fault.BAD_NAME.code()) {
            throw f;
          }
          out.line("No such process " + name);
        }
      }
    }
  }

  private static String clearResult(String name, int code) {
    if (code == Fault.BAD_NAME.code()) {
      return name + ": ERROR (no such process)";
    } else if (code == Fault.FAILED.code()) {
      return name + ": ERROR (failed)";
    } else if (code == Fault.SUCCESS.code()) {
      return name + ": cleared";
    }
    throw new IllegalArgumentException("Unknown result code " + code + " for " + name);
  }

  private void clear(String arg) {
    if (!upcheck()) {
      return;
    }
    List<String> names = words(arg);
    if (names.isEmpty()) {
      out.line("Error: clear requires a process name");
      exitStatus = ExitStatus.GENERIC;
      usage("clear");
      return;
    }
    if (names.contains("all")) {
      showResults(client().clearAllProcessLogs(), r -> clearResult(display(r), r.status()), null);
      return;
    }
    for (String name : names) {
      Namespec spec = Namespec.parse(name);
      try {
        client().clearProcessLogs(name);
        out.line(display(spec) + ": cleared");
      } catch (RpcFault f) {
        out.line(clearResult(display(spec), f.code()));
        applyFault(f.code(), null);
      }
    }
  }

  // --- tail / maintail / fg ---------------------------------------------------------------

  private void tail(String arg) {
    if (!upcheck()) {
      return;
    }
    List<String> args = new ArrayList<>(words(arg));
    if (args.isEmpty()) {
      out.line("Error: too few arguments");
      exitStatus = ExitStatus.GENERIC;
      usage("tail");
      return;
    }
    if (args.size() > 3) {
      out.line("Error: too many arguments");
      exitStatus = ExitStatus.GENERIC;
      usage("tail");
      return;
    }
    String modifier = args.get(0).startsWith("-") ? args.remove(0) : null;
    String name;
    String channel;
    if (args.size() == 1) {
      name = args.get(0);
      channel = "stdout";
    } else if (!args.isEmpty()) {
      name = args.get(0);
      channel = args.get(args.size() - 1).toLowerCase();
      if (!channel.equals("stderr") && !channel.equals("stdout")) {
        out.line("Error: bad channel " + PythonText.repr(channel));
        exitStatus = ExitStatus.GENERIC;
        return;
      }
    } else {
      out.line("Error: tail requires process name");
      exitStatus = ExitStatus.GENERIC;
      return;
    }
    long bytes = 1600;
    if (modifier != null) {
      String what = modifier.substring(1);
      if (what.equals("f")) {
        follow(() -> client().openLogTail(name, channel));
        return;
      }
      Long n = parsePythonInt(what);
      if (n == null) {
        out.line("Error: bad argument " + modifier);
        exitStatus = ExitStatus.GENERIC;
        return;
      }
      bytes = n;
    }
    int offset = xmlrpcInt(-bytes);
    try {
      String text = channel.equals("stdout")
          ? client().readProcessStdoutLog(name, offset, 0)
          : client().readProcessStderrLog(name, offset, 0);
      out.line(text);
    } catch (RpcFault f) {
      exitStatus = ExitStatus.GENERIC;
      if (f.code() == Fault.NO_FILE.code()) {
        out.line(name + ": ERROR (no log file)");
      } else if (f.code() == Fault.FAILED.code()) {
        out.line(name + ": ERROR (unknown error reading log)");
      } else if (f.code() == Fault.BAD_NAME.code()) {
        out.line(name + ": ERROR (no such process name)");
      } else {
        throw f;
      }
    }
  }

  private void maintail(String arg) {
    if (!upcheck()) {
      return;
    }
    List<String> args = words(arg);
    long bytes = 1600;
    if (args.size() > 1) {
      out.line("Error: too many arguments");
      exitStatus = ExitStatus.GENERIC;
      usage("maintail");
      return;
    } else if (args.size() == 1) {
      String a = args.get(0);
      if (!a.startsWith("-")) {
        out.line("Error: bad argument " + a);
        exitStatus = ExitStatus.GENERIC;
        return;
      }
      String what = a.substring(1);
      if (what.equals("f")) {
        follow(() -> client().openMainLogTail());
        return;
      }
      Long n = parsePythonInt(what);
      if (n == null) {
        out.line("Error: bad argument " + a);
        exitStatus = ExitStatus.GENERIC;
        return;
      }
      bytes = n;
    }
    try {
      out.line(client().readLog(xmlrpcInt(-bytes), 0));
    } catch (RpcFault f) {
      exitStatus = ExitStatus.GENERIC;
      if (f.code() == Fault.NO_FILE.code()) {
        out.line("supervisord: ERROR (no log file)");
      } else if (f.code() == Fault.FAILED.code()) {
        out.line("supervisord: ERROR (unknown error reading log)");
      } else {
        throw f;
      }
    }
  }

  /** Python's int() for what follows the dash: optional sign, digits, single underscores. */
  static Long parsePythonInt(String text) {
    String s = text.strip();
    if (!s.matches("[+-]?\\d+(_\\d+)*")) {
      return null;
    }
    try {
      return Long.parseLong(s.replace("_", "").replace("+", ""));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // far past any log size; XML-RPC will refuse it like Python does
    }
  }

  private static int xmlrpcInt(long value) {
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new ArithmeticException("int exceeds XML-RPC limits");
    }
    return (int) value;
  }

  /** A log stream source for {@link #follow}. */
  interface StreamOpener {
    InputStream open();
  }

  /** Copies a log stream to the output until it ends or the thread is interrupted (Ctrl-C). */
  private void follow(StreamOpener opener) {
    out.line("==> Press Ctrl-C to exit <==");
    try (InputStream in = opener.open()) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.text(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    } catch (ClientException e) {
      if (e.getCause() instanceof InterruptedIOException) {
        out.line("");
        return;
      }
      throw e;
    } catch (InterruptedIOException e) {
      out.line("");
    } catch (IOException e) {
      out.line("");
    }
  }

  private void fg(String arg) {
    if (!upcheck()) {
      return;
    }
    List<String> names = words(arg);
    if (names.isEmpty()) {
      out.line("ERROR: no process name supplied");
      exitStatus = ExitStatus.GENERIC;
      usage("fg");
      return;
    }
    if (names.size() > 1) {
      out.line("ERROR: too many process names supplied");
      exitStatus = ExitStatus.GENERIC;
      return;
    }
    String name = names.get(0);
    ProcessInfo info;
    try {
      info = client().getProcessInfo(name);
    } catch (RpcFault f) {
      if (f.code() == Fault.BAD_NAME.code()) {
        out.line("ERROR: bad process name supplied");
        exitStatus = ExitStatus.GENERIC;
      } else {
        out.line("ERROR: " + "<Fault " + f.code() + ": " + PythonText.repr(f.faultString()) + ">");
      }
      return;
    }
    if (info.state() != ProcessState.RUNNING) {
      out.line("ERROR: process not running");
      exitStatus = ExitStatus.GENERIC;
      return;
    }
    out.line("==> Press Ctrl-C to exit <==");
    List<InputStream> streams = new ArrayList<>();
    List<Thread> pumps = new ArrayList<>();
    try {
      for (String channel : List.of("stdout", "stderr")) {
        InputStream in = client().openLogTail(name, channel);
        streams.add(in);
        Thread pump = new Thread(() -> pumpQuietly(in), "fg-" + channel);
        pump.setDaemon(true);
        pump.start();
        pumps.add(pump);
      }
      while (true) {
        String input;
        try {
          input = prompter.readLine("") + "\n";
        } catch (EOFException eof) {
          out.line("Exiting foreground");
          return;
        }
        try {
          client().sendProcessStdin(name, input);
        } catch (RpcFault f) {
          out.line(f.code() == Fault.NOT_RUNNING.code()
              ? "Process got killed"
              : "ERROR: <Fault " + f.code() + ": " + PythonText.repr(f.faultString()) + ">");
          out.line("Exiting foreground");
          return;
        }
        if (client().getProcessInfo(name).state() != ProcessState.RUNNING) {
          out.line("Process got killed");
          out.line("Exiting foreground");
          return;
        }
      }
    } finally {
      for (InputStream in : streams) {
        try {
          in.close();
        } catch (IOException ignored) {
          // the pump thread sees the closed stream and ends
        }
      }
      pumps.forEach(Thread::interrupt);
    }
  }

  private void pumpQuietly(InputStream in) {
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.text(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      // the stream was closed when fg ended
    }
  }

  // --- config: avail / reread / update / add / remove -------------------------------------

  private boolean rejectArgs(String command, String arg) {
    if (arg.isEmpty()) {
      return false;
    }
    out.line("Error: " + command + " accepts no arguments");
    exitStatus = ExitStatus.GENERIC;
    usage(command);
    return true;
  }

  private void avail(String arg) {
    if (rejectArgs("avail", arg)) {
      return;
    }
    List<SupervisorClient.ConfigInfo> infos;
    try {
      infos = client().getAllConfigInfo();
    } catch (RpcFault f) {
      exitStatus = ExitStatus.GENERIC;
      if (f.code() != Fault.SHUTDOWN_STATE.code()) {
        throw f;
      }
      out.line("ERROR: supervisor shutting down");
      return;
    }
    for (SupervisorClient.ConfigInfo c : infos) {
      out.line(String.format("%-32s %-9s %-9s %s",
          Namespec.display(c.group(), c.name()),
          c.inuse() ? "in use" : "avail",
          c.autostart() ? "auto" : "manual",
          c.groupPriority() + ":" + c.processPriority()));
    }
  }

  private void reread(String arg) {
    if (rejectArgs("reread", arg)) {
      return;
    }
    SupervisorClient.ConfigChanges changes;
    try {
      changes = client().reloadConfig();
    } catch (RpcFault f) {
      exitStatus = ExitStatus.GENERIC;
      if (f.code() == Fault.SHUTDOWN_STATE.code()) {
        out.line("ERROR: supervisor shutting down");
      } else if (f.code() == Fault.CANT_REREAD.code()) {
        out.line("ERROR: " + f.faultString());
      } else {
        throw f;
      }
      return;
    }
    Map<String, String> byName = new TreeMap<>();
    changes.added().forEach(g -> byName.put(g, "available"));
    changes.changed().forEach(g -> byName.put(g, "changed"));
    changes.removed().forEach(g -> byName.put(g, "disappeared"));
    if (byName.isEmpty()) {
      out.line("No config updates to processes");
    }
    byName.forEach((g, what) -> out.line(g + ": " + what));
  }

  private void update(String arg) {
    SupervisorClient.ConfigChanges changes;
    try {
      changes = client().reloadConfig();
    } catch (RpcFault f) {
      exitStatus = ExitStatus.GENERIC;
      if (f.code() != Fault.SHUTDOWN_STATE.code()) {
        throw f;
      }
      out.line("ERROR: already shutting down");
      return;
    }
    Set<String> wanted = new LinkedHashSet<>(words(arg));
    if (wanted.contains("all")) {
      wanted.clear();
    }
    if (!wanted.isEmpty()) {
      Set<String> groups = new HashSet<>();
      for (ProcessInfo info : client().getAllProcessInfo()) {
        groups.add(info.group());
      }
      groups.addAll(changes.added());
      for (String g : wanted) {
        if (!groups.contains(g)) {
          out.line("ERROR: no such group: " + g);
          exitStatus = ExitStatus.GENERIC;
        }
      }
    }
    for (String g : changes.removed()) {
      if (!wanted.isEmpty() && !wanted.contains(g)) {
        continue;
      }
      List<ProcessResult> results = client().stopProcessGroup(g, true);
      out.line(g + ": stopped");
      if (results.stream().anyMatch(r -> r.status() == Fault.FAILED.code())) {
        out.line(g + ": has problems; not removing");
        exitStatus = ExitStatus.GENERIC;
        continue;
      }
      client().removeProcessGroup(g);
      out.line(g + ": removed process group");
    }
    for (String g : changes.changed()) {
      if (!wanted.isEmpty() && !wanted.contains(g)) {
        continue;
      }
      client().stopProcessGroup(g, true);
      out.line(g + ": stopped");
      client().removeProcessGroup(g);
      client().addProcessGroup(g);
      out.line(g + ": updated process group");
    }
    for (String g : changes.added()) {
      if (!wanted.isEmpty() && !wanted.contains(g)) {
        continue;
      }
      client().addProcessGroup(g);
      out.line(g + ": added process group");
    }
  }

  private void add(String arg) {
    for (String name : words(arg)) {
      try {
        client().addProcessGroup(name);
        out.line(name + ": added process group");
      } catch (RpcFault f) {
        if (f.code() == Fault.SHUTDOWN_STATE.code()) {
          out.line("ERROR: shutting down");
          exitStatus = ExitStatus.GENERIC;
        } else if (f.code() == Fault.ALREADY_ADDED.code()) {
          out.line("ERROR: process group already active");
        } else if (f.code() == Fault.BAD_NAME.code()) {
          out.line("ERROR: no such process/group: " + name);
          exitStatus = ExitStatus.GENERIC;
        } else {
          exitStatus = ExitStatus.GENERIC;
          throw f;
        }
      }
    }
  }

  private void remove(String arg) {
    for (String name : words(arg)) {
      try {
        client().removeProcessGroup(name);
        out.line(name + ": removed process group");
      } catch (RpcFault f) {
        exitStatus = ExitStatus.GENERIC;
        if (f.code() == Fault.STILL_RUNNING.code()) {
          out.line("ERROR: process/group still running: " + name);
        } else if (f.code() == Fault.BAD_NAME.code()) {
          out.line("ERROR: no such process/group: " + name);
        } else {
          throw f;
        }
      }
    }
  }

  // --- daemon: shutdown / reload / version / open -----------------------------------------

  private boolean confirm(String question) {
    if (!interactive) {
      return true;
    }
    try {
      return prompter.readLine(question).toLowerCase().startsWith("y");
    } catch (EOFException e) {
      throw new IllegalStateException("EOF when reading a line", e);
    }
  }

  private void shutdown(String arg) {
    if (rejectArgs("shutdown", arg)) {
      return;
    }
    if (!confirm("Really shut the remote supervisord process down y/N? ")) {
      return;
    }
    try {
      client().shutdown();
      out.line("Shut down");
    } catch (RpcFault f) {
      if (f.code() != Fault.SHUTDOWN_STATE.code()) {
        exitStatus = ExitStatus.GENERIC;
        throw f;
      }
      out.line("ERROR: already shutting down");
    } catch (ClientException e) {
      exitStatus = ExitStatus.GENERIC;
      if (e.kind() == ClientException.Kind.REFUSED) {
        out.line("ERROR: " + target.url + " refused connection (already shut down?)");
      } else if (e.kind() == ClientException.Kind.NO_SUCH_FILE) {
        out.line("ERROR: " + target.url + " no such file (already shut down?)");
      } else {
        throw e;
      }
    }
  }

  private void reload(String arg) {
    if (rejectArgs("reload", arg)) {
      return;
    }
    if (!confirm("Really restart the remote supervisord process y/N? ")) {
      return;
    }
    try {
      client().restart();
      out.line("Restarted supervisord");
    } catch (RpcFault f) {
      exitStatus = ExitStatus.GENERIC;
      if (f.code() != Fault.SHUTDOWN_STATE.code()) {
        throw f;
      }
      out.line("ERROR: already shutting down");
    }
  }

  private void version(String arg) {
    if (rejectArgs("version", arg)) {
      return;
    }
    if (!upcheck()) {
      return;
    }
    out.line(client().getSupervisorVersion());
  }

  private void open(String arg) {
    String url = arg.strip();
    int colon = url.indexOf(':');
    String scheme = colon > 0 ? url.substring(0, colon).toLowerCase() : "";
    if (!scheme.equals("unix") && !scheme.equals("http")) {
      out.line("ERROR: url must be http:// or unix://");
      exitStatus = ExitStatus.GENERIC;
      return;
    }
    target.url = url;
    resetClient();
    int before = exitStatus;
    status("");
    exitStatus = before;
  }
}
