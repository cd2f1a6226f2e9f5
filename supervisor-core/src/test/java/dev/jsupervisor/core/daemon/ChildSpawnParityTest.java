package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a child of jsupervisord looks like next to one of supervisord 4.2.5: its exit as the main
 * log words it, its signal mask and dispositions, its process group and session; and the
 * {@code java.lang.Process} fallback still running a program end to end.
 */
final class ChildSpawnParityTest {
  private static final String EXITS =
      LiveDaemon.CONFIG_HEADER
          + """

          [program:exits143]
          command=sh -c 'sleep 0.5; exit 143'
          startsecs=0
          autorestart=false

          [program:termed]
          command=sh -c 'sleep 0.5; kill -TERM $$'
          startsecs=0
          autorestart=false
          """;

  private static final String SLEEPER =
      LiveDaemon.CONFIG_HEADER
          + """

          [program:sl]
          command=sleep 1000
          startsecs=0
          """;

  private static final String TALKER =
      LiveDaemon.CONFIG_HEADER
          + """

          [program:talk]
          command=sh -c 'read line; echo "got $line"; echo oops >&2; exit 3'
          stdout_logfile=@DIR@/talk.out
          stderr_logfile=@DIR@/talk.err
          startsecs=0
          autorestart=false
          """;

  /** Sends a line to talk's stdin over the daemon's UNIX socket; prints the result. */
  private static final String SEND_STDIN =
      """
      import sys, xmlrpc.client
      from supervisor.xmlrpc import SupervisorTransport
      transport = SupervisorTransport(None, None, sys.argv[1])
      s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=transport)
      print(s.supervisor.sendProcessStdin('talk', 'hello\\n'))
      """;

  /** SigIgn bits of SIGPIPE (13) and SIGXFSZ (25). */
  private static final long PIPE_AND_XFSZ = (1L << 12) | (1L << 24);

  private volatile boolean jdkSpawn;

  @RegisterExtension
  final LiveDaemons daemons =
      new LiveDaemons(
          d -> {
            if (jdkSpawn) {
              d.jvmOptions.add("-Djsupervisor.spawn=jdk");
            }
          });

  @Test
  void exitStatus143AndDeathBySigtermAreLoggedApart() throws Exception {
    LiveDaemon.assumeOracleInstalled();
    for (LiveDaemon d : daemons.startBoth(EXITS)) {
      await(d.kind.name())
          .atMost(LiveDaemon.PATIENCE)
          .until(() -> d.mainLog().contains("exited: termed") && d.mainLog().contains("exited: exits143"));
      String log = d.mainLog();
      assertTrue(log.contains("exited: exits143 (exit status 143; not expected)"), d.kind + log);
      assertTrue(log.contains("exited: termed (terminated by SIGTERM; not expected)"), d.kind + log);
    }
  }

  @Test
  void childSignalStateProcessGroupAndSessionMatchSupervisord() throws Exception {
    LiveDaemon.assumeOracleInstalled();
    List<LiveDaemon> both = daemons.startBoth(SLEEPER);
    String[] seen = new String[2];
    for (int i = 0; i < 2; i++) {
      LiveDaemon d = both.get(i);
      await(d.kind.name()).atMost(LiveDaemon.PATIENCE).until(() -> d.mainLog().contains("success: sl"));
      int pid = Integer.parseInt(d.ctl("pid", "sl").stdout().trim());
      await().atMost(LiveDaemon.PATIENCE).until(() -> comm(pid).equals("sleep"));
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      long[] groups = groupAndSession(pid);
      assertEquals(pid, groups[0], d.kind + ": leads its own process group");
      assertEquals(groupAndSession(d.pid())[1], groups[1], d.kind + ": in the daemon's session");
      seen[i] = field(status, "SigBlk") + " " + field(status, "SigIgn");
    }
    // supervisord's children get what it was launched with (here a JVM's child: SIGQUIT blocked,
    // the C library's signals 32 and 33 ignored) plus Python's SIGPIPE and SIGXFSZ ignored; from
    // a shell or an init system that is exactly ours: nothing blocked, only those two ignored.
    long oracleIgnored = Long.parseLong(seen[0].split(" ")[1], 16);
    assertEquals(PIPE_AND_XFSZ, oracleIgnored & PIPE_AND_XFSZ, seen[0]);
    assertEquals("0000000000000000 0000000001001000", seen[1]);
  }

  @Test
  void theJavaLangProcessFallbackRunsAProgramEndToEnd() throws Exception {
    jdkSpawn = true;
    LiveDaemon d = daemons.start(Kind.JSUPERVISORD, TALKER);
    await().atMost(LiveDaemon.PATIENCE).until(() -> d.mainLog().contains("success: talk"));
    LiveDaemon.Output sent = d.python(SEND_STDIN, "unix://" + d.dir.resolve("s.sock"));
    assertEquals("True\n", sent.stdout(), sent.stderr());
    await()
        .atMost(LiveDaemon.PATIENCE)
        .until(() -> d.mainLog().contains("exited: talk (exit status 3; not expected)"));
    assertEquals("got hello\n", Files.readString(d.dir.resolve("talk.out")));
    assertEquals("oops\n", Files.readString(d.dir.resolve("talk.err")));
  }

  private static String comm(long pid) throws IOException {
    Path comm = Path.of("/proc", String.valueOf(pid), "comm");
    return Files.exists(comm) ? Files.readString(comm).trim() : "";
  }

  /** Fields 5 and 6 of /proc/PID/stat, after the parenthesised command name. */
  private static long[] groupAndSession(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3])};
  }

  private static String field(String status, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ":\\s*(\\S+)").matcher(status);
    assertTrue(m.find(), name);
    return m.group(1);
  }
}
