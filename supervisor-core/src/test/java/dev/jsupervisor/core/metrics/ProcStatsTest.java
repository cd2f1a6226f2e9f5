package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatsTest {
  private static final String STAT =
      "4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 120 0 0 0 250 75 0 0 20 0 3 0 "
          + "12345 123456789 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  private static final String STATUS =
      "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmRSS:\t  162408 kB\nThreads:\t24\n";

  @Test
  void readsUserPlusSystemTicksAfterACommandWithSpacesAndParentheses() {
    assertEquals(OptionalLong.of(325), ProcStats.cpuTicks(STAT));
  }

  @Test
  void readsResidentBytesAndThreadsFromStatus() {
    assertEquals(OptionalLong.of(162408L * 1024), ProcStats.residentBytes(STATUS));
    assertEquals(OptionalLong.of(24), ProcStats.threads(STATUS));
  }

  @Test
  void readsTheRealProcOfThisJvm() throws Exception {
    String self = Files.readString(Path.of("/proc/self/status"));
    assertTrue(ProcStats.residentBytes(self).orElse(0) > 0);
    assertTrue(ProcStats.threads(self).orElse(0) > 0);
    assertTrue(ProcStats.cpuTicks(Files.readString(Path.of("/proc/self/stat"))).isPresent());
  }

  @Test
  void malformedTruncatedAndOversizedInputReadsAsAbsent() {
    assertEquals(OptionalLong.empty(), ProcStats.cpuTicks(null));
    assertEquals(OptionalLong.empty(), ProcStats.cpuTicks(""));
    assertEquals(OptionalLong.empty(), ProcStats.cpuTicks("4242 (x S 1 2"));
    assertEquals(OptionalLong.empty(), ProcStats.cpuTicks("4242 x) S 1 2 3"));
    assertEquals(OptionalLong.empty(), ProcStats.cpuTicks(STAT.substring(0, 50)));
    assertEquals(OptionalLong.empty(), ProcStats.cpuTicks(STAT.replace(" 250 ", " -250 ")));
    assertEquals(OptionalLong.empty(), ProcStats.cpuTicks(STAT.replace(" 250 ", " 2x0 ")));
    assertEquals(OptionalLong.empty(),
        ProcStats.cpuTicks(STAT.replace(" 250 ", " 99999999999999999999999 ")));
    assertEquals(OptionalLong.empty(), ProcStats.cpuTicks(STAT + "x".repeat(70_000)));
    assertEquals(OptionalLong.empty(), ProcStats.residentBytes(null));
    assertEquals(OptionalLong.empty(), ProcStats.residentBytes("Name:\tx\n"));
    assertEquals(OptionalLong.empty(), ProcStats.residentBytes("VmRSS:\t12 MB\n"));
    assertEquals(OptionalLong.empty(), ProcStats.residentBytes("VmRSS:\t\n"));
    assertEquals(OptionalLong.empty(), ProcStats.residentBytes("VmRSS:\t-5 kB\n"));
    assertEquals(OptionalLong.empty(), ProcStats.residentBytes("XVmRSS:\t5 kB\n"));
    assertEquals(OptionalLong.empty(),
        ProcStats.residentBytes("VmRSS:\t999999999999999999 kB\n"));
    assertEquals(OptionalLong.empty(), ProcStats.threads(STATUS + "y".repeat(70_000)));
    assertEquals(OptionalLong.of(5 * 1024), ProcStats.residentBytes("VmRSS:\t5 kB"));
  }
}
