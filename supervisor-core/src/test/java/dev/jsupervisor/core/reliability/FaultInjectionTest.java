package dev.jsupervisor.core.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.process.OutputPump;
import dev.jsupervisor.core.rpc.internal.HttpRoutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults injected around a real jsupervisord: children that fork, ignore SIGTERM or flood their
 * stdout through log rotation; listeners that crash, hang or talk garbage; a config reload while
 * starts are in flight; and SIGKILL of the daemon itself.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FaultInjectionTest {
  /** Generous: supervising a program takes milliseconds; this only catches a stuck daemon. */
  private static final Duration PROMPT = Duration.ofSeconds(10);

  private Path dir;
  private Jsupervisord daemon;
  private final List<Long> strays = new ArrayList<>();
  /** A tmpfs mounted by the test, unmounted after it. */
  private Path tmpfs;

  @BeforeEach
  void createDirectory() throws IOException {
    dir = Jsupervisord.newDirectory();
  }

  @AfterEach
  void stopEverything() throws Exception {
    try {
      if (daemon != null) {
        daemon.close();
      }
    } finally {
      if (tmpfs != null) {
        assertEquals(0, run("umount", tmpfs.toString()), "umount " + tmpfs);
      }
      Jsupervisord.removeTree(dir);
    }
    for (long pid : strays) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private Jsupervisord start(String programs) throws IOException {
    daemon = Jsupervisord.start(dir, Jsupervisord.baseConfig(dir, "") + programs);
    return daemon;
  }

  /** True while {@code pid} exists and is not a zombie. */
  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }

  private List<Long> pidsIn(Path file) throws IOException {
    List<Long> pids = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.trim()));
      }
    }
    strays.addAll(pids);
    return pids;
  }

  private static ProcessInfo awaitState(SupervisorClient c, String name, ProcessState state) {
    await(name + " " + state).atMost(PROMPT).pollInterval(Duration.ofMillis(50))
        .until(() -> c.getProcessInfo(name).state() == state);
    return c.getProcessInfo(name);
  }

  @Test
  void stopasgroupTakesDownEveryForkedGrandchild() throws Exception {
    Path pids = dir.resolve("kids.pid");
    start("[program:forker]\ncommand=/bin/sh -c 'for i in 1 2 3; do /bin/sleep 100000 & "
        + "echo $! >> " + pids + "; done; wait'\nstartsecs=0\nstopasgroup=true\n"
        + "stopwaitsecs=5\n");
    try (SupervisorClient c = daemon.client()) {
      awaitState(c, "forker", ProcessState.RUNNING);
      await().atMost(PROMPT).until(() -> Files.exists(pids) && pidsIn(pids).size() == 3);
      List<Long> kids = pidsIn(pids);
      kids.forEach(pid -> assertTrue(alive(pid), "grandchild " + pid + " never ran"));
      assertTrue(c.stopProcess("forker", true));
      assertEquals(ProcessState.STOPPED, c.getProcessInfo("forker").state());
      await("grandchildren gone").atMost(PROMPT)
          .until(() -> kids.stream().noneMatch(FaultInjectionTest::alive));
    }
  }

  /**
   * A child that forks and exits leaves orphans in its process group; nothing is left to signal
   * when it is "stopped", so they survive, as under supervisord. Documents the gap.
   */
  @Test
  void orphansOfAChildThatExitedSurviveItsStop() throws Exception {
    Path pids = dir.resolve("orphans.pid");
    start("[program:leaver]\ncommand=/bin/sh -c '/bin/sleep 100000 & echo $! > " + pids
        + "; exit 0'\nstartsecs=0\nautorestart=false\nstopasgroup=true\n");
    try (SupervisorClient c = daemon.client()) {
      awaitState(c, "leaver", ProcessState.EXITED);
      await().atMost(PROMPT).until(() -> Files.exists(pids) && pidsIn(pids).size() == 1);
      long orphan = pidsIn(pids).get(0);
      assertTrue(alive(orphan), "the orphan is alive after its parent exited");
      assertEquals(ProcessState.EXITED, c.getProcessInfo("leaver").state());
    }
  }

  @Test
  void childIgnoringSigtermIsKilledAfterStopwaitsecs() throws Exception {
    start("[program:stubborn]\ncommand=/bin/sh -c 'trap \"\" TERM; exec /bin/sleep 100000'\n"
        + "startsecs=0\nstopwaitsecs=1\n");
    try (SupervisorClient c = daemon.client()) {
      long pid = awaitState(c, "stubborn", ProcessState.RUNNING).pid();
      long begin = System.nanoTime();
      assertTrue(c.stopProcess("stubborn", true));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
      ProcessInfo info = c.getProcessInfo("stubborn");
      assertEquals(ProcessState.STOPPED, info.state());
      assertFalse(alive(pid), "the stubborn child still runs");
      assertTrue(tookMillis >= 900, "stopped after " + tookMillis + " ms, before stopwaitsecs");
      assertTrue(daemon.mainLogText().contains("killing 'stubborn' (" + pid + ") with SIGKILL"),
          daemon.mainLogText());
      System.out.println("SIGTERM ignored: SIGKILL after " + tookMillis + " ms");
    }
  }

  @Test
  void stdoutFloodThroughRotationKeepsAContiguousWindow() throws Exception {
    int lines = 3_000_000;
    int maxBytes = 256 * 1024;
    int backups = 4;
    Path log = dir.resolve("flood.log");
    start("[program:flood]\ncommand=/usr/bin/seq 1 " + lines + "\nstartsecs=0\nautostart=false\n"
        + "autorestart=false\n"
        + "stdout_logfile=" + log + "\nstdout_logfile_maxbytes=" + maxBytes
        + "\nstdout_logfile_backups=" + backups + "\n[program:steady]\ncommand=/bin/sleep 100000\n"
        + "startsecs=0\n");
    long begin = System.nanoTime();
    try (SupervisorClient c = daemon.client()) {
      assertTrue(c.startProcess("flood", false));
      Duration slowest = Duration.ZERO;
      int calls = 0;
      while (c.getProcessInfo("flood").state() != ProcessState.EXITED) {
        long t = System.nanoTime();
        assertEquals(ProcessState.RUNNING, c.getProcessInfo("steady").state());
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        slowest = took.compareTo(slowest) > 0 ? took : slowest;
        calls++;
        assertTrue(took.compareTo(PROMPT) < 0, "a call during the flood took " + took);
        assertTrue(System.nanoTime() - begin < TimeUnit.MINUTES.toNanos(2), "flood never ended");
      }
      StringBuilder retained = new StringBuilder();
      long bytes = 0;
      for (int i = backups; i >= 0; i--) {
        Path file = i == 0 ? log : Path.of(log + "." + i);
        assertTrue(Files.exists(file), file + " missing: rotation did not happen");
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        bytes += text.length();
        retained.append(text);
      }
      String[] kept = retained.toString().split("\n");
      // The oldest kept line may be the tail of one whose start was rotated away.
      long first = Long.parseLong(kept[1]);
      for (int i = 1; i < kept.length; i++) {
        assertEquals(first + i - 1, Long.parseLong(kept[i]), "line " + i + " of the window");
      }
      assertEquals(lines, Long.parseLong(kept[kept.length - 1]), "the last line");
      assertTrue(retained.toString().endsWith("\n"));
      assertTrue(bytes >= (long) backups * maxBytes, "only " + bytes + " bytes retained");
      // A file is rotated after the write that takes it to maxBytes, so each of them may hold
      // one pipe read (up to 128 KiB, supervisord's read size too) beyond it.
      assertTrue(bytes <= (long) (backups + 1) * (maxBytes + OutputPump.CHUNK_SIZE),
          bytes + " bytes retained");
      System.out.println("flood: " + lines + " lines in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms; " + (kept.length - 1)
          + " contiguous lines kept in " + (backups + 1) + " files of " + maxBytes
          + " bytes; " + calls + " calls during the flood, slowest " + slowest.toMillis() + " ms");
    }
  }

  @Test
  void stalledLogTailReadersDuringAFloodStayBounded() throws Exception {
    start("[program:flood]\ncommand=/usr/bin/timeout 3 /usr/bin/yes flood-line\nstartsecs=0\n"
        + "autostart=false\nautorestart=false\nstdout_logfile_maxbytes=1MB\n"
        + "stdout_logfile_backups=1\n");
    int readers = 20;
    List<java.nio.channels.SocketChannel> stalled = new ArrayList<>();
    try (SupervisorClient c = daemon.client()) {
      assertTrue(c.startProcess("flood", true));
      for (int i = 0; i < readers; i++) {
        var channel = java.nio.channels.SocketChannel.open(
            java.net.UnixDomainSocketAddress.of(daemon.socket));
        channel.write(java.nio.ByteBuffer.wrap("GET /logtail/flood HTTP/1.1\r\nHost: x\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII)));
        stalled.add(channel); // and never read from
      }
      Duration slowest = Duration.ZERO;
      int calls = 0;
      while (c.getProcessInfo("flood").state() != ProcessState.EXITED) {
        long t = System.nanoTime();
        assertEquals(SupervisorState.RUNNING, c.getState());
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        slowest = took.compareTo(slowest) > 0 ? took : slowest;
        calls++;
        assertTrue(took.compareTo(PROMPT) < 0, "a call took " + took);
      }
      assertFalse(daemon.output().contains("OutOfMemoryError"), daemon.output());
      System.out.println("stalled tails: " + readers + " readers that never read a 3 s flood;"
          + " daemon heap capped at 256 MB; " + calls + " calls meanwhile, slowest "
          + slowest.toMillis() + " ms");
    } finally {
      for (var channel : stalled) {
        channel.close();
      }
    }
  }

  /**
   * Tail clients that hang up while their log is quiet must not keep their connections: the
   * stream's probe notices them within {@link HttpRoutes#TAIL_PROBE_MILLIS} although nothing is
   * ever written, and the daemon's descriptors return to where they were.
   */
  @Test
  void closedTailsOfAQuietLogAreReleased() throws Exception {
    start("[program:quiet]\ncommand=/bin/sleep 100000\nstartsecs=0\n");
    try (SupervisorClient c = daemon.client()) {
      awaitState(c, "quiet", ProcessState.RUNNING);
    }
    int baselineFds = daemon.openFds();
    int clients = 20;
    List<java.nio.channels.SocketChannel> tails = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        var channel = java.nio.channels.SocketChannel.open(
            java.net.UnixDomainSocketAddress.of(daemon.socket));
        channel.write(java.nio.ByteBuffer.wrap(("GET /" + (i % 2 == 0 ? "logtail/quiet"
            : "mainlogtail") + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        tails.add(channel);
      }
      for (var channel : tails) {
        String head = RawHttp.readHead(java.nio.channels.Channels.newInputStream(channel));
        assertTrue(head.startsWith("HTTP/1.1 200 "), "the stream starts at once: " + head);
      }
      int open = daemon.openFds();
      assertTrue(open >= baselineFds + clients - 2, open + " fds, " + baselineFds + " before");
    } finally {
      for (var channel : tails) {
        channel.close();
      }
    }
    long hangUp = System.nanoTime();
    await("tail connections released").atMost(Duration.ofMillis(5 * HttpRoutes.TAIL_PROBE_MILLIS))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> daemon.openFds() <= baselineFds);
    System.out.println("quiet tails: " + clients + " departed tail clients released in "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hangUp) + " ms (probe every "
        + HttpRoutes.TAIL_PROBE_MILLIS + " ms)");
    try (SupervisorClient c = daemon.client()) {
      assertEquals(SupervisorState.RUNNING, c.getState());
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " hung");
    return p.exitValue();
  }

  /** Fills the file system holding {@code filler} to the last byte. */
  private static void fillUp(Path filler) throws IOException {
    byte[] block = new byte[4096];
    try (var out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
  }

  private static int count(String text, java.util.regex.Pattern pattern) {
    return (int) pattern.matcher(text).results().count();
  }

  /** The talker's line counter, which it replaces atomically after each line. */
  private static long lineCount(Path counter) throws IOException {
    return Long.parseLong(Files.readString(counter).trim());
  }

  private static long lastLine(Path log) throws IOException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("line (\\d+) ").matcher(Files.readString(log));
    long last = 0;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    return last;
  }

  /**
   * A full disk under a child's log: the child keeps running, its output is dropped (not held in
   * memory: a 200 MB flood into the full disk leaves the 256 MB daemon fine), the main log has
   * one error line per log file, and output lands again once space returns. supervisord 4.2.5
   * does the same but logs nothing at all.
   */
  @Test
  void fullDiskUnderAChildLogIsLoggedOnceAndRecovered() throws Exception {
    Path fs = dir.resolve("fs");
    Files.createDirectories(fs);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", fs.toString()) == 0,
        "cannot mount a tmpfs here (needs root)");
    tmpfs = fs;
    Path log = fs.resolve("talker.log");
    Path counter = dir.resolve("talker.count");
    String padding = "p".repeat(100);
    start("[program:talker]\ncommand=/bin/sh -c 'i=0; while :; do i=$((i+1)); echo \"line $i "
        + padding + "\"; echo $i > " + counter + ".new; mv " + counter + ".new " + counter + "; sleep 0.01; done'\nstartsecs=0\n"
        + "stdout_logfile=" + log + "\nstdout_logfile_maxbytes=0\n"
        + "[program:flood]\ncommand=/usr/bin/head -c 200000000 /dev/zero\nstartsecs=0\n"
        + "autostart=false\nautorestart=false\nstdout_logfile=" + fs.resolve("flood.log")
        + "\nstdout_logfile_maxbytes=0\n");
    var talkerErrors = java.util.regex.Pattern.compile("ERRO error writing stdout log of talker: ");
    var floodErrors = java.util.regex.Pattern.compile("ERRO error writing stdout log of flood: ");
    try (SupervisorClient c = daemon.client()) {
      long pid = awaitState(c, "talker", ProcessState.RUNNING).pid();
      await("talker output in its log").atMost(PROMPT).until(() -> lastLine(log) > 5);

      fillUp(fs.resolve("filler"));
      await("the error line").atMost(PROMPT)
          .until(() -> count(daemon.mainLogText(), talkerErrors) == 1);
      long failedFrom = lineCount(counter);
      // Many more lines fail to be written: still one error line.
      await("100 more lines from the talker").atMost(PROMPT)
          .until(() -> lineCount(counter) > failedFrom + 100);
      long lostUpTo = lastLine(log);
      assertTrue(lostUpTo < failedFrom + 100, "lines were written to a full disk");
      assertTrue(c.startProcess("flood", true));
      awaitState(c, "flood", ProcessState.EXITED);
      String main = daemon.mainLogText();
      assertEquals(1, count(main, talkerErrors), main);
      assertEquals(1, count(main, floodErrors), main);
      assertTrue(main.contains("No space left on device"), main);
      assertEquals(ProcessState.RUNNING, c.getProcessInfo("talker").state());
      assertEquals(pid, c.getProcessInfo("talker").pid(), "the talker was restarted");

      Files.delete(fs.resolve("filler"));
      long freedAt = lineCount(counter);
      await("talker output lands again").atMost(PROMPT).until(() -> lastLine(log) > freedAt);
      assertEquals(1, count(daemon.mainLogText(), talkerErrors), "a recovery is not an error");
      assertEquals(ProcessState.RUNNING, c.getProcessInfo("talker").state());
    }
    assertFalse(daemon.output().contains("OutOfMemoryError"), daemon.output());
    String errorLine = daemon.mainLogText().lines().filter(l -> talkerErrors.matcher(l).find())
        .findFirst().orElseThrow();
    System.out.println("disk full: child kept running, one error line per log (\"" + errorLine
        + "\"), a 200 MB flood dropped without buffering, output resumed once space returned");
  }

  /**
   * Stdin sent to a child that never reads it must not pile up in the daemon without limit. With
   * a 256 MB heap, 400 calls of 900 KB each would exhaust it if every byte were kept.
   */
  @Test
  void stdinForAChildThatNeverReadsIsBounded() throws Exception {
    start("[program:deaf]\ncommand=/bin/sleep 100000\nstartsecs=0\n");
    String chunk = "x".repeat(900_000);
    int accepted = 0;
    int refused = 0;
    try (SupervisorClient c = daemon.client()) {
      awaitState(c, "deaf", ProcessState.RUNNING);
      for (int i = 0; i < 400; i++) {
        try {
          assertTrue(c.sendProcessStdin("deaf", chunk));
          accepted++;
        } catch (dev.jsupervisor.core.api.RpcFault fault) {
          refused++; // a clean refusal once a buffer limit is reached is fine
        }
      }
      assertEquals(SupervisorState.RUNNING, c.getState());
      assertEquals(ProcessState.RUNNING, c.getProcessInfo("deaf").state());
    }
    assertTrue(daemon.process.isAlive(), "the daemon died");
    assertFalse(daemon.output().contains("OutOfMemoryError"), daemon.output());
    // 4 MiB may wait per child (plus what the pipe holds): the rest is refused, not queued.
    assertTrue(refused > 0 && accepted <= 10, accepted + " accepted, " + refused + " refused");
    System.out.println("deaf child: " + accepted + " stdin writes of 900 KB accepted, " + refused
        + " refused");
  }

  @Test
  void misbehavingListenersDoNotStallSupervision() throws Exception {
    // startsecs=0: events only go to listeners that are RUNNING, as in supervisord.
    String listener = "events=PROCESS_STATE\nbuffer_size=10\nstartsecs=0\n";
    StringBuilder programs = new StringBuilder()
        .append("[eventlistener:crasher]\ncommand=/bin/sh -c 'echo READY; read header; exit 3'\n")
        .append(listener)
        .append("[eventlistener:hanger]\n")
        .append("command=/bin/sh -c 'echo READY; read h; exec sleep 100000'\n")
        .append(listener)
        .append("[eventlistener:babbler]\ncommand=/bin/sh -c 'echo garbage; exec sleep 100000'\n")
        .append(listener)
        .append("[eventlistener:liar]\ncommand=/bin/sh -c 'echo READY; read h; ")
        .append("printf \"RESULT 99999999\\nOK\"; exec sleep 100000'\n").append(listener);
    int workers = 5;
    for (int i = 0; i < workers; i++) {
      programs.append("[program:w").append(i).append("]\ncommand=/bin/sleep 100000\n")
          .append("startsecs=0\nautostart=false\n");
    }
    start(programs.toString());
    int cycles = 0;
    Duration slowest = Duration.ZERO;
    try (SupervisorClient c = daemon.client()) {
      for (String name : List.of("hanger", "babbler", "liar")) {
        awaitState(c, name, ProcessState.RUNNING);
      }
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < workers; i++) {
          long t = System.nanoTime();
          assertTrue(c.startProcess("w" + i, true));
          assertTrue(c.stopProcess("w" + i, true));
          Duration took = Duration.ofNanos(System.nanoTime() - t);
          slowest = took.compareTo(slowest) > 0 ? took : slowest;
          assertTrue(took.compareTo(PROMPT) < 0, "a start/stop took " + took);
          cycles++;
        }
      }
      assertEquals(SupervisorState.RUNNING, c.getState());
      for (String line : List.of("babbler: has entered the UNKNOWN state", "exited: crasher",
          "liar: result length")) {
        await(line).atMost(PROMPT).until(() -> daemon.mainLogText().contains(line));
      }
      await("the crasher is respawned").atMost(PROMPT)
          .until(() -> count(daemon.mainLogText(), "spawned: 'crasher'") >= 2);
    }
    System.out.println("bad listeners: " + cycles + " start/stop cycles beside a crashing, a"
        + " hanging, a garbage-writing and an oversized-result listener; slowest "
        + slowest.toMillis() + " ms");
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void reloadWhileStartsAreInFlight() throws Exception {
    StringBuilder initial = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      initial.append("[program:a").append(i).append("]\ncommand=/bin/sleep 10000").append(i)
          .append("\nstartsecs=1\nautostart=false\n");
    }
    start(initial.toString());
    ExecutorService starters = Executors.newFixedThreadPool(6);
    try (SupervisorClient c = daemon.client()) {
      List<Future<Boolean>> starts = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String name = "a" + i;
        starts.add(starters.submit(() -> {
          try (SupervisorClient own = daemon.client()) {
            return own.startProcess(name, true);
          }
        }));
      }
      // While a0..a5 are STARTING (startsecs=1): a0 changes, a5 goes, b0..b2 arrive.
      StringBuilder next = new StringBuilder("[program:a0]\ncommand=/bin/sleep 20000\n"
          + "startsecs=0\n");
      for (int i = 1; i < 5; i++) {
        next.append("[program:a").append(i).append("]\ncommand=/bin/sleep 10000").append(i)
            .append("\nstartsecs=1\nautostart=false\n");
      }
      for (int i = 0; i < 3; i++) {
        next.append("[program:b").append(i).append("]\ncommand=/bin/sleep 100000\nstartsecs=0\n");
      }
      Files.writeString(dir.resolve("s.conf"), Jsupervisord.baseConfig(dir, "") + next);
      SupervisorClient.ConfigChanges changes = c.reloadConfig();
      assertEquals(List.of("b0", "b1", "b2"), changes.added().stream().sorted().toList());
      assertEquals(List.of("a0"), changes.changed());
      assertEquals(List.of("a5"), changes.removed());
      for (String added : changes.added()) {
        assertTrue(c.addProcessGroup(added));
      }
      for (Future<Boolean> started : starts) {
        assertTrue(started.get(1, TimeUnit.MINUTES));
      }
      // What supervisorctl update does next for the changed and removed groups.
      for (String group : List.of("a0", "a5")) {
        c.stopProcessGroup(group, true);
        assertTrue(c.removeProcessGroup(group));
      }
      assertTrue(c.addProcessGroup("a0"));
      for (String name : List.of("a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2")) {
        awaitState(c, name, ProcessState.RUNNING);
      }
      assertEquals(8, c.getAllProcessInfo().size());
      assertTrue(processCommandLines().contains("sleep 20000"), "a0 runs its new command");
    } finally {
      starters.shutdownNow();
    }
  }

  private String processCommandLines() {
    StringBuilder all = new StringBuilder();
    ProcessHandle.of(daemon.pid()).ifPresent(d -> d.descendants().forEach(p ->
        all.append(p.info().commandLine().orElse("")).append('\n')));
    return all.toString();
  }

  /**
   * SIGKILL of the daemon: every child was started with a parent-death signal (SIGKILL), so each
   * dies with it: a plain program, one running as another user (setpriv must set the signal
   * after changing credentials, which clears it), a stopasgroup one, and one behind the
   * directory/umask shell prefix. A new daemon on the same config then starts despite the stale
   * socket and pid file. (The stopasgroup program's own child is not signalled: the kernel only
   * signals direct children; it is cleaned up here as a stray.)
   */
  @Test
  void sigkilledDaemonTakesItsChildrenWithItAndCanBeRestarted() throws Exception {
    Path grandchild = dir.resolve("grandchild.pid");
    boolean root = ProcessHandle.current().info().user().orElse("").equals("root");
    start("[program:plain]\ncommand=/bin/sleep 100001\nstartsecs=0\n"
        + (root ? "[program:nobody]\ncommand=/bin/sleep 100002\nstartsecs=0\nuser=nobody\n" : "")
        + "[program:grouped]\ncommand=/bin/sh -c '/bin/sleep 100003 & echo $! > " + grandchild
        + "; wait'\nstartsecs=0\nstopasgroup=true\n"
        + "[program:prefixed]\ncommand=/bin/sleep 100004\nstartsecs=0\ndirectory=/tmp\n"
        + "umask=077\n");
    List<String> names = new ArrayList<>(List.of("plain", "grouped", "prefixed"));
    if (root) {
      names.add("nobody");
    }
    List<Long> children = new ArrayList<>();
    try (SupervisorClient c = daemon.client()) {
      for (String name : names) {
        children.add((long) awaitState(c, name, ProcessState.RUNNING).pid());
      }
    }
    strays.addAll(children);
    await().atMost(PROMPT).until(() -> Files.exists(grandchild) && !pidsIn(grandchild).isEmpty());
    if (root) {
      long nobodyPid = children.get(names.indexOf("nobody"));
      assertTrue(Files.readString(Path.of("/proc", Long.toString(nobodyPid), "status"))
          .contains("Uid:\t65534\t"), "the nobody program runs as nobody");
    }
    children.forEach(pid -> assertTrue(alive(pid), "child " + pid + " runs before the kill"));
    daemon.process.destroyForcibly();
    assertTrue(daemon.process.waitFor(30, TimeUnit.SECONDS));
    await("every child of the killed daemon gone").atMost(PROMPT).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertEquals(List.of(),
            children.stream().filter(FaultInjectionTest::alive).toList()));
    assertTrue(Files.exists(daemon.socket), "the socket file is left behind");
    Jsupervisord second = Jsupervisord.start(dir, Files.readString(dir.resolve("s.conf")));
    daemon = second;
    try (SupervisorClient c = second.client()) {
      ProcessInfo plain = awaitState(c, "plain", ProcessState.RUNNING);
      assertFalse(children.contains((long) plain.pid()), "a new child, not the old one");
    }
    System.out.println("SIGKILL of jsupervisord: children " + children
        + " died with it (parent-death signal); a new daemon started on the same config");
  }
}
