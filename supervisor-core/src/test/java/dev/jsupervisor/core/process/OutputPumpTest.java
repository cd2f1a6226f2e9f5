package dev.jsupervisor.core.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.process.internal.ReadBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pumping a real child's output: budget, chunk sizes, end of output, the thread it runs on. */
final class OutputPumpTest {
  private static final int BUDGET = 64 * 1024;
  private static final long TOTAL = 4L * 1024 * 1024;
  private final List<SpawnedChild> started = new CopyOnWriteArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(SpawnerTest::killIfRunning);
  }

  private SpawnedChild spawn(Spawner.Mechanism mechanism, String command) throws SpawnException {
    Spawner spawner =
        new Spawner(mechanism, JnaPosix.get(), Map.of("PATH", "/usr/bin:/bin"), Map.of(), null);
    SpawnedChild child = spawner.spawn(Programs.program("p").command(command).build(), "g");
    started.add(child);
    return child;
  }

  /** Holds every release until told, counting what came. */
  private static final class Holding implements OutputPump.Listener {
    final AtomicLong received = new AtomicLong();
    final AtomicInteger largestChunk = new AtomicInteger();
    final AtomicInteger eofs = new AtomicInteger();
    final List<Runnable> held = new CopyOnWriteArrayList<>();
    volatile boolean holding = true;
    volatile String thread;

    @Override
    public void onChunk(byte[] chunk, Runnable release) {
      thread = Thread.currentThread().getName();
      received.addAndGet(chunk.length);
      largestChunk.accumulateAndGet(chunk.length, Math::max);
      if (holding) {
        held.add(release);
      } else {
        release.run();
      }
    }

    @Override
    public void onEof() {
      eofs.incrementAndGet();
    }

    void releaseAll() {
      holding = false;
      List<Runnable> all = List.copyOf(held);
      held.clear();
      all.forEach(Runnable::run);
    }
  }

  @ParameterizedTest
  @EnumSource(Spawner.Mechanism.class)
  void anUnreleasedBudgetStopsReadingAndTheChildWaits(Spawner.Mechanism mechanism) throws Exception {
    SpawnedChild child = spawn(mechanism, "head -c " + TOTAL + " /dev/zero");
    Holding listener = new Holding();
    OutputPump.start("pump-budget", child.stdout(), BUDGET, listener);
    await().atMost(Duration.ofSeconds(20)).until(() -> listener.received.get() >= BUDGET);
    // Past the budget at most the chunk that crossed it is read: the child is stuck in write.
    assertTrue(listener.received.get() < BUDGET + OutputPump.CHUNK_SIZE, listener.received::toString);
    assertFalse(child.exit().isDone());
    // Releases from another thread, as the daemon loop does; each wakes the pump again.
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      listener.releaseAll();
      return listener.eofs.get() == 1;
    });
    assertEquals(TOTAL, listener.received.get());
    assertEquals(ExitStatus.exited(0), child.exit().get(30, TimeUnit.SECONDS));
    assertTrue(listener.largestChunk.get() <= OutputPump.CHUNK_SIZE);
    assertTrue(listener.largestChunk.get() > 4096, "the read buffer grew");
  }

  @Test
  void nativePipesAreReadByTheSharedPollThreadNotOneOfTheirOwn() throws Exception {
    SpawnedChild child = spawn(Spawner.Mechanism.POSIX_SPAWN, "echo hi");
    Holding listener = new Holding();
    listener.holding = false;
    OutputPump.start("pump-own-thread", child.stdout(), BUDGET, listener);
    await().atMost(Duration.ofSeconds(20)).until(() -> listener.eofs.get() == 1);
    assertEquals(3, listener.received.get());
    assertEquals("child-poller", listener.thread);
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("pump-own-thread")));
  }

  @Test
  void theReadBufferDoublesWhenFilledUpToTheChunkSize() {
    ReadBuffer buffer = new ReadBuffer();
    assertEquals(4096, buffer.array().length);
    assertEquals(10, buffer.take(10).length);
    assertEquals(4096, buffer.array().length);
    while (buffer.array().length < OutputPump.CHUNK_SIZE) {
      int size = buffer.array().length;
      assertEquals(size, buffer.take(size).length);
      assertEquals(size * 2, buffer.array().length);
    }
    buffer.take(OutputPump.CHUNK_SIZE);
    assertEquals(OutputPump.CHUNK_SIZE, buffer.array().length);
  }
}
