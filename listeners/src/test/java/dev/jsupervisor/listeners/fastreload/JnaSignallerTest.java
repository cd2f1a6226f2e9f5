package dev.jsupervisor.listeners.fastreload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JnaSignallerTest {
  private final JnaSignaller signaller = new JnaSignaller();
  private final LinuxProcFs procFs = new LinuxProcFs();

  @Test
  void signalsOneProcessWithTheGivenSignal() throws Exception {
    Process p = new ProcessBuilder("sleep", "60").start();
    assertEquals(0, signaller.kill((int) p.pid(), 15));
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(128 + 15, p.exitValue());
    assertEquals(Signaller.ESRCH, signaller.kill((int) p.pid(), 0), "reaped: no such process");
  }

  @Test
  void negativePidSignalsTheWholeProcessGroup() throws Exception {
    // setsid does not fork here (the JVM's child is no group leader), so pid == pgid.
    Process p = new ProcessBuilder("setsid", "sh", "-c", "sleep 60 & sleep 60 & wait").start();
    try {
      await().atMost(Duration.ofSeconds(10))
          .until(() -> p.toHandle().children().count() == 2);
      List<ProcessHandle> sleeps = p.toHandle().children().toList();
      assertEquals(p.pid(), procFs.stat((int) p.pid()).orElseThrow().pgrp());
      assertEquals(0, signaller.kill((int) -p.pid(), 15));
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> sleeps.stream().noneMatch(h -> procFs.stat((int) h.pid())
              .map(s -> !s.isDead()).orElse(false)));
    } finally {
      p.destroyForcibly();
    }
  }
}
