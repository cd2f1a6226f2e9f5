package dev.jsupervisor.core.util;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM that took SIGQUIT through {@link QuitSignal}: the action runs on each SIGQUIT, also
 * when the JVM was started with SIGQUIT ignored, while jcmd's attach request (which starts with
 * a SIGQUIT too) does not run it and still gets a thread dump.
 */
final class QuitSignalTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** The JVM under test: prints "ready" (or "unavailable"), then exits 42 on SIGQUIT. */
  static final class Child {
    public static void main(String[] args) throws InterruptedException {
      QuitSignal.subscribeInBackground();
      boolean handled = QuitSignal.handle(() -> {
        System.out.println("quit");
        System.out.flush();
        Runtime.getRuntime().halt(42);
      });
      System.out.println(handled ? "ready" : "unavailable");
      System.out.flush();
      Thread.sleep(PATIENCE.toMillis());
    }
  }

  @Test
  void sigquitRunsTheActionAndJcmdDoesNot(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    // Started with SIGQUIT ignored, as from nohup; the JVM's VM output switched off as the
    // launchers do, so the thread dump it prints first does not show.
    Process child = new ProcessBuilder(
            "env", "--ignore-signal=QUIT",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput",
            "-cp", System.getProperty("java.class.path"), Child.class.getName())
        .redirectOutput(out.toFile())
        .redirectError(dir.resolve("err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    try {
      await().atMost(PATIENCE).until(() -> Files.readString(out).contains("ready")
          || Files.readString(out).contains("unavailable") || !child.isAlive());
      assertEquals("ready\n", Files.readString(out), () -> "child: " + readQuietly(dir.resolve("err")));

      Process jcmd = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
              Long.toString(child.pid()), "Thread.print")
          .redirectOutput(dir.resolve("dump").toFile())
          .redirectErrorStream(true)
          .start();
      assertTrue(jcmd.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "jcmd did not finish");
      assertEquals(0, jcmd.exitValue(), () -> readQuietly(dir.resolve("dump")));
      assertTrue(Files.readString(dir.resolve("dump")).contains("Full thread dump"));
      assertTrue(child.isAlive(), "jcmd's attach request ran the action");

      Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(child.pid())).start();
      assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
      assertTrue(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "no exit on SIGQUIT");
      assertEquals(42, child.exitValue());
      assertEquals(List.of("ready", "quit"), Files.readAllLines(out));
      assertFalse(Files.readString(out).contains("Full thread dump"));
    } finally {
      child.destroyForcibly();
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
