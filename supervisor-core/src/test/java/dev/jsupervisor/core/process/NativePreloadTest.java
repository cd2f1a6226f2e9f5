package dev.jsupervisor.core.process;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.process.internal.PosixSpawn;
import org.junit.jupiter.api.Test;

/**
 * The daemon's background binding of the native calls: where they work it ends without a
 * failure to report (a broken JNA is LaunchersIT's case: the daemon names JNA's own error).
 */
final class NativePreloadTest {
  @Test
  void whereTheNativeCallsWorkThePreloadReportsNoFailure() {
    assumeTrue(PosixSpawn.unavailable() == null, "no native spawning here");
    Spawner.prepareInBackground();
    assertNull(Spawner.preloadFailure());
  }
}
