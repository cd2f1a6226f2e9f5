package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.util.ProcStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatFilesTest {
  @TempDir Path proc;

  private void stat(int pid, long ticks, long pages) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(String.valueOf(pid)));
    Files.writeString(dir.resolve("stat"), pid + " (p) S 1 2 3 4 5 6 7 8 9 10 " + ticks
        + " 0 0 0 20 0 1 0 5 6 " + pages + " 8\n");
  }

  @Test
  void aKeptFileIsReadAgainFromItsStartAndGivesTheNewText() throws IOException {
    ProcStatFiles files = new ProcStatFiles(proc, () -> 1000);
    stat(10, 100, 5);
    assertEquals(new ProcStats.Stat(100, 5, 1), files.read(new int[] {10})[0]);
    assertEquals(1, files.keptFiles());
    stat(10, 12_345, 67);
    assertEquals(new ProcStats.Stat(12_345, 67, 1), files.read(new int[] {10})[0]);
  }

  @Test
  void keepsOneFilePerListedProcessAndClosesThoseNoLongerListed() throws IOException {
    ProcStatFiles files = new ProcStatFiles(proc, () -> 1000);
    for (int pid = 1; pid <= 5; pid++) {
      stat(pid, pid, pid);
    }
    ProcStats.Stat[] all = files.read(new int[] {1, 2, 3, 4, 5});
    assertEquals(5, files.keptFiles());
    assertEquals(new ProcStats.Stat(3, 3, 1), all[2]);
    ProcStats.Stat[] two = files.read(new int[] {4, 2});
    assertEquals(new ProcStats.Stat(4, 4, 1), two[0]);
    assertEquals(new ProcStats.Stat(2, 2, 1), two[1]);
    assertEquals(2, files.keptFiles());
    files.close();
    assertEquals(0, files.keptFiles());
  }

  @Test
  void keepsOnlyAQuarterOfTheFreeDescriptorsAndReadsTheRestOnce() throws IOException {
    ProcStatFiles files = new ProcStatFiles(proc, () -> 8);
    for (int pid = 1; pid <= 5; pid++) {
      stat(pid, pid, pid);
    }
    ProcStats.Stat[] all = files.read(new int[] {1, 2, 3, 4, 5});
    for (int i = 0; i < 5; i++) {
      assertEquals(new ProcStats.Stat(i + 1, i + 1, 1), all[i]);
    }
    assertEquals(2, files.keptFiles());
    ProcStatFiles none = new ProcStatFiles(proc, () -> 0);
    assertEquals(new ProcStats.Stat(1, 1, 1), none.read(new int[] {1})[0]);
    assertEquals(0, none.keptFiles());
  }

  @Test
  void absentMalformedOversizedEmptyAndNonPositivePidsReadAsNull() throws IOException {
    ProcStatFiles files = new ProcStatFiles(proc, () -> 1000);
    stat(1, 1, 1);
    Path bad = Files.createDirectories(proc.resolve("2"));
    Files.writeString(bad.resolve("stat"), "2 (p) S 1 2\n");
    Path huge = Files.createDirectories(proc.resolve("3"));
    Files.writeString(huge.resolve("stat"), "3 (p) S" + " 1".repeat(40_000) + "\n");
    Path empty = Files.createDirectories(proc.resolve("4"));
    Files.writeString(empty.resolve("stat"), "");
    ProcStats.Stat[] out = files.read(new int[] {0, -1, 1, 2, 3, 4, 99, 1});
    assertNull(out[0]);
    assertNull(out[1]);
    assertEquals(new ProcStats.Stat(1, 1, 1), out[2]);
    assertNull(out[3]);
    assertNull(out[4]);
    assertNull(out[5]);
    assertNull(out[6]);
    assertEquals(new ProcStats.Stat(1, 1, 1), out[7]);
    // 1, and 2 and 3 (read, though their text is bad); not 4, which read nothing.
    assertEquals(3, files.keptFiles());
  }

  @Test
  void aRealProcessThatExitedReadsAsGoneThroughItsKeptFile() throws Exception {
    ProcStatFiles files = new ProcStatFiles(Path.of("/proc"), () -> 1000);
    Process child = new ProcessBuilder("sleep", "1000").start();
    try {
      int pid = (int) child.pid();
      assertNotNull(files.read(new int[] {pid})[0]);
      assertEquals(1, files.keptFiles());
      child.destroyForcibly();
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
      assertNull(files.read(new int[] {pid})[0]);
      assertEquals(0, files.keptFiles());
    } finally {
      child.destroyForcibly();
      files.close();
    }
  }

  /**
   * The daemon lists a reaped child's pid until it has read the child's last output; if another
   * process takes the pid meanwhile, its /proc file must not stand for the child. Here the
   * directory first links to the real child's /proc entry, then (after the child is reaped) to
   * a stat of another process under the same pid.
   */
  @Test
  void aReapedProcessReadsAsGoneEvenWhenItsPidNowNamesAnotherProcess() throws Exception {
    ProcStatFiles files = new ProcStatFiles(proc, () -> 1000);
    Process child = new ProcessBuilder("sleep", "1000").start();
    try {
      int pid = (int) child.pid();
      Path entry = proc.resolve(String.valueOf(pid));
      Files.createSymbolicLink(entry, Path.of("/proc", String.valueOf(pid)));
      assertNotNull(files.read(new int[] {pid})[0]);
      assertEquals(1, files.keptFiles());
      child.destroyForcibly();
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
      Files.delete(entry);
      stat(pid, 777, 7); // "another process" now under that pid
      assertNull(files.read(new int[] {pid})[0]);
      assertEquals(0, files.keptFiles());
      // Once the daemon lists the pid afresh (a later scrape), it is read by path again.
      assertEquals(new ProcStats.Stat(777, 7, 1), files.read(new int[] {pid})[0]);
    } finally {
      child.destroyForcibly();
      files.close();
    }
  }
}
