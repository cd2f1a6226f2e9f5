package dev.jsupervisor.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.config.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real children: process group, environment, umask, directory, user and output capture, started
 * with posix_spawn ({@link JdkSpawnerTest} runs the same with {@code java.lang.Process}).
 */
class SpawnerTest {
  @TempDir Path dir;
  private final List<SpawnedChild> started = new ArrayList<>();
  private final Spawner spawner =
      new Spawner(
          mechanism(),
          JnaPosix.get(),
          Map.of("PATH", "/usr/bin:/bin", "FROM_DAEMON", "d", "SHARED", "daemon"),
          Map.of("SHARED", "supervisord", "SUP_ONLY", "s", "OVERRIDE", "supervisord"),
          "unix:///tmp/js.sock");

  Spawner.Mechanism mechanism() {
    return Spawner.Mechanism.POSIX_SPAWN;
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(SpawnerTest::killIfRunning);
  }

  /** SIGKILL for a child not yet reaped (a reaped pid may already name another process). */
  static void killIfRunning(SpawnedChild child) {
    if (!child.exit().isDone()) {
      try {
        JnaPosix.get().kill(child.pid(), 9);
      } catch (PosixException e) {
        // Gone meanwhile.
      }
    }
  }

  private SpawnedChild spawn(Programs p) throws SpawnException {
    SpawnedChild child = spawner.spawn(p.build(), "grp");
    started.add(child);
    return child;
  }

  /** Runs the program to its end and returns stdout + "|" + stderr + "|" + exit value. */
  private String run(Programs p) throws Exception {
    SpawnedChild child = spawn(p);
    child.stdin().close();
    byte[] out = child.stdout().readAllBytes();
    byte[] err = child.stderr() == null ? new byte[0] : child.stderr().readAllBytes();
    ExitStatus status = child.exit().get(30, TimeUnit.SECONDS);
    return new String(out, UTF_8) + "|" + new String(err, UTF_8) + "|" + status.code();
  }

  @Test
  void childLeadsItsOwnProcessGroupAndPidIsTheProgramsPid() throws Exception {
    SpawnedChild child = spawn(Programs.program("sleeper").command("sleep 30"));
    // setsid (JDK) runs in the child after the spawn returns, so the group may come a moment later.
    await().atMost(Duration.ofSeconds(10)).until(() -> commOf(child.pid()).equals("sleep"));
    assertEquals(child.pid(), JnaPosix.get().getpgid(child.pid()));
    assertNotEquals(JnaPosix.get().getpgid(JnaPosix.get().getpid()), child.pid());
    // posix_spawn: a new group in the daemon's session, as supervisord's setpgrp; JDK: setsid.
    int expectedSession =
        mechanism() == Spawner.Mechanism.JDK ? child.pid() : sessionOf(JnaPosix.get().getpid());
    assertEquals(expectedSession, sessionOf(child.pid()));
  }

  @Test
  void aGivenSocketBecomesTheChildsFd0AndStaysOpenHere() throws Exception {
    int socket = JnaPosix.get().bindTcp(new byte[] {127, 0, 0, 1}, 0);
    try {
      JnaPosix.get().listen(socket, 1);
      Programs p = Programs.program("fcgi").command("readlink /proc/self/fd/0");
      if (mechanism() == Spawner.Mechanism.JDK) {
        SpawnException e = assertThrows(SpawnException.class,
            () -> spawner.spawn(p.build(), "grp", socket));
        assertTrue(e.getMessage().startsWith("cannot pass the FastCGI socket to 'fcgi'"),
            e.getMessage());
        return;
      }
      SpawnedChild child = spawner.spawn(p.build(), "grp", socket);
      started.add(child);
      child.stdin().write('x'); // nowhere to go: fd 0 is the socket, not a pipe
      String fd0 = new String(child.stdout().readAllBytes(), UTF_8);
      assertEquals(0, child.exit().get(30, TimeUnit.SECONDS).code());
      String inode = Files.readSymbolicLink(Path.of("/proc/self/fd/" + socket)).toString();
      assertEquals(inode + "\n", fd0);
      assertTrue(inode.startsWith("socket:["), inode);
    } finally {
      JnaPosix.get().close(socket);
    }
  }

  @Test
  void environmentFollowsSupervisordPrecedence() throws Exception {
    Programs p = Programs.program("envy").command("env");
    p.environment = Map.of("OVERRIDE", "program", "PROG_ONLY", "p");
    List<String> env = List.of(run(p).split("\\|")[0].split("\n"));
    assertTrue(env.contains("SUPERVISOR_ENABLED=1"), env::toString);
    assertTrue(env.contains("SUPERVISOR_SERVER_URL=unix:///tmp/js.sock"));
    assertTrue(env.contains("SUPERVISOR_PROCESS_NAME=envy"));
    assertTrue(env.contains("SUPERVISOR_GROUP_NAME=grp"));
    assertTrue(env.contains("FROM_DAEMON=d"));
    assertTrue(env.contains("SHARED=supervisord"));
    assertTrue(env.contains("SUP_ONLY=s"));
    assertTrue(env.contains("OVERRIDE=program"));
    assertTrue(env.contains("PROG_ONLY=p"));
  }

  @Test
  void noServerUrlMeansNoVariableAndProgramServerurlWins() throws Exception {
    Spawner bare = new Spawner(JnaPosix.get(), Map.of("PATH", "/usr/bin:/bin"), Map.of(), null);
    Map<String, String> env = bare.environment(Programs.program("a").build(), "g");
    assertFalse(env.containsKey("SUPERVISOR_SERVER_URL"));
    Programs own = Programs.program("b");
    own.serverUrl = "http://127.0.0.1:9001";
    assertEquals("http://127.0.0.1:9001", spawner.environment(own.build(), "g").get("SUPERVISOR_SERVER_URL"));
  }

  @Test
  void umaskAndDirectoryApplyInTheChildAndPidIsStillTheProgram() throws Exception {
    Programs p = Programs.program("where").command("sh -c 'umask; pwd; echo $$'");
    p.umask = 027;
    p.directory = dir.toString();
    SpawnedChild child = spawn(p);
    String[] lines = new String(child.stdout().readAllBytes(), UTF_8).split("\n");
    assertEquals("0027", lines[0]);
    assertEquals(dir.toRealPath().toString(), lines[1]);
    assertEquals(String.valueOf(child.pid()), lines[2]);
  }

  @Test
  void chdirFailureIsReportedOnStderrWithExit127() throws Exception {
    Programs p = Programs.program("lost").command("echo never");
    p.directory = "/nonexistent/dir";
    assertEquals(
        "|supervisor: couldn't chdir to /nonexistent/dir: ENOENT\n"
            + "supervisor: child process was not spawned\n|127",
        run(p));
    Path file = Files.writeString(dir.resolve("file"), "x");
    p.directory = file.toString();
    assertTrue(run(p).contains("couldn't chdir to " + file + ": ENOTDIR\n"));
  }

  @Test
  void directoriesWithQuotesAndSpacesSurviveTheShellPrefix() throws Exception {
    Path odd = Files.createDirectory(dir.resolve("it's a \"dir\" $HOME"));
    Programs p = Programs.program("odd").command("pwd");
    p.directory = odd.toString();
    assertEquals(odd.toRealPath() + "\n||0", run(p));
    p.directory = odd + "/missing";
    assertEquals(
        "|supervisor: couldn't chdir to " + odd + "/missing: ENOENT\n"
            + "supervisor: child process was not spawned\n|127",
        run(p));
  }

  @Test
  void preSpawnChecksFailWithoutStartingAnything() {
    SpawnCheckException noFile =
        assertThrows(
            SpawnCheckException.class,
            () -> spawn(Programs.program("x").command("definitely-not-here-42")));
    assertEquals(Fault.NO_FILE, noFile.fault());
    assertEquals("can't find command 'definitely-not-here-42'", noFile.getMessage());
    SpawnCheckException dirCmd =
        assertThrows(SpawnCheckException.class, () -> spawn(Programs.program("x").command(dir.toString())));
    assertEquals(Fault.NOT_EXECUTABLE, dirCmd.fault());
    assertTrue(started.isEmpty());
  }

  @Test
  void programEnvironmentPathIsSearched() throws Exception {
    CommandLineTest.executable(dir.resolve("only-here"));
    Programs p = Programs.program("x").command("only-here");
    p.environment = Map.of("PATH", dir.toString());
    assertEquals(dir.resolve("only-here").toString(), spawner.check(p.build()).filename());
  }

  @Test
  void userRunsTheProgramAsThatUser() throws Exception {
    assumeTrue(JnaPosix.get().getuid() == 0, "needs root");
    Programs p = Programs.program("nobody").command("id -u");
    p.uid = 65534;
    p.userName = "nobody";
    assertEquals("65534\n||0", run(p));
  }

  @Test
  void redirectStderrMergesIntoStdout() throws Exception {
    Programs p = Programs.program("merged").command("sh -c 'echo out; echo err >&2'");
    p.redirectStderr = true;
    SpawnedChild child = spawn(p);
    assertEquals(null, child.stderr());
    assertEquals("out\nerr\n", new String(child.stdout().readAllBytes(), UTF_8));
  }

  @Test
  void outputIsPumpedIntoLogFilesPerChannel() throws Exception {
    Programs p = Programs.program("talk").command("sh -c 'echo to-out; echo to-err >&2; echo more-out'");
    SpawnedChild child = spawn(p);
    Path out = dir.resolve("out.log");
    Path err = dir.resolve("err.log");
    CountDownLatch done = new CountDownLatch(2);
    pumpToFile(child.stdout(), out, done);
    pumpToFile(child.stderr(), err, done);
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals("to-out\nmore-out\n", Files.readString(out));
    assertEquals("to-err\n", Files.readString(err));
  }

  @Test
  void rotationUnderAFastWriterLosesAndRepeatsNoLine() throws Exception {
    int lines = 20_000;
    Programs p = Programs.program("fast")
        .command("sh -c 'i=0; while [ $i -lt " + lines + " ]; do echo \"line $i\"; i=$((i+1)); done'");
    SpawnedChild child = spawn(p);
    Path log = dir.resolve("fast.log");
    CountDownLatch done = new CountDownLatch(1);
    pumpToFile(child.stdout(), log, 4096, 200, done);
    assertTrue(done.await(60, TimeUnit.SECONDS));
    StringBuilder all = new StringBuilder();
    for (int i = 200; i >= 1; i--) {
      Path backup = dir.resolve("fast.log." + i);
      if (Files.exists(backup)) {
        all.append(Files.readString(backup));
      }
    }
    all.append(Files.readString(log));
    assertTrue(Files.exists(dir.resolve("fast.log.2")), "the writer did rotate");
    String[] got = all.toString().split("\n");
    assertEquals(lines, got.length);
    for (int i = 0; i < lines; i++) {
      assertEquals("line " + i, got[i]);
    }
  }

  private void pumpToFile(java.io.InputStream in, Path file, CountDownLatch done) {
    pumpToFile(in, file, 0, 0, done);
  }

  private void pumpToFile(
      java.io.InputStream in, Path file, long maxBytes, int backups, CountDownLatch done) {
    RotatingLogFile log = new RotatingLogFile(file, maxBytes, backups, e -> {});
    ChannelRecorder recorder =
        new ChannelRecorder(
            new LogConfig(file.toString(), maxBytes, backups, 0, false, false),
            false,
            new ChannelRecorder.Sink() {
              @Override
              public void logWrite(byte[] data) {
                log.write(data);
              }

              @Override
              public void logEvent(byte[] data) {}

              @Override
              public void communicationEvent(byte[] data) {}
            });
    OutputPump.start("pump-" + file.getFileName(), in, 1 << 20, new OutputPump.Listener() {
      @Override
      public void onChunk(byte[] chunk, Runnable release) {
        recorder.accept(chunk);
        release.run();
      }

      @Override
      public void onEof() {
        log.close();
        done.countDown();
      }
    });
  }

  /** Field 6 of /proc/PID/stat (after the parenthesised command name, which may hold spaces). */
  static int sessionOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[3]);
  }

  static String commOf(long pid) throws IOException {
    Path comm = Path.of("/proc", String.valueOf(pid), "comm");
    return Files.exists(comm) ? Files.readString(comm).trim() : "";
  }
}
