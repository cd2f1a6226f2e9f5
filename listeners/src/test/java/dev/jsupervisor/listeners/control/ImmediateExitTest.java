package dev.jsupervisor.listeners.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs a JVM blocked reading stdin, as a listener is, and checks that SIGTERM ends it through
 * {@link ImmediateExit}: status 143, none of the JVM's own exit steps (a shutdown hook stands
 * for them, skipping them is what skips the JVM's wait for threads in native code), and its
 * stdout ends only once the process can be reaped, so whoever reads it can reap it on that EOF.
 */
class ImmediateExitTest {

  /** The child: installs the handler and a hook, says so, then blocks on stdin. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
      boolean installed = ImmediateExit.onSigterm(() -> System.out.println("unbound"));
      System.out.println(installed ? "installed" : "not installed");
      System.out.flush();
      System.in.read();
    }
  }

  @Test
  void sigtermEndsTheProcessAtOnceWithTheJvmsStatus() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Child.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("installed", out.readLine());
      // At once: libc is most likely still being bound, and the handler must wait for it.
      child.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of stdout
      List<String> rest = out.lines().toList(); // up to the end of its stdout
      assertTrue(reapable(child.pid()), "stdout ended before the process could be reaped");
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not exit");
      assertEquals(143, child.exitValue());
      assertFalse(rest.contains("unbound"), "libc could not be bound");
      assertFalse(rest.contains("hook ran"),
          "the JVM's exit sequence ran: the signal took the slow path");
    } finally {
      child.destroyForcibly();
    }
  }

  /** Whether the process is gone (reaped by this JVM) or a zombie with no thread left. */
  private static boolean reapable(long pid) throws Exception {
    Path proc = Path.of("/proc", Long.toString(pid));
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      String stat = Files.readString(proc.resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return (state == 'Z' || state == 'X') && tasks.count() <= 1;
    } catch (NoSuchFileException e) {
      return true;
    }
  }
}
