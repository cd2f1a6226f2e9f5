package dev.jsupervisor.core.ctl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.client.RealSupervisord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** tail -f / maintail -f streaming, the shell's re-authentication and open, completion. */
class ShellAndStreamsTest {
  static final String PROGRAMS =
      "[program:echoer]\ncommand=/bin/sh -c 'echo first line; exec sleep 1000'\nstartsecs=0\n\n"
          + "[group:grp]\nprograms=g1\n\n"
          + "[program:g1]\ncommand=/bin/sleep 1000\nstartsecs=0\nautostart=false\n";

  private RealSupervisord sd;

  @AfterEach
  void stop() {
    if (sd != null) {
      sd.close();
    }
  }

  /** Runs jsupervisorctl on a thread, so a test can watch its output and interrupt it. */
  private static final class Background {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final AtomicInteger exit = new AtomicInteger(-1);
    final Thread thread;

    Background(String... args) {
      PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
      thread = new Thread(() -> exit.set(Main.run(args,
          new ByteArrayInputStream(new byte[0]), ps, ps, System.getenv())));
      thread.start();
    }

    String text() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void tailFollowStreamsUntilInterrupted() throws Exception {
    sd = RealSupervisord.start(PROGRAMS, 0, null, null);
    Background tail = new Background("-c", sd.config().toString(), "tail", "-f", "echoer");
    await().atMost(Duration.ofSeconds(10)).until(() -> tail.text().contains("first line"));
    assertTrue(tail.text().startsWith("==> Press Ctrl-C to exit <==\n"), tail.text());
    tail.thread.interrupt(); // what Ctrl-C does in the shell
    tail.thread.join(10_000);
    assertFalse(tail.thread.isAlive());
    assertEquals(0, tail.exit.get());

    Background main = new Background("-c", sd.config().toString(), "maintail", "-f");
    await().atMost(Duration.ofSeconds(10)).until(() -> main.text().contains("supervisord started"));
    main.thread.interrupt();
    main.thread.join(10_000);
    assertFalse(main.thread.isAlive());
  }

  @Test
  void shellAsksForCredentialsAfter401AndRetries() throws Exception {
    int port = RealSupervisord.freePort();
    sd = RealSupervisord.start(PROGRAMS, port, "bob", "pw");
    CtlRunner.Result r = CtlRunner.oursWithInput("bob\npw\nstatus echoer\n",
        "-s", sd.url(), "-u", "bob", "-p", "wrong");
    String out = r.output();
    assertTrue(out.startsWith("Server requires authentication\nUsername:Password:\n"), out);
    assertTrue(out.contains("echoer                           RUNNING"), out);
    assertTrue(out.contains("supervisor> echoer "), out);
    assertEquals(0, r.exit());
  }

  @Test
  void openSwitchesServerAndCompletionKnowsNames() throws Exception {
    sd = RealSupervisord.start(PROGRAMS, 0, null, null);
    CtlRunner.Result r = CtlRunner.oursWithInput("open " + sd.url() + "\n",
        "-s", "unix:///tmp/js-no-such-dir/x.sock");
    assertTrue(r.output().startsWith("unix:///tmp/js-no-such-dir/x.sock no such file\n"), r.output());
    assertTrue(r.output().contains("grp:g1                           STOPPED"), r.output());

    Controller c = new Controller(new Controller.Target(sd.url(), null, null),
        Output.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
        null, null, false);
    Shell.NameCompleter completer = new Shell.NameCompleter(c);
    assertEquals(List.of("quickrestart", "quickstart", "quickstop", "quit"),
        completer.candidates(List.of("qu"), 0, "qu"));
    assertEquals(List.of("echoer"), completer.candidates(List.of("start", "e"), 1, "e"));
    assertEquals(List.of("grp:g1", "grp:*"), completer.candidates(List.of("stop", "g"), 1, "g"));
    assertEquals(List.of("echoer", "grp"), completer.candidates(List.of("update", ""), 1, ""));
    assertEquals(List.of("start", "status"), completer.candidates(List.of("help", "sta"), 1, "sta"));
    assertTrue(completer.candidates(List.of("version", ""), 1, "").isEmpty());
    c.close();
  }
}
