package dev.jsupervisor.core.process.internal;

import com.sun.jna.Memory;
import dev.jsupervisor.core.process.ExitStatus;
import dev.jsupervisor.core.process.PosixException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread that notices every native child's exit: it polls a pidfd per child (plus an
 * eventfd that announces new children) and reaps exactly the child whose pidfd became readable
 * with {@code waitpid(pid, WNOHANG)}, never {@code waitpid(-1)}, which would steal the exits of
 * children that {@code java.lang.Process} owns. Futures complete on this thread.
 */
public final class ChildReaper implements Runnable {
  private static final int SIGKILL = 9;
  private static final int POLLFD_SIZE = 8; // struct pollfd: int fd; short events, revents
  private static ChildReaper instance;

  private final int wakeFd;
  private final ConcurrentLinkedQueue<Watch> incoming = new ConcurrentLinkedQueue<>();
  private final List<Watch> watched = new ArrayList<>();
  private Memory pollFds = new Memory(64L * POLLFD_SIZE);

  private record Watch(int pid, int pidfd, CompletableFuture<ExitStatus> exit) {}

  private ChildReaper(int wakeFd) {
    this.wakeFd = wakeFd;
  }

  /** The shared reaper, started on first use. */
  public static synchronized ChildReaper get() throws PosixException {
    if (instance == null) {
      int fd = LibC.eventfd(0, LibC.O_CLOEXEC | LibC.O_NONBLOCK);
      if (fd == -1) {
        throw new PosixException("eventfd", LibC.errno());
      }
      instance = new ChildReaper(fd);
      Thread thread = new Thread(instance, "child-reaper");
      thread.setDaemon(true);
      thread.start();
    }
    return instance;
  }

  /**
   * Opens a pidfd for {@code pid}, a child of this process not yet reaped, and returns its exit
   * status to come. When no pidfd can be had (out of descriptors) the child is killed and
   * reaped at once, so that it neither runs unsupervised nor stays a zombie, and this fails.
   */
  public CompletableFuture<ExitStatus> watch(int pid) throws PosixException {
    int pidfd;
    try {
      pidfd = pidfdOpen(pid);
    } catch (PosixException e) {
      LibC.kill(pid, SIGKILL);
      LibC.waitpid(pid, new int[1], 0);
      throw e;
    }
    CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    incoming.add(new Watch(pid, pidfd, exit));
    LibC.write(wakeFd, longOne(), 8);
    return exit;
  }

  /** A close-on-exec pidfd (Linux 5.3+), or the errno as an exception. */
  static int pidfdOpen(int pid) throws PosixException {
    long fd = LibC.syscall(LibC.SYS_PIDFD_OPEN, pid, 0);
    if (fd < 0) {
      throw new PosixException("pidfd_open", LibC.errno());
    }
    return (int) fd;
  }

  private static byte[] longOne() {
    byte[] one = new byte[8];
    java.nio.ByteBuffer.wrap(one).order(java.nio.ByteOrder.nativeOrder()).putLong(1);
    return one;
  }

  @Override
  public void run() {
    byte[] drain = new byte[8];
    int[] status = new int[1];
    while (true) {
      for (Watch w; (w = incoming.poll()) != null; ) {
        watched.add(w);
      }
      int count = watched.size() + 1;
      if (pollFds.size() < (long) count * POLLFD_SIZE) {
        pollFds = new Memory(Long.highestOneBit(count) * 2 * POLLFD_SIZE);
      }
      pollFds.setInt(0, wakeFd);
      pollFds.setInt(4, LibC.POLLIN); // events = POLLIN, revents = 0
      for (int i = 0; i < watched.size(); i++) {
        pollFds.setInt((i + 1L) * POLLFD_SIZE, watched.get(i).pidfd());
        pollFds.setInt((i + 1L) * POLLFD_SIZE + 4, LibC.POLLIN);
      }
      if (LibC.poll(pollFds, count, -1) == -1) {
        continue; // EINTR; nothing else can fail with valid descriptors
      }
      if (pollFds.getShort(6) != 0) {
        LibC.read(wakeFd, drain, 8);
      }
      // Backwards, so that removing an entry leaves the unvisited indexes in place.
      for (int i = watched.size() - 1; i >= 0; i--) {
        if (pollFds.getShort((i + 1L) * POLLFD_SIZE + 6) == 0) {
          continue;
        }
        Watch w = watched.get(i);
        int reaped = LibC.waitpid(w.pid(), status, LibC.WNOHANG);
        if (reaped == 0) {
          continue; // not yet a zombie after all
        }
        watched.remove(i);
        LibC.close(w.pidfd());
        // -1 (ECHILD) means someone else reaped it: the status is lost.
        w.exit().complete(reaped == w.pid() ? ExitStatus.fromWaitStatus(status[0]) : ExitStatus.exited(-1));
      }
    }
  }
}
