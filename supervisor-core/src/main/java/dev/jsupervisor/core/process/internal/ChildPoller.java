package dev.jsupervisor.core.process.internal;

import com.sun.jna.Memory;
import dev.jsupervisor.core.process.ExitStatus;
import dev.jsupervisor.core.process.OutputPump;
import dev.jsupervisor.core.process.PosixException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread that watches every native child: a pidfd per child tells it the child exited, and
 * it reaps exactly that child with {@code waitpid(pid, WNOHANG)}, never {@code waitpid(-1)},
 * which would steal the exits of children {@code java.lang.Process} owns; the output pipes are in
 * the same poll set and read as they become readable. An eventfd wakes it for new entries and
 * for pipes whose budget was released. Listeners and futures run on this thread and must only
 * hand work on.
 */
public final class ChildPoller implements Runnable {
  private static final int SIGKILL = 9;
  private static final int POLLNVAL = 0x20;
  private static final int POLLFD_SIZE = 8; // struct pollfd: int fd; short events, revents
  private static final byte[] ONE = one();
  private static ChildPoller instance;
  /** The eventfd an ended poller left for the next one; -1 when none. Class lock. */
  private static int sharedWakeFd = -1;

  private final int wakeFd;
  private final ConcurrentLinkedQueue<Watched> incoming = new ConcurrentLinkedQueue<>();
  private final List<Watched> watched = new ArrayList<>();
  private Memory pollFds = new Memory(64L * POLLFD_SIZE);
  /**
   * Where every pipe is read (the poll thread alone reads): one native buffer of supervisord's
   * read size instead of a Java array per pipe, which the native call would copy in and out.
   */
  private final Memory readBuffer = new Memory(OutputPump.CHUNK_SIZE);
  private Watched[] polled = new Watched[64];

  /** Set by {@link #stopWhenIdle}; the poll thread ends once it watches nothing. */
  private volatile boolean stopRequested;
  /** The poll thread has ended; guarded by the class lock. */
  private boolean ended;

  private ChildPoller(int wakeFd) {
    this.wakeFd = wakeFd;
  }

  /** True when the native calls are there (glibc 2.34+, Linux 5.3+). */
  public static boolean available() {
    return PosixSpawn.unavailable() == null;
  }

  /** The shared poller, started on first use. */
  public static synchronized ChildPoller get() throws PosixException {
    if (instance == null || instance.ended) {
      int fd = sharedWakeFd;
      if (fd == -1) {
        fd = LibC.eventfd(0, LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        if (fd == -1) {
          throw new PosixException("eventfd", LibC.errno());
        }
      }
      sharedWakeFd = -1;
      instance = new ChildPoller(fd);
      Thread thread = new Thread(instance, "child-poller");
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
  public CompletableFuture<ExitStatus> watchExit(int pid) throws PosixException {
    int pidfd;
    try {
      pidfd = pidfdOpen(pid);
    } catch (PosixException e) {
      LibC.kill(pid, SIGKILL);
      LibC.waitpid(pid, new int[1], 0);
      throw e;
    }
    Exit exit = new Exit(pidfd, pid);
    add(exit);
    return exit.status;
  }

  /** Reads {@code in} until its end, then closes it; see {@link OutputPump#start}. */
  public void pump(FdInputStream in, int budget, OutputPump.Listener listener) {
    add(new Pipe(in, budget, listener));
  }

  /**
   * Lets the poll thread end as soon as it watches nothing; a later spawn starts a new one. For a
   * daemon that is exiting: the JVM waits up to 300 ms at exit for a thread blocked in a native
   * call, and this one otherwise always is (measured: shutdown 0.3 s slower).
   */
  public static synchronized void stopWhenIdle() {
    if (instance != null && !instance.ended) {
      instance.stopRequested = true;
      instance.wake();
    }
  }

  private void add(Watched entry) {
    synchronized (ChildPoller.class) {
      if (ended) {
        // Got this poller just before it ended: the current one takes the entry.
        try {
          get().add(entry);
        } catch (PosixException e) {
          entry.fail(new IllegalStateException("no child poller: " + e.getMessage(), e));
        }
        return;
      }
      incoming.add(entry);
    }
    wake();
  }

  /** True (and the thread is to end) when a stop was asked for and nothing is watched. */
  private boolean endIfIdle() {
    synchronized (ChildPoller.class) {
      for (Watched w; (w = incoming.poll()) != null; ) {
        watched.add(w);
      }
      if (!watched.isEmpty()) {
        return false; // still busy (another daemon in this JVM, or a pipe a grandchild holds)
      }
      ended = true;
      if (instance == this) {
        instance = null;
      }
      // The eventfd stays open: a late wake-up may still be written to it, and the next
      // poller takes it over (an extra count only makes its first poll return at once).
      sharedWakeFd = wakeFd;
      return true;
    }
  }

  private void wake() {
    LibC.write(wakeFd, ONE, 8);
  }

  /** A close-on-exec pidfd (Linux 5.3+), or the errno as an exception. */
  static int pidfdOpen(int pid) throws PosixException {
    long fd = LibC.syscall(LibC.SYS_PIDFD_OPEN, pid, 0);
    if (fd < 0) {
      throw new PosixException("pidfd_open", LibC.errno());
    }
    return (int) fd;
  }

  private static byte[] one() {
    return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
  }

  @Override
  public void run() {
    byte[] drain = new byte[8];
    while (true) {
      for (Watched w; (w = incoming.poll()) != null; ) {
        watched.add(w);
      }
      if (stopRequested && endIfIdle()) {
        return;
      }
      int count = fillPollSet();
      if (LibC.poll(pollFds, count, -1) == -1) {
        continue; // EINTR; nothing else can fail with valid descriptors
      }
      if (revents(0) != 0) {
        LibC.read(wakeFd, drain, 8);
      }
      // Output first: what a child wrote before it died is handed over before its death.
      boolean removed = handle(count, Pipe.class);
      removed |= handle(count, Exit.class);
      if (removed) {
        watched.removeIf(w -> w.done);
      }
    }
  }

  /** Puts the wake fd and every entry that wants reading into the poll set; returns the count. */
  private int fillPollSet() {
    int needed = watched.size() + 1;
    if (polled.length < needed) {
      int size = Integer.highestOneBit(needed) * 2;
      polled = new Watched[size];
      pollFds = new Memory((long) size * POLLFD_SIZE);
    }
    int count = 0;
    setPollFd(count++, wakeFd);
    for (Watched w : watched) {
      if (w.wanted()) {
        polled[count] = w;
        setPollFd(count++, w.fd);
      }
    }
    return count;
  }

  private void setPollFd(int index, int fd) {
    pollFds.setInt((long) index * POLLFD_SIZE, fd);
    pollFds.setInt((long) index * POLLFD_SIZE + 4, LibC.POLLIN); // events; revents = 0
  }

  private short revents(int index) {
    return pollFds.getShort((long) index * POLLFD_SIZE + 6);
  }

  private boolean handle(int count, Class<? extends Watched> kind) {
    boolean removed = false;
    for (int i = 1; i < count; i++) {
      Watched w = polled[i];
      short revents = revents(i);
      if (revents == 0 || !kind.isInstance(w)) {
        continue;
      }
      if ((revents & POLLNVAL) != 0) {
        w.done = true; // closed behind our back: never close a number we no longer own
      } else {
        try {
          w.ready();
        } catch (RuntimeException e) {
          w.fail(e);
        }
      }
      removed |= w.done;
    }
    for (int i = 1; i < count; i++) {
      if (kind.isInstance(polled[i])) {
        polled[i] = null;
      }
    }
    return removed;
  }

  /** A descriptor in the poll set; the poll thread alone touches it. */
  private abstract static class Watched {
    final int fd;
    boolean done;

    Watched(int fd) {
      this.fd = fd;
    }

    boolean wanted() {
      return true;
    }

    /** The descriptor is readable (or hung up); sets {@link #done} when the entry is finished. */
    abstract void ready();

    /** A listener threw: finish the entry, its descriptor closed. */
    abstract void fail(RuntimeException e);
  }

  /** A child's pidfd, readable once the child has exited. */
  private static final class Exit extends Watched {
    final int pid;
    final CompletableFuture<ExitStatus> status = new CompletableFuture<>();
    private final int[] word = new int[1];

    Exit(int pidfd, int pid) {
      super(pidfd);
      this.pid = pid;
    }

    @Override
    void ready() {
      int reaped = LibC.waitpid(pid, word, LibC.WNOHANG);
      if (reaped == 0) {
        return; // not a zombie yet after all
      }
      done = true;
      LibC.close(fd);
      // -1 (ECHILD) means someone else reaped it: the status is lost.
      status.complete(reaped == pid ? ExitStatus.fromWaitStatus(word[0]) : ExitStatus.exited(-1));
    }

    @Override
    void fail(RuntimeException e) {
      if (!done) {
        done = true;
        LibC.close(fd);
      }
    }
  }

  /** A child's output pipe, polled only while its budget of unreleased bytes lasts. */
  private final class Pipe extends Watched {
    final FdInputStream in;
    final int budget;
    final OutputPump.Listener listener;
    final AtomicLong inFlight = new AtomicLong();

    Pipe(FdInputStream in, int budget, OutputPump.Listener listener) {
      super(in.fd());
      this.in = in;
      this.budget = budget;
      this.listener = listener;
    }

    @Override
    boolean wanted() {
      return inFlight.get() < budget;
    }

    @Override
    void ready() {
      long n = LibC.read(fd, readBuffer, OutputPump.CHUNK_SIZE);
      if (n > 0) {
        inFlight.addAndGet(n);
        listener.onChunk(readBuffer.getByteArray(0, (int) n), () -> release(n));
        return;
      }
      if (n == -1 && (LibC.errno() == LibC.EINTR || LibC.errno() == LibC.EAGAIN)) {
        return;
      }
      // End of output, or a read error that would repeat: the same to the listener.
      done = true;
      in.close();
      listener.onEof();
    }

    private void release(long n) {
      long after = inFlight.addAndGet(-n);
      if (after < budget && after + n >= budget) {
        wake(); // it was left out of the poll set: put it back
      }
    }

    @Override
    void fail(RuntimeException e) {
      if (!done) {
        done = true;
        in.close();
      }
    }
  }
}
