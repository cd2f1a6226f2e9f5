package dev.jsupervisor.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
  void readsUserPlusSystemTicksAndResidentPagesAfterACommandWithSpacesAndParentheses() {
    assertEquals(new ProcStats.Stat(325, 300, 1), ProcStats.stat(STAT));
  }

  @Test
  void fieldsAreSeparatedByRunsOfSpacesWithWhitespaceAroundIgnored() {
    String after = STAT.substring(STAT.lastIndexOf(')') + 1).trim();
    String spaced = "4242 (p) \t " + after.replace(" ", "   ") + " \n\n";
    assertEquals(new ProcStats.Stat(325, 300, 1), ProcStats.stat(spaced));
    // A tab is not a separator: the fields shift and the numbers read are no longer numbers.
    assertNull(ProcStats.stat("4242 (p) " + after.replace(" 250 75 ", " 250\t75 ")));
    // Exactly up to the resident pages (field 24) is enough; one short is not.
    String[] fields = after.split(" ");
    String upToRss = String.join(" ", java.util.Arrays.copyOf(fields, 22));
    assertEquals(new ProcStats.Stat(325, 300, 1), ProcStats.stat("1 (p) " + upToRss));
    assertNull(ProcStats.stat("1 (p) " + String.join(" ", java.util.Arrays.copyOf(fields, 21))));
    assertNull(ProcStats.stat("1 (p) " + upToRss.replace(" 300", " 1234567890123456789")));
    assertEquals(new ProcStats.Stat(325, 123456789012345678L, 1),
        ProcStats.stat("1 (p) " + upToRss.replace(" 300", " 123456789012345678")));
  }

  @Test
  void readsThePageSizeFromSmaps() {
    String smaps = "55d0-55d1 r--p 00000000 08:01 1 /usr/bin/java\nSize:  4 kB\n"
        + "KernelPageSize:        4 kB\nMMUPageSize:  4 kB\n";
    assertEquals(OptionalLong.of(4096), ProcStats.pageSize(smaps));
    assertEquals(OptionalLong.empty(), ProcStats.pageSize("Size: 4 kB\n"));
    assertEquals(OptionalLong.empty(), ProcStats.pageSize(null));
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
    assertTrue(ProcStats.stat(Files.readString(Path.of("/proc/self/stat"))).residentPages() > 0);
    assertTrue(ProcStats.pageSize(Files.readString(Path.of("/proc/self/smaps"))).orElse(0) >= 4096);
  }

  @Test
  void malformedTruncatedAndOversizedInputReadsAsAbsent() {
    assertNull(ProcStats.stat(null));
    assertNull(ProcStats.stat(""));
    assertNull(ProcStats.stat("4242 (x S 1 2"));
    assertNull(ProcStats.stat("4242 x) S 1 2 3"));
    assertNull(ProcStats.stat(STAT.substring(0, 50)));
    assertNull(ProcStats.stat(STAT.replace(" 300 ", " x ")));
    assertNull(ProcStats.stat(STAT.replace(" 250 ", " -250 ")));
    assertNull(ProcStats.stat(STAT.replace(" 250 ", " 2x0 ")));
    assertNull(ProcStats.stat(STAT.replace(" 250 ", " 99999999999999999999999 ")));
    assertNull(ProcStats.stat(STAT + "x".repeat(70_000)));
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

  @Test
  void parentPidIsTheFieldAfterTheStateCountedFromTheLastParenthesis() {
    assertEquals(1, ProcStats.stat(STAT).parentPid());
    String after = STAT.substring(STAT.lastIndexOf(')') + 1);
    assertEquals(77, ProcStats.stat("5 (a) b) (c)" + after.replace(" S 1 ", " R 77 "))
        .parentPid());
    for (String bad : new String[] {" S -1 ", " S abc ", " S 99999999999999999999 "}) {
      assertNull(ProcStats.stat("5 (x)" + after.replace(" S 1 ", bad)), bad);
    }
  }
}
