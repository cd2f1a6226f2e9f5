package dev.jsupervisor.core.process.internal;

import com.sun.jna.Memory;
import com.sun.jna.Platform;
import dev.jsupervisor.core.process.PosixException;

/**
 * An epoll instance whose entries are readable descriptors, each known by a token (epoll's
 * 64-bit user data), level-triggered. Used by one thread.
 */
final class EpollSet {
  static final int EPOLL_CTL_ADD = 1;
  static final int EPOLL_CTL_DEL = 2;
  static final int EPOLLIN = 0x1;
  /**
   * {@code struct epoll_event} is packed on x86-64 (12 bytes, the data right after the 32-bit
   * event mask) and naturally aligned elsewhere (16 bytes, the data at 8).
   */
  static final int EVENT_SIZE = Platform.isIntel() ? 12 : 16;

  static final int DATA_OFFSET = Platform.isIntel() ? 4 : 8;

  private final int epfd;
  private final Memory one = new Memory(EVENT_SIZE);
  private Memory events = new Memory(64L * EVENT_SIZE);
  private int capacity = 64;

  private EpollSet(int epfd) {
    this.epfd = epfd;
  }

  /** A new close-on-exec epoll instance. */
  static EpollSet open() throws PosixException {
    int fd = LibC.epoll_create1(LibC.O_CLOEXEC);
    if (fd == -1) {
      throw new PosixException("epoll_create1", LibC.errno());
    }
    return new EpollSet(fd);
  }

  /** Watches {@code fd} for input (and hang-up) under {@code token}. */
  void add(int fd, long token) throws PosixException {
    one.setInt(0, EPOLLIN);
    one.setLong(DATA_OFFSET, token);
    if (LibC.epoll_ctl(epfd, EPOLL_CTL_ADD, fd, one) == -1) {
      throw new PosixException("epoll_ctl", LibC.errno());
    }
  }

  /** Stops watching {@code fd}; a descriptor not in the set is no error. */
  void forget(int fd) {
    LibC.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, one);
  }

  /**
   * Waits without a timeout until a descriptor is ready and returns how many were reported
   * (their tokens by {@link #token}), or -1 when a signal interrupted the wait.
   *
   * @param room how many the caller wants reported at once at most (the buffer grows to it)
   */
  int await(int room) {
    if (room > capacity) {
      capacity = Math.max(room, capacity * 2);
      events.close();
      events = new Memory((long) capacity * EVENT_SIZE);
    }
    return LibC.epoll_wait(epfd, events, capacity, -1);
  }

  /** The token of the {@code index}th descriptor the last {@link #await} reported. */
  long token(int index) {
    return events.getLong((long) index * EVENT_SIZE + DATA_OFFSET);
  }

  void close() {
    LibC.close(epfd);
    events.close();
    one.close();
  }
}
