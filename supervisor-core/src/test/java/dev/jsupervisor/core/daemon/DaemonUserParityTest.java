package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import dev.jsupervisor.core.process.JnaPosix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code [supervisord] user=}: jsupervisord and supervisord 4.2.5 on the same config, started by
 * root, both become {@code nobody} before they create their log, socket, pidfile and child logs,
 * and log the same lines; run by a non-root user they refuse the same way.
 */
class DaemonUserParityTest {
  private static final int NOBODY = 65534;
  private static final String SETPRIV = "/usr/bin/setpriv";

  private static final String CONFIG =
      LiveDaemon.CONFIG_HEADER.replace("[supervisord]\n", "[supervisord]\nuser=nobody\n")
          + "[program:sleeper]\ncommand=/bin/sleep 100000\nstartsecs=0\n";

  @RegisterExtension
  final LiveDaemons daemons =
      new LiveDaemons(
          d -> {
            Files.setOwner(d.dir, nobodyPrincipal(d.dir));
            // An installation must be readable by the user the daemon becomes.
            d.classPath = readableClassPath();
          });

  @BeforeEach
  void needsRootAndNobody() {
    assumeTrue(JnaPosix.get().getuid() == 0, "needs root");
    assumeTrue(JnaPosix.get().primaryGid(NOBODY).isPresent(), "needs the user nobody");
  }

  @Test
  void rootBecomesNobodyBeforeCreatingAnythingAsSupervisordDoes() throws Exception {
    List<LiveDaemon> pair = daemons.startBoth(CONFIG);
    LiveDaemon oracle = pair.get(0);
    LiveDaemon ours = pair.get(1);
    for (LiveDaemon d : pair) {
      await("sleeper running under " + d.kind).atMost(LiveDaemon.PATIENCE)
          .until(() -> d.mainLog().contains("success: sleeper"));
    }
    assertEquals(credentials(oracle.pid()), credentials(ours.pid()));
    assertEquals("Uid:\t65534\t65534\t65534\t65534", credentials(ours.pid()).get("Uid"));
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(ours.pid()), "task"))) {
      for (Path task : tasks.toList()) {
        assertTrue(Files.readString(task.resolve("status")).contains("Uid:\t65534\t65534\t"),
            "every JVM thread switched: " + task);
      }
    }
    assertEquals(credentials(childPid(oracle)), credentials(childPid(ours)));
    assertEquals("Uid:\t65534\t65534\t65534\t65534", credentials(childPid(ours)).get("Uid"));
    assertEquals(owners(oracle), owners(ours));
    assertEquals(
        Map.of("AUTO child log", "nobody rw-------", "d.pid", "nobody rw-r--r--",
            "main.log", "nobody rw-r--r--", "s.sock", "nobody rwx------"),
        owners(ours));

    // A reload re-applies the user (already in effect now) and says so again.
    for (LiveDaemon d : pair) {
      d.signal("HUP");
    }
    for (LiveDaemon d : pair) {
      await("reload of " + d.kind).atMost(LiveDaemon.PATIENCE)
          .until(() -> Masks.count(d.mainLog(), "success: sleeper") == 2);
    }
    oracle.signal("TERM");
    ours.signal("TERM");
    assertEquals(oracle.awaitExit(LiveDaemon.PATIENCE), ours.awaitExit(LiveDaemon.PATIENCE));
    assertEquals(Masks.mask(oracle.mainLog(), oracle), Masks.mask(ours.mainLog(), ours));
    assertEquals(2, Masks.count(ours.mainLog(), "INFO Set uid to user 65534 succeeded\n"));
    assertFalse(Files.exists(ours.dir.resolve("d.pid")), "nobody removed its own pidfile");
  }

  @Test
  void aNonRootDaemonRefusesAnotherUserAsSupervisordDoes() throws Exception {
    String toRoot = LiveDaemon.CONFIG_HEADER.replace("[supervisord]\n", "[supervisord]\nuser=root\n");
    String unknown =
        LiveDaemon.CONFIG_HEADER.replace("[supervisord]\n", "[supervisord]\nuser=nosuchuser9\n");
    // As nobody: in the foreground, and about to go to the background (checked before it does).
    for (String config : List.of(toRoot, toRoot.replace("nodaemon=true\n", ""), unknown)) {
      LiveDaemon.Output expected = runAsNobody(Kind.SUPERVISORD, config);
      LiveDaemon.Output actual = runAsNobody(Kind.JSUPERVISORD, config);
      assertEquals(2, expected.exitCode(), expected.toString());
      assertEquals(expected.exitCode(), actual.exitCode(), actual.toString());
      assertEquals(program(expected.stderr()), program(actual.stderr()));
    }
    assertEquals(
        "Error: Can't drop privilege as nonroot user\nFor help, use PROG -h\n",
        program(runAsNobody(Kind.JSUPERVISORD, toRoot).stderr()));
  }

  /** Runs the daemon as nobody until it exits; returns what it printed. */
  private LiveDaemon.Output runAsNobody(Kind kind, String config) throws IOException {
    try (LiveDaemon d = LiveDaemon.create(kind)) {
      Files.setOwner(d.dir, nobodyPrincipal(d.dir));
      d.writeConfig(config);
      List<String> command =
          new ArrayList<>(List.of(SETPRIV, "--reuid=" + NOBODY, "--regid=" + NOBODY,
              "--clear-groups", "--"));
      if (kind == Kind.SUPERVISORD) {
        command.add(LiveDaemon.SUPERVISORD);
      } else {
        command.addAll(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", readableClassPath(),
            Main.class.getName()));
      }
      command.addAll(List.of("-c", d.conf.toString()));
      return d.run(command, null, Duration.ofSeconds(60), out -> false);
    }
  }

  private static String program(String stderr) {
    return stderr.replace(LiveDaemon.SUPERVISORD, "PROG").replace("jsupervisord", "PROG");
  }

  /** Uid, Gid and Groups lines of /proc/PID/status. */
  private static Map<String, String> credentials(long pid) throws IOException {
    Map<String, String> lines = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      String key = line.substring(0, Math.max(0, line.indexOf(':')));
      if (key.equals("Uid") || key.equals("Gid") || key.equals("Groups")) {
        lines.put(key, line.strip());
      }
    }
    return lines;
  }

  private static long childPid(LiveDaemon d) throws IOException {
    List<ProcTable.Row> children = ProcTable.childrenOf(d.pid());
    assertEquals(1, children.size(), d.kind + " children: " + children);
    return children.get(0).pid();
  }

  /** Owner and mode of each file the daemon created in its dir (AUTO child logs as one). */
  private static Map<String, String> owners(LiveDaemon d) throws IOException {
    Map<String, String> owners = new TreeMap<>();
    try (Stream<Path> files = Files.list(d.dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.equals("d.conf") || name.startsWith("daemon.") || name.startsWith("cmd")) {
          continue;
        }
        String key = name.contains("---supervisor-") ? "AUTO child log" : name;
        String owner = Files.getOwner(f, LinkOption.NOFOLLOW_LINKS).getName() + " "
            + PosixFilePermissions.toString(
                Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
        owners.merge(key, owner, (a, b) -> a.equals(b) ? a : a + "," + b);
      }
    }
    return owners;
  }

  private static UserPrincipal nobodyPrincipal(Path dir) throws IOException {
    return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
  }

  private static String readableClassPath;

  /**
   * The test class path with its jars copied where nobody can read them (the local Maven
   * repository is under root's home); directories are used in place.
   */
  static synchronized String readableClassPath() throws IOException {
    if (readableClassPath == null) {
      Path jars = Files.createTempDirectory(Path.of("/tmp"), "jscp");
      Files.setPosixFilePermissions(jars, PosixFilePermissions.fromString("rwxr-xr-x"));
      jars.toFile().deleteOnExit(); // runs after the copies' (reverse order of registration)
      List<String> entries = new ArrayList<>();
      int i = 0;
      for (String entry : System.getProperty("java.class.path").split(":")) {
        Path p = Path.of(entry);
        if (Files.isRegularFile(p)) {
          Path copy = jars.resolve((i++) + "-" + p.getFileName());
          Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
          copy.toFile().deleteOnExit();
          entries.add(copy.toString());
        } else {
          entries.add(entry);
        }
      }
      readableClassPath = String.join(":", entries);
    }
    return readableClassPath;
  }
}
