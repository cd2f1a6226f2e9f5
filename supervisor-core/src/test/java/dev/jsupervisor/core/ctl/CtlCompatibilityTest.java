package dev.jsupervisor.core.ctl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.client.RealSupervisord;
import dev.jsupervisor.core.client.SupervisorClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the same command lines through the real supervisorctl 4.2.5 and through jsupervisorctl,
 * each against its own real supervisord with the same config, and compares output and exit
 * status after masking pids, uptimes, dates and paths. The daemons go through the same
 * commands, so their states stay equal.
 */
class CtlCompatibilityTest {
  static final String PROGRAMS =
      "[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\n\n"
          + "[program:echoer]\ncommand=/bin/sh -c 'echo hello from echoer; echo oops >&2; exec sleep 1000'\n"
          + "startsecs=0\n\n"
          + "[program:idle]\ncommand=/bin/sleep 1000\nautostart=false\nstartsecs=0\n\n"
          + "[program:fast]\ncommand=/bin/sh -c 'exit 3'\nstartsecs=1\nstartretries=0\n\n"
          + "[group:grp]\nprograms=g1,g2\n\n"
          + "[program:g1]\ncommand=/bin/sleep 1000\nstartsecs=0\n\n"
          + "[program:g2]\ncommand=/bin/sleep 1000\nstartsecs=0\nautostart=false\n\n"
          + "[program:multi]\ncommand=/bin/sleep 1000\nprocess_name=m%(process_num)d\nnumprocs=3\n"
          + "autostart=false\nstartsecs=0\n";

  private final List<RealSupervisord> daemons = new ArrayList<>();
  private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stopDaemons() {
    daemons.forEach(RealSupervisord::close);
  }

  private RealSupervisord startSettled(String programs, int port, String user, String pass)
      throws Exception {
    return startSettled(List.of(RealSupervisord.SUPERVISORD), programs, port, user, pass);
  }

  private RealSupervisord startSettled(
      List<String> daemon, String programs, int port, String user, String pass) throws Exception {
    RealSupervisord sd = RealSupervisord.start(daemon, programs, port, user, pass);
    daemons.add(sd);
    try (SupervisorClient c = SupervisorClient.builder(sd.url()).credentials(user, pass).build()) {
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
        for (ProcessInfo p : c.getAllProcessInfo()) {
          if (p.state() == ProcessState.STARTING || p.state() == ProcessState.BACKOFF) {
            return false;
          }
        }
        return true;
      });
    }
    return sd;
  }

  /** Runs {@code line} through both and records any difference. */
  private void same(RealSupervisord realSd, RealSupervisord oursSd, String line) throws Exception {
    compare(realSd, oursSd, line, false);
  }

  /** Like {@link #same} for commands whose lines come in completion order. */
  private void sameSorted(RealSupervisord realSd, RealSupervisord oursSd, String line) throws Exception {
    compare(realSd, oursSd, line, true);
  }

  private void compare(RealSupervisord realSd, RealSupervisord oursSd, String line, boolean sort)
      throws Exception {
    String[] words = line.isEmpty() ? new String[0] : line.split(" ");
    CtlRunner.Result real = CtlRunner.real(withConfig(realSd, words));
    CtlRunner.Result ours = CtlRunner.ours(withConfig(oursSd, words));
    String realText = CtlRunner.mask(real.output(), realSd.dir().toString());
    String oursText = CtlRunner.mask(ours.output(), oursSd.dir().toString());
    if (sort) {
      realText = sortLines(realText);
      oursText = sortLines(oursText);
    }
    record(line, realText, real.exit(), oursText, ours.exit());
  }

  private void record(String line, String realText, int realExit, String oursText, int oursExit) {
    if (!realText.equals(oursText) || realExit != oursExit) {
      mismatches.add("$ supervisorctl " + line + "\n--- real [exit " + realExit + "]\n" + realText
          + "--- ours [exit " + oursExit + "]\n" + oursText);
    }
  }

  private static String sortLines(String text) {
    String[] lines = text.split("\n");
    Arrays.sort(lines);
    return String.join("\n", lines) + "\n";
  }

  private static String[] withConfig(RealSupervisord sd, String[] words) {
    String[] args = new String[words.length + 2];
    args[0] = "-c";
    args[1] = sd.config().toString();
    System.arraycopy(words, 0, args, 2, words.length);
    return args;
  }

  private void assertNoMismatch() {
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " command(s) differ:\n\n" + String.join("\n", mismatches));
    }
  }

  /**
   * The real supervisorctl on supervisord 4.2.5 against jsupervisorctl on {@code ours}: another
   * supervisord (the ctl alone), or jsupervisord (the whole of jsupervisor).
   */
  @ParameterizedTest
  @ValueSource(strings = {"supervisord", "jsupervisord"})
  void everyCommandMatchesTheRealSupervisorctl(String ours) throws Exception {
    RealSupervisord a = startSettled(PROGRAMS, 0, null, null);
    RealSupervisord b =
        startSettled(
            ours.equals("jsupervisord")
                ? RealSupervisord.jsupervisordCommand()
                : List.of(RealSupervisord.SUPERVISORD),
            PROGRAMS, 0, null, null);

    // Commands that change nothing run side by side; the rest in order.
    List<String> readOnly = List.of(
        "status", "status grp:*", "status sleeper", "status nosuch", "status nosuch:*",
        "status grp:nosuch", "status sleeper nosuch idle", "status all", "status multi:",
        "start nosuch", "start nosuch:*", "start", "stop nosuch", "stop nosuch:*", "stop",
        "restart", "signal BAD sleeper", "signal HUP idle", "signal HUP nosuch",
        "signal HUP nosuch:*", "signal", "signal HUP", "pid", "pid sleeper", "pid idle",
        "pid nosuch", "pid all", "avail", "reread", "reread x", "clear nosuch", "clear",
        "tail echoer", "tail echoer stderr", "tail -5 echoer", "tail nosuch", "tail -x echoer",
        "tail echoer foo", "tail", "tail a b c d", "tail -f", "tail idle", "maintail x",
        "maintail -x", "maintail a b", "version", "version x", "help tail", "help foo",
        "help help", "help EOF", "bogus", "bogus arg", "shutdown x", "reload x", "avail x",
        "open foo://x", "EOF", "quit", "fg", "fg a b", "fg nosuch", "fg idle");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (String line : readOnly) {
        runs.add(pool.submit(() -> {
          same(a, b, line);
          return null;
        }));
      }
      for (Future<?> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (String line : List.of(
        "start idle", "start idle", "start grp:*", "start fast", "start multi:m0 multi:m1 idle",
        "stop idle", "stop idle", "stop multi:*", "restart sleeper", "restart idle",
        // Several names go out at once (multicall + poll); results as one call per name.
        "start multi:m2 fast nosuch idle grp:g2", "stop multi:m2 nosuch idle multi:m0 grp:g2",
        "restart multi:m1 multi:m2 fast",
        "signal HUP sleeper", "signal HUP grp:*", "clear sleeper", "clear all")) {
      // A group's start/stop results come in completion order, which is a race in both daemons.
      if (line.matches("(start|stop) .*:\\*.*")) {
        sameSorted(a, b, line);
      } else {
        same(a, b, line);
      }
    }
    CtlRunner.Result realHelp = CtlRunner.real("-c", a.config().toString(), "help");
    CtlRunner.Result oursHelp = CtlRunner.ours("-c", b.config().toString(), "help");
    assertTrue(oursHelp.output().startsWith(realHelp.output()), oursHelp.output());
    assertTrue(oursHelp.output().contains("quickrestart  quickstart  quickstop"));

    // reread / add / remove / update after both configs change the same way.
    for (RealSupervisord sd : List.of(a, b)) {
      sd.rewritePrograms("[program:idle]\ncommand=/bin/sleep 1000",
          "[program:newp]\ncommand=/bin/sleep 1000\nstartsecs=0\n\n[program:idle]\ncommand=/bin/sleep 999");
    }
    for (String line : List.of(
        "reread", "add newp", "add newp", "add nosuch", "remove newp", "stop newp",
        "remove newp", "remove newp", "update nosuch", "update", "update", "avail", "status")) {
      same(a, b, line);
    }
    sameSorted(a, b, "stop all");
    sameSorted(a, b, "start all");
    assertNoMismatch();
  }

  @Test
  void connectionFailuresMatch() throws Exception {
    int port = RealSupervisord.freePort();
    String refused = "http://127.0.0.1:" + port;
    String missing = "unix:///tmp/js-no-such-dir/x.sock";
    for (String url : List.of(refused, missing)) {
      for (String line : List.of("status", "start x", "stop x", "pid", "version", "reread",
          "avail", "shutdown", "add g", "tail x")) {
        List<String> args = new ArrayList<>(List.of("-s", url));
        args.addAll(List.of(line.split(" ")));
        CtlRunner.Result real = CtlRunner.real(args.toArray(String[]::new));
        CtlRunner.Result ours = CtlRunner.ours(args.toArray(String[]::new));
        record("-s " + url + " " + line, CtlRunner.mask(real.output()), real.exit(),
            CtlRunner.mask(ours.output()), ours.exit());
      }
    }
    assertNoMismatch();
  }

  @Test
  void passwordProtectedServerMatches() throws Exception {
    int port = RealSupervisord.freePort();
    RealSupervisord a = startSettled(PROGRAMS, port, "bob", "pw");
    String url = a.url();
    for (String[] args : List.of(
        new String[] {"-s", url, "-u", "bob", "-p", "pw", "status", "sleeper"},
        new String[] {"-s", url, "-u", "bob", "-p", "wrong", "status"},
        new String[] {"-s", url, "status"},
        new String[] {"-s", url, "-u", "bob", "-p", "wrong", "reread"},
        new String[] {"-c", a.config().toString(), "pid", "idle"})) {
      CtlRunner.Result real = CtlRunner.real(args);
      CtlRunner.Result ours = CtlRunner.ours(args);
      assertEquals(CtlRunner.mask(real.output()), CtlRunner.mask(ours.output()), String.join(" ", args));
      assertEquals(real.exit(), ours.exit(), String.join(" ", args));
    }
  }

  @Test
  void usageErrorsMatch() throws Exception {
    for (String[] args : List.of(
        new String[] {"-x", "status"},
        new String[] {"-c", "/tmp/js-no-such.conf", "status"},
        new String[] {"-s", "foo", "status"},
        new String[] {"-s"})) {
      CtlRunner.Result real = CtlRunner.real(args);
      CtlRunner.Result ours = CtlRunner.ours(args);
      assertEquals(real.exit(), ours.exit(), String.join(" ", args));
      assertEquals(firstLine(real.output()), firstLine(ours.output()), String.join(" ", args));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Test
  void interactiveShellMatchesWhenPiped() throws Exception {
    RealSupervisord a = startSettled(PROGRAMS, 0, null, null);
    RealSupervisord b = startSettled(PROGRAMS, 0, null, null);
    String script = "status sleeper\nbogus\n\nhelp stop\npid nosuch\n";
    CtlRunner.Result real = CtlRunner.realWithInput(script, "-c", a.config().toString());
    CtlRunner.Result ours = CtlRunner.oursWithInput(script, "-c", b.config().toString());
    assertEquals(CtlRunner.mask(real.output(), a.dir().toString()),
        CtlRunner.mask(ours.output(), b.dir().toString()));
    assertEquals(0, ours.exit());
    assertEquals(real.exit(), ours.exit());
  }
}
