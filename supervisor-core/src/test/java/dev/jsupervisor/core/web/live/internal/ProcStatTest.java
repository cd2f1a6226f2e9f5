package dev.jsupervisor.core.web.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {
  private static final String STAT = "1234 (my (odd) prog) S 1 1234 1234 0 -1 4194560 100 0 0 0 "
      + "250 50 0 0 20 0 1 0 5000 10000000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0";

  @Test
  void cpuIsUtimePlusStimeCountedFromTheLastParenthesis() {
    assertEquals(3.0, ProcStat.cpuSeconds(STAT));
  }

  @Test
  void malformedOrTruncatedStatGivesMinusOne() {
    assertEquals(-1, ProcStat.cpuSeconds(""));
    assertEquals(-1, ProcStat.cpuSeconds("1234 no parenthesis S 1 2 3"));
    assertEquals(-1, ProcStat.cpuSeconds("1234 (x) S 1 1234 1234 0 -1 4194560 100 0 0 0"));
    assertEquals(-1, ProcStat.cpuSeconds("1234 (x) S 1 1234 1234 0 -1 4194560 100 0 0 0 abc 50 0"));
    assertEquals(-1, ProcStat.cpuSeconds("1234 (x) S 1 1234 1234 0 -1 4194560 100 0 0 0 -5 50 0"));
    assertEquals(-1, ProcStat.cpuSeconds("1234 (x) S 1 1 1 0 -1 1 1 0 0 0 99999999999999999999 1 0"));
  }

  @Test
  void rssIsTheVmRssLineInBytes() {
    assertEquals(2048L * 1024, ProcStat.rssBytes("Name:\tx\nVmPeak:\t 9 kB\nVmRSS:\t    2048 kB\n"));
  }

  @Test
  void malformedRssGivesMinusOne() {
    assertEquals(-1, ProcStat.rssBytes(""));
    assertEquals(-1, ProcStat.rssBytes("VmRSS:\t 12 MB\n"));
    assertEquals(-1, ProcStat.rssBytes("VmRSS:\t twelve kB\n"));
    assertEquals(-1, ProcStat.rssBytes("VmRSS:\n"));
    assertEquals(-1, ProcStat.rssBytes("VmRSS:\t -3 kB\n"));
    assertEquals(-1, ProcStat.rssBytes("VmRSS:\t 99999999999999999 kB\n"));
  }

  @Test
  void readsAProcTreeAndSkipsOversizedOrMissingFiles(@TempDir Path proc) throws IOException {
    Files.createDirectories(proc.resolve("7"));
    Files.writeString(proc.resolve("7/stat"), STAT);
    Files.writeString(proc.resolve("7/status"), "VmRSS:\t 4 kB\n");
    assertEquals(new ProcStat.Usage(3.0, 4096), new ProcStat(proc, 1).read(7));
    Files.writeString(proc.resolve("7/status"), "x".repeat(ProcStat.MAX_FILE_BYTES + 1));
    assertEquals(-1, new ProcStat(proc, 1).read(7).rssBytes());
    assertEquals(ProcStat.Usage.UNKNOWN, new ProcStat(proc, 1).read(8));
    assertEquals(ProcStat.Usage.UNKNOWN, new ProcStat(proc, 1).read(0));
  }

  @Test
  void aPidWhoseProcessHasAnotherParentIsNotTheDaemonsChildAnyMore(@TempDir Path proc)
      throws IOException {
    // The child was reaped and its pid taken by a process the daemon did not start.
    Files.createDirectories(proc.resolve("7"));
    Files.writeString(proc.resolve("7/stat"), STAT.replace(") S 1 ", ") S 4242 "));
    Files.writeString(proc.resolve("7/status"), "VmRSS:\t 4 kB\n");
    assertEquals(ProcStat.Usage.UNKNOWN, new ProcStat(proc, 1).read(7));
    assertEquals(new ProcStat.Usage(3.0, 4096), new ProcStat(proc, 4242).read(7));
    Files.writeString(proc.resolve("7/stat"), "7 (x) S");
    assertEquals(ProcStat.Usage.UNKNOWN, new ProcStat(proc, 1).read(7), "truncated");
  }

  @Test
  void readsAChildOfThisJvmFromTheRealProcAndNotThisJvmItself() throws Exception {
    Process child = new ProcessBuilder("sleep", "30").start();
    try {
      ProcStat stat = new ProcStat(Path.of("/proc"), ProcessHandle.current().pid());
      ProcStat.Usage usage = stat.read((int) child.pid());
      assertTrue(usage.cpuSeconds() >= 0 && usage.rssBytes() > 0, "a child: " + usage);
      assertEquals(ProcStat.Usage.UNKNOWN, stat.read((int) ProcessHandle.current().pid()),
          "not our child");
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  @Test
  void readsThisJvmFromTheRealProc() {
    ProcStat.Usage usage = new ProcStat(Path.of("/proc"), ProcessHandle.current().parent()
        .orElseThrow().pid()).read((int) ProcessHandle.current().pid());
    assertTrue(usage.cpuSeconds() > 0, "a running JVM has used CPU: " + usage);
    assertTrue(usage.rssBytes() > 1024 * 1024, "a JVM has more than 1 MiB resident: " + usage);
  }
}
