package dev.jsupervisor.listeners.fastreload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxProcFsTest {
  private final LinuxProcFs procFs = new LinuxProcFs();

  @Test
  void readsARealChildAndLosesItOnceReaped() throws Exception {
    Process p = new ProcessBuilder("sleep", "60").start();
    try {
      ProcStat s = procFs.stat((int) p.pid()).orElseThrow();
      assertEquals(p.pid(), s.pid());
      assertEquals(ProcessHandle.current().pid(), s.ppid());
      assertFalse(s.isDead());
      assertEquals(s.startTime(), procFs.stat((int) p.pid()).orElseThrow().startTime(),
          "the start time identifies the process across reads");
      ProcStat self = procFs.stat((int) ProcessHandle.current().pid()).orElseThrow();
      assertTrue(self.startTime() <= s.startTime(), "the JVM started before its child");
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
    assertEquals(Optional.empty(), procFs.stat((int) p.pid()));
  }

  @Test
  void seesAnUnreapedChildAsDead() throws Exception {
    // sh forks a short sleep, then becomes a long sleep, which never reaps it: a zombie.
    Process p = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 60").start();
    try {
      int zombie;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
        zombie = Integer.parseInt(out.readLine().trim());
        await().atMost(Duration.ofSeconds(10))
            .until(() -> procFs.stat(zombie).map(ProcStat::isDead).orElse(false));
        assertEquals(p.pid(), procFs.stat(zombie).orElseThrow().ppid());
      }
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  @Test
  void absentOrGarbledEntriesGiveNothing(@TempDir Path root) throws Exception {
    LinuxProcFs fake = new LinuxProcFs(root);
    Files.createDirectories(root.resolve("12"));
    Files.writeString(root.resolve("12/stat"), "garbage");
    Files.createDirectories(root.resolve("13"));
    Files.writeString(root.resolve("13/stat"), "13 (x) S 1 13 " + "9 ".repeat(3000));
    Files.createDirectories(root.resolve("14"));
    Files.writeString(root.resolve("14/stat"),
        "14 (ok) R 1 14 14 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 555 0 0\n");
    assertEquals(Optional.empty(), fake.stat(12));
    assertEquals(Optional.empty(), fake.stat(13), "oversized");
    assertEquals(Optional.empty(), fake.stat(99));
    assertEquals(Optional.empty(), fake.stat(0));
    assertEquals(Optional.empty(), fake.stat(-5));
    assertEquals(555, fake.stat(14).orElseThrow().startTime());
  }
}
