package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import dev.jsupervisor.core.daemon.LiveDaemon.Output;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4: the real supervisorctl 4.2.5 prints the same output and exits with the same code
 * against jsupervisord as against supervisord 4.2.5 on the same config, over the UNIX socket and
 * over TCP with a password. The steps run in order on one pair of daemons (each step sees the
 * state the earlier ones left); pids, times, dates, temp paths and ports are masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class CtlParityTest {
  private static final String BASE =
      LiveDaemon.CONFIG_HEADER
          + """

      [inet_http_server]
      port=127.0.0.1:@PORT@
      username=user
      password=123

      [program:alpha]
      command=sh -c "echo alpha-out; echo alpha-err >&2; exec sleep 1000"
      startsecs=0
      stdout_logfile=@DIR@/alpha.out
      stderr_logfile=@DIR@/alpha.err

      [program:beta]
      command=sleep 1000
      startsecs=0

      [group:grp]
      programs=gamma,delta

      [program:gamma]
      command=sleep 1000
      startsecs=0

      [program:delta]
      command=sh -c "echo delta; exec sleep 1000"
      startsecs=0
      autostart=false

      [program:fgprog]
      command=sh -c "echo fg-ready; read line; echo got-$line; sleep 2; echo bye-now"
      startsecs=0
      autostart=false
      autorestart=false
      """;

  /**
   * A short program. It lives 0.2 s: had it exited at once, supervisord would race its own
   * STARTING to RUNNING transition (startsecs=0) against reaping the exit, and log "success" only
   * sometimes.
   */
  private static final String SHORT =
      """

      [program:short]
      command=sh -c "echo short-1; echo short-2; sleep 0.2"
      startsecs=0
      autostart=false
      autorestart=false
      """;

  /** After the first edit: beta changed, short gone, added new. */
  private static final String EDITED =
      BASE.replace("command=sleep 1000\nstartsecs=0\n\n[group:grp]", "command=sleep 999\nstartsecs=0\n\n[group:grp]")
          + """

          [program:added]
          command=sleep 1000
          startsecs=0
          """;

  private static final String EDITED_TWICE =
      EDITED
          + """

          [program:later]
          command=sleep 1000
          startsecs=0
          """;

  /** Prints the fault (or result) of XML-RPC calls that must fail, one line per call. */
  private static final String FAULTS_SCRIPT =
      """
      import sys, xmlrpc.client
      s = xmlrpc.client.ServerProxy(sys.argv[1])
      calls = [
          ('supervisor.noSuchMethod', ()),
          ('nosuchnamespace.method', ()),
          ('supervisor.getProcessInfo', ()),
          ('supervisor.getProcessInfo', ('alpha', 'extra')),
          ('supervisor.getProcessInfo', ('nosuch',)),
          ('supervisor.getProcessInfo', ('grp:nosuch',)),
          ('supervisor.startProcess', ('nosuch',)),
          ('supervisor.stopProcess', ('grp:delta',)),
          ('supervisor.startProcessGroup', ('nosuch',)),
          ('supervisor.signalProcess', ('beta', 'BOGUS')),
          ('supervisor.signalProcess', ('grp:delta', 'WINCH')),
          ('supervisor.readProcessStdoutLog', ('alpha', 0)),
          ('supervisor.readProcessStdoutLog', ('nosuch', 0, 1)),
          ('supervisor.readLog', (-1, 5)),
          ('supervisor.tailProcessStdoutLog', ('alpha', -1, 5)),
          ('supervisor.addProcessGroup', ('nosuch',)),
          ('supervisor.removeProcessGroup', ('alpha',)),
          ('supervisor.sendProcessStdin', ('grp:delta', 'x')),
          ('supervisor.sendProcessStdin', ('beta', 5)),
          ('system.methodHelp', ('supervisor.nope',)),
          ('system.methodSignature', ('nope',)),
          ('system.multicall', ([{'methodName': 'supervisor.nope'}, {'bad': 1},
                                 {'methodName': 'supervisor.getPID', 'params': ['x']}],)),
      ]
      for name, args in calls:
          try:
              r = getattr(s, name)(*args)
              print(name, 'RESULT', repr(r) if name == 'system.multicall' else type(r).__name__)
          except xmlrpc.client.Fault as e:
              print(name, 'FAULT', e.faultCode, e.faultString)
      """;

  /**
   * Results of the read-only XML-RPC methods (pprint'ed). Method help texts are left out: they are
   * written in jsupervisor's own words on purpose.
   */
  private static final String RESULTS_SCRIPT =
      """
      import sys, xmlrpc.client, pprint
      s = xmlrpc.client.ServerProxy(sys.argv[1])
      calls = [
          ('supervisor.getAPIVersion', ()),
          ('supervisor.getSupervisorVersion', ()),
          ('supervisor.getIdentification', ()),
          ('supervisor.getState', ()),
          ('system.listMethods', ()),
          ('system.methodSignature', ('supervisor.getProcessInfo',)),
          ('supervisor.getAllConfigInfo', ()),
          ('supervisor.getAllProcessInfo', ()),
          ('supervisor.getProcessInfo', ('grp:gamma',)),
          ('supervisor.readProcessStderrLog', ('alpha', 0, 100)),
          ('supervisor.tailProcessStdoutLog', ('alpha', 0, 100)),
          ('system.multicall', ([{'methodName': 'supervisor.getState'},
                                 {'methodName': 'supervisor.getProcessInfo', 'params': ['x']}],)),
      ]
      for name, args in calls:
          print(name)
          pprint.pprint(getattr(s, name)(*args), width=100)
      """;

  /** A wrong password: the HTTP status, and whether the call had any effect is checked after. */
  private static final String WRONG_PASSWORD_SCRIPT =
      """
      import sys, urllib.request, base64
      body = (b"<?xml version='1.0'?><methodCall><methodName>supervisor.stopProcess</methodName>"
              b"<params><param><value><string>beta</string></value></param></params></methodCall>")
      for auth in ('user:wrong', 'nobody:123', None):
          req = urllib.request.Request(sys.argv[1] + '/RPC2', data=body,
                                       headers={'Content-Type': 'text/xml'})
          if auth:
              req.add_header('Authorization',
                             'Basic ' + base64.b64encode(auth.encode()).decode())
          try:
              urllib.request.urlopen(req)
              print(auth, 'accepted')
          except urllib.error.HTTPError as e:
              print(auth, e.code)
      """;

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private LiveDaemon oracle;
  private LiveDaemon ours;

  @BeforeAll
  void startBoth() throws Exception {
    LiveDaemon.assumeOracleInstalled();
    oracle = LiveDaemon.create(Kind.SUPERVISORD);
    ours = LiveDaemon.create(Kind.JSUPERVISORD);
    oracle.writeConfig(BASE + SHORT);
    ours.writeConfig(BASE + SHORT);
    bothDo(LiveDaemon::launch);
    for (LiveDaemon d : List.of(oracle, ours)) {
      await()
          .atMost(LiveDaemon.PATIENCE)
          .until(
              () -> {
                String log = d.mainLog();
                return log.contains("success: alpha") && log.contains("success: beta")
                    && log.contains("success: gamma");
              });
    }
  }

  @AfterAll
  void stopBoth() throws IOException {
    pool.shutdownNow();
    if (oracle != null) {
      oracle.close();
    }
    if (ours != null) {
      ours.close();
    }
  }

  /** One step of the scenario. */
  record Step(String name, Check check) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What a step does to both daemons and asserts. */
  interface Check {
    void run(CtlParityTest t) throws Exception;
  }

  /** How supervisorctl reaches the daemon. */
  enum Via {
    UNIX,
    TCP,
    BOTH
  }

  /** How outputs are compared. */
  enum Compare {
    EXACT,
    /** Only the last line: the backlog of maintail starts mid-line at a byte offset. */
    LAST_LINE
  }

  /**
   * Waits, in both daemons, until {@code program} has exited as often as it was spawned: a
   * program that lives 0.2 s must not race the next command (whether "restart all" still finds
   * it running would otherwise depend on how fast supervisorctl starts).
   */
  private static void settled(List<Step> s, String program) {
    s.add(
        new Step(
            "wait until " + program + " has exited",
            t -> {
              for (LiveDaemon d : List.of(t.oracle, t.ours)) {
                await()
                    .atMost(LiveDaemon.PATIENCE)
                    .until(
                        () -> {
                          String log = d.mainLog();
                          return occurrences(log, "spawned: '" + program + "'")
                              == occurrences(log, "exited: " + program + " ");
                        });
              }
            }));
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  static Stream<Step> steps() {
    List<Step> s = new ArrayList<>();
    ctl(s, Via.BOTH, "version");
    ctl(s, Via.BOTH, "status");
    s.add(new Step("XML-RPC results at start", t -> t.sameScript(RESULTS_SCRIPT, true)));
    ctl(s, Via.TCP, "status", "grp:*");
    ctl(s, Via.BOTH, "status", "alpha");
    ctl(s, Via.UNIX, "status", "nosuch");
    ctl(s, Via.BOTH, "status", "alpha", "nosuch", "grp:gamma", "grp:nosuch");
    ctl(s, Via.BOTH, "pid");
    ctl(s, Via.TCP, "pid", "alpha");
    ctl(s, Via.UNIX, "pid", "all");
    ctl(s, Via.TCP, "pid", "nosuch");
    ctl(s, Via.BOTH, "avail");
    ctl(s, Via.UNIX, "signal", "WINCH", "beta");
    ctl(s, Via.TCP, "signal", "WINCH", "grp:*");
    ctl(s, Via.UNIX, "signal", "WINCH", "all");
    ctl(s, Via.TCP, "signal", "BOGUS", "beta");
    ctl(s, Via.UNIX, "signal", "WINCH", "nosuch");
    ctl(s, Via.TCP, "signal", "WINCH", "grp:delta");
    ctl(s, Via.UNIX, "signal", "WINCH");
    ctl(s, Via.TCP, "stop", "alpha");
    ctl(s, Via.UNIX, "stop", "alpha");
    ctl(s, Via.TCP, "status", "alpha");
    ctl(s, Via.TCP, "start", "alpha");
    ctl(s, Via.UNIX, "start", "alpha");
    ctl(s, Via.UNIX, "restart", "alpha");
    ctl(s, Via.UNIX, "stop", "grp:*");
    ctl(s, Via.TCP, "start", "grp:*");
    ctl(s, Via.UNIX, "restart", "grp:*");
    ctl(s, Via.TCP, "stop", "all");
    ctl(s, Via.BOTH, "status");
    ctl(s, Via.UNIX, "start", "all");
    settled(s, "short");
    ctl(s, Via.TCP, "restart", "all");
    settled(s, "short");
    ctl(s, Via.UNIX, "start", "nosuch");
    ctl(s, Via.TCP, "stop", "grp:nosuch");
    ctl(s, Via.UNIX, "restart", "nosuch");
    ctl(s, Via.TCP, "start");
    ctl(s, Via.UNIX, "stop");
    ctl(s, Via.TCP, "restart");
    ctl(s, Via.BOTH, "tail", "alpha");
    ctl(s, Via.TCP, "tail", "alpha", "stderr");
    ctl(s, Via.UNIX, "tail", "-5", "alpha");
    ctl(s, Via.TCP, "tail", "nosuch");
    ctl(s, Via.UNIX, "tail", "grp:gamma");
    ctl(s, Via.TCP, "tail", "alpha", "bogus");
    ctl(s, Via.UNIX, "tail", "short");
    ctl(s, Via.UNIX, "clear", "alpha");
    ctl(s, Via.BOTH, "tail", "alpha");
    ctl(s, Via.TCP, "clear", "all");
    ctl(s, Via.UNIX, "clear", "nosuch");
    ctl(s, Via.UNIX, "stop", "alpha");
    compared(s, Via.BOTH, Compare.LAST_LINE, "maintail");
    compared(s, Via.TCP, Compare.LAST_LINE, "maintail", "-100");
    ctl(s, Via.TCP, "start", "alpha");
    follow(s, Via.UNIX, 2, "tail", "-f", "alpha");
    follow(s, Via.TCP, 2, "tail", "-f", "alpha", "stderr");
    ctl(s, Via.TCP, "tail", "-f", "nosuch");
    s.add(new Step("maintail -f [TCP]", CtlParityTest::followMainLog));
    ctl(s, Via.BOTH, "reread");
    ctl(s, Via.UNIX, "update");
    edit(s, EDITED);
    ctl(s, Via.BOTH, "reread");
    ctl(s, Via.BOTH, "avail");
    ctl(s, Via.TCP, "update", "alpha");
    ctl(s, Via.UNIX, "add", "added");
    ctl(s, Via.TCP, "add", "added");
    ctl(s, Via.UNIX, "remove", "short");
    ctl(s, Via.TCP, "update");
    ctl(s, Via.BOTH, "status");
    s.add(new Step("XML-RPC results after reread and update", t -> t.sameScript(RESULTS_SCRIPT, true)));
    edit(s, EDITED_TWICE);
    ctl(s, Via.BOTH, "reread");
    ctl(s, Via.UNIX, "add", "later");
    ctl(s, Via.TCP, "remove", "later");
    ctl(s, Via.UNIX, "stop", "later");
    ctl(s, Via.TCP, "remove", "later");
    ctl(s, Via.UNIX, "remove", "later");
    ctl(s, Via.TCP, "add", "nosuch");
    ctl(s, Via.UNIX, "update", "nosuch");
    ctl(s, Via.TCP, "fg");
    ctl(s, Via.UNIX, "fg", "nosuch");
    ctl(s, Via.TCP, "fg", "later");
    ctl(s, Via.UNIX, "start", "fgprog");
    s.add(new Step("fg fgprog (interactive)", CtlParityTest::foreground));
    s.add(new Step("XML-RPC faults", t -> t.sameScript(FAULTS_SCRIPT, true)));
    s.add(new Step("wrong password", CtlParityTest::wrongPassword));
    s.add(new Step("shutdown", CtlParityTest::shutdown));
    return s.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void sameAsSupervisord(Step step) throws Exception {
    step.check().run(this);
  }

  // ---------------------------------------------------------------------------------------------
  // Step builders

  private static void ctl(List<Step> s, Via via, String... args) {
    compared(s, via, Compare.EXACT, args);
  }

  private static void compared(List<Step> s, Via via, Compare compare, String... args) {
    s.add(
        new Step(
            String.join(" ", args) + " [" + via + "]",
            t -> {
              if (via != Via.BOTH) {
                t.sameCtl(via, compare, args);
                return;
              }
              // Read-only commands: both transports at once, to keep the suite fast.
              CompletableFuture<Void> tcp =
                  CompletableFuture.runAsync(
                      () -> {
                        try {
                          t.sameCtl(Via.TCP, compare, args);
                        } catch (Exception e) {
                          throw new IllegalStateException(e);
                        }
                      },
                      t.pool);
              t.sameCtl(Via.UNIX, compare, args);
              try {
                tcp.join();
              } catch (CompletionException e) {
                throw unwrap(e);
              }
            }));
  }

  private static void follow(List<Step> s, Via via, int lines, String... args) {
    s.add(
        new Step(
            String.join(" ", args) + " [" + via + "], first " + lines + " lines",
            t -> t.sameFollow(via, lines, args)));
  }

  private static void edit(List<Step> s, String config) {
    s.add(
        new Step(
            "edit both configs",
            t -> {
              t.oracle.writeConfig(config);
              t.ours.writeConfig(config);
              assertEquals(t.oracle.fill(config).length(), Files.readString(t.oracle.conf).length());
            }));
  }

  // ---------------------------------------------------------------------------------------------
  // Comparisons

  private void sameCtl(Via via, Compare compare, String... args) throws Exception {
    List<Output> outs = both(d -> d.ctl(List.of(args), connection(d, via)));
    String expected = normalized(outs.get(0), oracle, compare);
    String actual = normalized(outs.get(1), ours, compare);
    assertEquals(expected, actual, "supervisorctl " + String.join(" ", args) + " via " + via);
  }

  private static String normalized(Output o, LiveDaemon d, Compare compare) {
    String text = Masks.sortStopRuns(Masks.mask(o.stdout() + o.stderr(), d));
    if (compare == Compare.LAST_LINE) {
      String[] lines = text.strip().split("\n");
      text = lines[lines.length - 1];
    }
    return "exit " + o.exitCode() + "\n" + text;
  }

  /** A command that never ends by itself: the first lines it prints, then it is killed. */
  private void sameFollow(Via via, int lines, String... args) throws Exception {
    List<Output> outs =
        both(
            d -> {
              List<String> command = new ArrayList<>();
              command.add(LiveDaemon.SUPERVISORCTL);
              command.addAll(connection(d, via));
              command.addAll(List.of(args));
              return d.run(
                  command, null, Duration.ofSeconds(10), out -> newlines(out) >= lines);
            });
    assertEquals(
        firstLines(Masks.mask(outs.get(0).stdout(), oracle), lines),
        firstLines(Masks.mask(outs.get(1).stdout(), ours), lines));
    assertEquals(-1, outs.get(1).exitCode(), "it kept following until killed");
  }

  private static long newlines(String text) {
    return text.chars().filter(c -> c == '\n').count();
  }

  /**
   * maintail -f: its backlog starts at a byte offset, mid-line, so only the banner and the last
   * line (the last main-log line when it started) are comparable.
   */
  private void followMainLog() throws Exception {
    List<Output> outs =
        both(
            d -> {
              String[] log = d.mainLog().split("\n");
              String last = log[log.length - 1];
              List<String> command = new ArrayList<>();
              command.add(LiveDaemon.SUPERVISORCTL);
              command.addAll(d.tcpArgs("user", "123"));
              command.addAll(List.of("maintail", "-f"));
              return d.run(command, null, Duration.ofSeconds(10), out -> out.contains(last + "\n"));
            });
    for (int i = 0; i < 2; i++) {
      String[] lines = outs.get(i).stdout().split("\n");
      assertEquals("==> Press Ctrl-C to exit <==", lines[0]);
    }
    assertEquals(
        normalized(outs.get(0), oracle, Compare.LAST_LINE),
        normalized(outs.get(1), ours, Compare.LAST_LINE));
  }

  private static String firstLines(String text, int n) {
    String[] lines = text.split("\n");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n && i < lines.length; i++) {
      out.add(lines[i]);
    }
    return String.join("\n", out);
  }

  /**
   * fg on a short program that reads one line: the line reaches the program, its output comes
   * back, and a line sent after it exited finds it gone ("Process got killed"). Both at once.
   */
  private void foreground() throws Exception {
    List<Output> outs = both(this::fgSession);
    assertEquals(
        normalized(outs.get(0), oracle, Compare.EXACT), normalized(outs.get(1), ours, Compare.EXACT));
    assertTrue(outs.get(1).stdout().contains("got-hello"), outs.get(1).stdout());
  }

  private Output fgSession(LiveDaemon d) throws Exception {
    Path out = Files.createTempFile(d.dir, "fg", ".out");
    List<String> command = new ArrayList<>(List.of(LiveDaemon.SUPERVISORCTL));
    command.addAll(d.unixArgs());
    command.addAll(List.of("fg", "fgprog"));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectErrorStream(true)
            .start();
    try (OutputStream stdin = p.getOutputStream()) {
      awaitOutput(out, "==> Press Ctrl-C to exit <==");
      stdin.write("hello\n".getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      awaitOutput(out, "got-hello");
      // Its last words and its exit, before the line that finds it gone.
      awaitOutput(out, "bye-now");
      await().atMost(LiveDaemon.PATIENCE).until(() -> d.mainLog().contains("exited: fgprog"));
      stdin.write("bye\n".getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      awaitOutput(out, "Exiting foreground\n");
    } finally {
      // supervisorctl 4.2.5 then waits up to 30 s for its log-follower thread's select timeout
      // before exiting (with status 0); that wait is the client's, so it is cut short here.
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    return new Output(0, Files.readString(out), "");
  }

  private static void awaitOutput(Path out, String text) {
    await().atMost(LiveDaemon.PATIENCE).until(() -> Files.readString(out).contains(text));
  }

  private void sameScript(String script, boolean authenticated) throws Exception {
    List<Output> outs =
        both(d -> d.python(script, authenticated ? authUrl(d) : d.url()));
    assertEquals(maskRpc(outs.get(0), oracle), maskRpc(outs.get(1), ours));
  }

  /** Masks pids, times and AUTO log names' random parts in pprint'ed XML-RPC results. */
  private static String maskRpc(Output o, LiveDaemon d) {
    return Masks.mask(o.stdout() + o.stderr(), d)
        .replaceAll("'(pid|now|start|stop)': \\d+", "'$1': N")
        .replaceAll("---supervisor-[a-z0-9_]{8}\\.log", "---supervisor-XXXXXXXX.log");
  }

  private static String authUrl(LiveDaemon d) {
    return "http://user:123@127.0.0.1:" + d.port + "/RPC2";
  }

  /** A wrong password or user gets 401 and the call has no effect; supervisorctl says so too. */
  private void wrongPassword() throws Exception {
    List<Output> outs = both(d -> d.python(WRONG_PASSWORD_SCRIPT, d.url()));
    assertEquals(outs.get(0).stdout(), outs.get(1).stdout());
    assertEquals("user:wrong 401\nnobody:123 401\nNone 401\n", outs.get(1).stdout());
    List<Output> status = both(d -> d.ctl(List.of("status", "beta"), d.unixArgs()));
    assertTrue(status.get(1).stdout().contains("RUNNING"), status.get(1).stdout());
    assertEquals(
        normalized(status.get(0), oracle, Compare.EXACT),
        normalized(status.get(1), ours, Compare.EXACT));
    List<Output> refused = both(d -> d.ctl(List.of("status"), d.tcpArgs("user", "wrong")));
    assertEquals(
        normalized(refused.get(0), oracle, Compare.EXACT),
        normalized(refused.get(1), ours, Compare.EXACT));
  }

  /** shutdown answers "Shut down", both daemons exit 0, and a later status fails the same way. */
  private void shutdown() throws Exception {
    sameCtl(Via.UNIX, Compare.EXACT, "shutdown");
    assertEquals(0, oracle.awaitExit(LiveDaemon.PATIENCE));
    assertEquals(0, ours.awaitExit(LiveDaemon.PATIENCE));
    sameCtl(Via.UNIX, Compare.EXACT, "status");
    sameCtl(Via.TCP, Compare.EXACT, "status");
    // Everything the steps did to each process, as the main logs tell it.
    String oracleLog = oracle.mainLog();
    String ourLog = ours.mainLog();
    for (String p : List.of("alpha", "beta", "gamma", "delta", "short", "fgprog", "added", "later")) {
      List<String> expected = Masks.processLines(oracleLog, oracle, p);
      assertTrue(expected.size() > 1, p);
      assertEquals(expected, Masks.processLines(ourLog, ours, p), "main-log lines of " + p);
    }
  }

  private static List<String> connection(LiveDaemon d, Via via) {
    return via == Via.TCP ? d.tcpArgs("user", "123") : d.unixArgs();
  }

  // ---------------------------------------------------------------------------------------------

  /** A failed assertion in a parallel branch fails the step as itself. */
  private static RuntimeException unwrap(CompletionException e) {
    if (e.getCause() instanceof AssertionError a) {
      throw a;
    }
    return e;
  }

  /** Something to do to one daemon. */
  interface OnDaemon<T> {
    T apply(LiveDaemon d) throws Exception;
  }

  /** Does the same to both daemons at once; returns [oracle's result, ours]. */
  private <T> List<T> both(OnDaemon<T> action) throws Exception {
    CompletableFuture<T> fromOracle =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return action.apply(oracle);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            pool);
    T fromOurs = action.apply(ours);
    try {
      return List.of(fromOracle.join(), fromOurs);
    } catch (CompletionException e) {
      throw unwrap(e);
    }
  }

  private void bothDo(VoidOnDaemon action) throws Exception {
    both(
        d -> {
          action.apply(d);
          return Boolean.TRUE;
        });
  }

  /** Something to do to one daemon, without a result. */
  interface VoidOnDaemon {
    void apply(LiveDaemon d) throws Exception;
  }
}
