package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import dev.jsupervisor.core.process.JnaPosix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code logfile=syslog}, {@code stdout_syslog=true} and the deprecated {@code stderr_logfile=syslog}:
 * the datagrams jsupervisord sends equal supervisord 4.2.5's. supervisord can only use /dev/log, so
 * it runs in a private mount namespace whose /dev is a tmpfs with a receiver bound at /dev/log;
 * jsupervisord is pointed at a receiver in its temp dir.
 */
class SyslogParityTest {
  private static final String CONFIG =
      LiveDaemon.CONFIG_HEADER.replace("[supervisord]\n", "[supervisord]\nloglevel=info\n")
          .replace("logfile=@DIR@/main.log", "logfile=syslog")
          + """
          [program:talker]
          command=/bin/sh -c 'printf "hello\\nw\\303\\266rld\\n"; printf "to stderr\\n" >&2; exec /bin/sleep 100000'
          startsecs=0
          stdout_syslog=true
          stderr_logfile=syslog
          [program:quiet]
          command=/bin/sh -c 'echo not sent; exec /bin/sleep 100000'
          startsecs=0
          """;

  /** Inside the namespace: /dev becomes a tmpfs holding the usual nodes plus the receiver. */
  private static final String NAMESPACE_SCRIPT =
      """
      set -e
      mount --make-rprivate /
      mkdir "$DIR/olddev"
      mount --rbind /dev "$DIR/olddev"
      mount -t tmpfs tmpfs /dev
      for n in null zero urandom random full tty; do
        touch "/dev/$n"; mount --bind "$DIR/olddev/$n" "/dev/$n"
      done
      ln -s /proc/self/fd /dev/fd
      mkdir /dev/pts /dev/shm
      /usr/bin/setpriv --pdeathsig KILL -- /usr/bin/python3 -c "$RECEIVER" /dev/log \\
        "$DIR/syslog.received" 2> "$DIR/syslog.ready" &
      while ! grep -q ready "$DIR/syslog.ready"; do sleep 0.02; done
      exec "$@"
      """;

  @RegisterExtension final LiveDaemons daemons = new LiveDaemons(SyslogParityTest::prepare);

  private static void prepare(LiveDaemon d) throws IOException {
    if (d.kind == Kind.SUPERVISORD) {
      d.wrapper.addAll(List.of("/usr/bin/unshare", "-m", "/bin/sh", "-c",
          "DIR='" + d.dir + "' RECEIVER='" + DatagramReceiver.SCRIPT.replace("'", "'\\''") + "'\n"
              + NAMESPACE_SCRIPT, "namespace"));
    } else {
      d.jvmOptions.add("-D" + Syslog.SOCKET_PROPERTY + "=" + d.dir.resolve("log"));
    }
  }

  @Test
  void jsupervisordSendsWhatSupervisordSends() throws Exception {
    assumeTrue(JnaPosix.get().getuid() == 0, "the oracle's mount namespace needs root");
    assumeTrue(canUnshare(), "no mount namespaces here");
    LiveDaemon oracle = LiveDaemon.create(Kind.SUPERVISORD);
    LiveDaemon ours = LiveDaemon.create(Kind.JSUPERVISORD);
    try (oracle; ours; DatagramReceiver receiver = DatagramReceiver.bind(ours.dir.resolve("log"))) {
      for (LiveDaemon d : List.of(oracle, ours)) {
        prepare(d);
        d.writeConfig(CONFIG);
        d.launch();
      }
      List<String> expected = new ArrayList<>();
      await("oracle's syslog lines").atMost(LiveDaemon.PATIENCE)
          .until(() -> settled(expected, oracleDatagrams(oracle)));
      List<String> actual = new ArrayList<>();
      await("our syslog lines").atMost(LiveDaemon.PATIENCE)
          .until(() -> settled(actual, receiver.received()));
      for (LiveDaemon d : List.of(oracle, ours)) {
        d.signal("TERM");
        assertEquals(0, d.awaitExit(LiveDaemon.PATIENCE));
      }
      List<String> oracleAll = normalize(oracleDatagrams(oracle), oracle);
      List<String> ourAll = normalize(receiver.received(), ours);
      assertEquals(mainLogPart(oracleAll), mainLogPart(ourAll));
      assertEquals(childPart(oracleAll), childPart(ourAll));
      assertEquals(
          List.of("<14>STAMP supervisord: talker hello", "<14>STAMP supervisord: talker to stderr",
              "<14>STAMP supervisord: talker wörld"),
          childPart(ourAll));
      assertTrue(mainLogPart(ourAll).contains(
          "<14>STAMP supervisord: WARN For [program:talker], stderr_logfile=syslog but this is"
              + " deprecated and will be removed.  Use stderr_syslog=true to enable syslog"
              + " instead.\n"), ourAll.toString());
      assertEquals("", Files.readString(ours.dir.resolve("daemon.stderr")), "no warning");
    }
  }

  @Test
  void withoutASyslogSocketTheDaemonRunsAndWarnsOnce() throws Exception {
    LiveDaemon ours = daemons.start(Kind.JSUPERVISORD, CONFIG);
    await().atMost(LiveDaemon.PATIENCE)
        .until(() -> ours.mainLog().contains("success: talker") && ours.mainLog().contains("success: quiet"));
    assertEquals(0, ours.ctl("status").exitCode(), "both programs RUNNING");
    ours.signal("TERM");
    assertEquals(0, ours.awaitExit(LiveDaemon.PATIENCE));
    assertEquals(
        "jsupervisord: cannot send to syslog at " + ours.dir.resolve("log") + " (sendto: ENOENT);"
            + " syslog messages are dropped until it accepts them again\n",
        Files.readString(ours.dir.resolve("daemon.stderr")));
    assertTrue(ours.mainLog().contains("WARN cannot send to syslog at"), "echoed in the log too");
  }

  /** Copies the datagrams into {@code into}; true once both programs' output and starts arrived. */
  private static boolean settled(List<String> into, List<String> datagrams) {
    into.clear();
    into.addAll(datagrams);
    String all = String.join("", datagrams);
    return all.contains("talker to stderr") && all.contains("talker wörld")
        && all.contains("success: talker") && all.contains("success: quiet");
  }

  private static List<String> oracleDatagrams(LiveDaemon oracle) throws IOException {
    Path file = oracle.dir.resolve("syslog.received");
    List<String> all = new ArrayList<>();
    if (Files.exists(file)) {
      for (String hex : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        all.add(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8));
      }
    }
    return all;
  }

  /** The syslog time stamp masked, then the main log's own stamps, pids and paths. */
  private static List<String> normalize(List<String> datagrams, LiveDaemon d) {
    List<String> out = new ArrayList<>();
    for (String datagram : datagrams) {
      out.add(Masks.mask(
          datagram.replaceFirst("^<(\\d+)>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ", "<$1>STAMP "),
          d));
    }
    return out;
  }

  /**
   * Main-log datagrams (they carry a level after the header), in order, except that the
   * "stopped:" lines of one shutdown are sorted (processes exit in either order).
   */
  private static List<String> mainLogPart(List<String> datagrams) {
    List<String> main =
        datagrams.stream().filter(s -> s.matches("(?s)<14>STAMP supervisord: [A-Z]{4} .*")).toList();
    List<String> stops = main.stream().filter(s -> s.contains(" stopped: ")).sorted().toList();
    List<String> out = new ArrayList<>(main.stream().filter(s -> !s.contains(" stopped: ")).toList());
    out.addAll(stops);
    return out;
  }

  /** Child-output datagrams, sorted: stdout and stderr are read concurrently. */
  private static List<String> childPart(List<String> datagrams) {
    return datagrams.stream()
        .filter(s -> !s.matches("(?s)<14>STAMP supervisord: [A-Z]{4} .*"))
        .sorted()
        .toList();
  }

  private static boolean canUnshare() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/unshare", "-m", "/bin/true")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor() == 0;
  }
}
