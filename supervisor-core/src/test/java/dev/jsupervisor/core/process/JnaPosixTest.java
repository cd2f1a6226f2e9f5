package dev.jsupervisor.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class JnaPosixTest {
  private final Posix posix = JnaPosix.get();

  @Test
  void identityCallsMatchTheJdk() {
    assertEquals(ProcessHandle.current().pid(), posix.getpid());
    assertTrue(posix.getuid() >= 0);
    assertEquals(0, posix.primaryGid(0).getAsInt(), "root's primary group is 0");
    assertTrue(posix.primaryGid(1_999_999_999).isEmpty());
  }

  @Test
  void lowerCurrentThreadPriorityNicesThatThreadOnly() throws Exception {
    int[] niceOfLowered = new int[1];
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        posix.lowerCurrentThreadPriority();
        niceOfLowered[0] = niceOfThisThread();
      } catch (Throwable e) {
        failure[0] = e;
      }
    });
    t.start();
    t.join(30_000);
    assertEquals(null, failure[0]);
    assertEquals(19, niceOfLowered[0]);
    assertEquals(0, niceOfThisThread(), "the calling thread's neighbours keep their priority");
  }

  /** Field 19 of /proc/thread-self/stat (after the parenthesised command). */
  private static int niceOfThisThread() throws java.io.IOException {
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(after[16]);
  }

  @Test
  void killOfAMissingProcessIsEsrch() throws Exception {
    Process p = new ProcessBuilder("/bin/true").start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    int reaped = (int) p.pid();
    PosixException e = assertThrows(PosixException.class, () -> posix.kill(reaped, 0));
    assertEquals("ESRCH", e.errnoName());
    assertTrue(e.isNoSuchProcess());
    assertEquals("kill: ESRCH", e.getMessage());
    assertThrows(PosixException.class, () -> posix.killpg(reaped, 0));
  }

  @Test
  void killDeliversSignals() throws Exception {
    Process p = new ProcessBuilder("/bin/sleep", "60").start();
    posix.kill((int) p.pid(), 9);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue());
    assertEquals(ExitStatus.killedBy(9, false), ExitStatus.fromJdkExitValue(p.exitValue()));
  }

  @Test
  void umaskRoundTripsAndRlimitsReadBack() throws Exception {
    int old = posix.umask(022);
    assertEquals(022, posix.umask(old));
    long[] nofile = posix.getrlimit(Posix.RLIMIT_NOFILE);
    posix.setrlimit(Posix.RLIMIT_NOFILE, nofile[0], nofile[1]);
    assertEquals(nofile[0], posix.getrlimit(Posix.RLIMIT_NOFILE)[0]);
    PosixException bad =
        assertThrows(PosixException.class, () -> posix.setrlimit(Posix.RLIMIT_NOFILE, 10, 5));
    assertEquals("EINVAL", bad.errnoName());
  }

  @Test
  void exitStatusDecodesWaitStatusWords() {
    assertEquals(ExitStatus.exited(3), ExitStatus.fromWaitStatus(3 << 8));
    assertEquals(ExitStatus.killedBy(11, true), ExitStatus.fromWaitStatus(11 | 0x80));
    assertEquals("terminated by SIGSEGV (core dumped)", ExitStatus.fromWaitStatus(11 | 0x80).describe());
    assertEquals("exit status 3", ExitStatus.fromJdkExitValue(3).describe());
    assertEquals("terminated by SIGTERM", ExitStatus.fromJdkExitValue(143).describe());
  }
}
