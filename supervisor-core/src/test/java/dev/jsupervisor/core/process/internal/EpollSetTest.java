package dev.jsupervisor.core.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.process.PosixException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The child poller's epoll set: what is ready is reported by its token, level-triggered, a
 * forgotten descriptor no longer is, hang-ups count as ready, and the report buffer grows.
 * Every wait here has something ready, so none blocks.
 */
final class EpollSetTest {
  private final List<int[]> pipes = new ArrayList<>();
  private EpollSet set;

  @BeforeEach
  void open() throws PosixException {
    assumeTrue(LibC.LINK_ERROR == null, "no native C library calls here");
    set = EpollSet.open();
  }

  @AfterEach
  void close() {
    if (set != null) {
      set.close();
    }
    for (int[] p : pipes) {
      LibC.close(p[0]);
      LibC.close(p[1]);
    }
  }

  private int[] pipe() {
    int[] fds = new int[2];
    assertEquals(0, LibC.pipe2(fds, LibC.O_CLOEXEC));
    pipes.add(fds);
    return fds;
  }

  private static void write(int[] pipe) {
    assertEquals(1, LibC.write(pipe[1], new byte[] {'x'}, 1));
  }

  private Set<Long> reported(int room) {
    int count = set.await(room);
    Set<Long> tokens = new HashSet<>();
    for (int i = 0; i < count; i++) {
      tokens.add(set.token(i));
    }
    return tokens;
  }

  @Test
  void onlyTheReadableDescriptorIsReportedByItsToken() throws PosixException {
    int[] quiet = pipe();
    int[] loud = pipe();
    set.add(quiet[0], 7);
    set.add(loud[0], 1L << 40); // the whole 64 bits of user data come back
    write(loud);
    assertEquals(Set.of(1L << 40), reported(4));
  }

  @Test
  void unreadDataIsReportedAgainUntilForgotten() throws PosixException {
    int[] a = pipe();
    int[] b = pipe();
    set.add(a[0], 1);
    set.add(b[0], 2);
    write(a);
    write(b);
    assertEquals(Set.of(1L, 2L), reported(4));
    assertEquals(Set.of(1L, 2L), reported(4));
    set.forget(a[0]);
    assertEquals(Set.of(2L), reported(4));
  }

  @Test
  void aHungUpPipeIsReadyAndForgettingTwiceIsHarmless() throws PosixException {
    int[] p = pipe();
    set.add(p[0], 3);
    LibC.close(p[1]);
    p[1] = -1;
    assertEquals(Set.of(3L), reported(1));
    set.forget(p[0]);
    set.forget(p[0]);
  }

  @Test
  void theReportBufferGrowsToTheRoomAskedFor() throws PosixException {
    Set<Long> expected = new HashSet<>();
    for (long token = 1; token <= 150; token++) {
      int[] p = pipe();
      set.add(p[0], token);
      write(p);
      expected.add(token);
    }
    assertEquals(expected, reported(151));
  }

  @Test
  void addingADescriptorThatIsNotOpenFailsNamingTheCall() {
    PosixException e = assertThrows(PosixException.class, () -> set.add(1_000_000, 1));
    assertTrue(e.getMessage().contains("epoll_ctl"), e.getMessage());
  }
}
