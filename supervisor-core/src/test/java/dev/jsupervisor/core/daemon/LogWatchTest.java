package dev.jsupervisor.core.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jsupervisor.core.rpc.LogFollower;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWatchTest {
  @TempDir Path dir;

  @Test
  void aWaitingFollowerWakesOnWriteAndStartsWithTheBacklog() throws Exception {
    Path log = dir.resolve("a.log");
    Files.writeString(log, "0123456789");
    LogWatch watch = new LogWatch();
    try (LogFollower follower = watch.follow(log, 4)) {
      assertArrayEquals(bytes("6789"), follower.next().get());
      CompletableFuture<byte[]> next = follower.next();
      assertFalse(next.isDone(), "nothing new yet");
      Files.writeString(log, "ab", StandardOpenOption.APPEND);
      watch.touched(log);
      assertArrayEquals(bytes("ab"), next.get());
    }
  }

  @Test
  void closingAWaitingFollowerLeavesNoRegistrationBehind() {
    Path log = dir.resolve("quiet.log");
    LogWatch watch = new LogWatch();
    LogFollower kept = watch.follow(log, 0);
    LogFollower departed = watch.follow(log, 0);
    CompletableFuture<byte[]> keptNext = kept.next();
    departed.next();
    departed.next(); // asking again must not register twice
    assertEquals(2, watch.followerCount());
    assertEquals(2, watch.waiterCount(log));

    departed.close();
    assertEquals(1, watch.followerCount());
    assertEquals(1, watch.waiterCount(log));
    kept.close();
    assertEquals(0, watch.followerCount());
    assertEquals(0, watch.waiterCount(log));
    assertFalse(keptNext.isDone());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
