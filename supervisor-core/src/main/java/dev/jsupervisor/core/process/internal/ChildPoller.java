package dev.jsupervisor.core.process.internal;

import com.sun.jna.Memory;
import dev.jsupervisor.core.process.ExitStatus;
import dev.jsupervisor.core.process.OutputPump;
import dev.jsupervisor.core.process.PosixException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread that watches every native child: a pidfd per child tells it the child exited, and
 * it reaps exactly that child with {@code waitpid(pid, WNOHANG)}, never {@code waitpid(-1)},
 * which would steal the exits of children {@code java.lang.Process} owns; the output pipes are in
 * the same epoll set and read as they become readable. An eventfd wakes it for new entries and
 * for pipes whose budget was released. Listeners and futures run on this thread and must only
 * hand work on.
 *
 * <p>epoll rather than poll: each descriptor is registered once, so a wake-up costs the
 * descriptors that are ready, not all of them. With poll, every spawn's wake-up re-polled every
 * pipe and pidfd: 500 programs starting cost this thread ~0.15 s of CPU (1,500 descriptors by
 * the end), on the cores the spawns and the children need.
 */
public final class ChildPoller implements Runnable {
  private static final int SIGKILL = 9;
  private static final byte[] ONE = one();
  /** The wake eventfd's token; every entry's token is above it. */
  private static final long WAKE_TOKEN = 0;
  private static ChildPoller instance;
  /** The eventfd an ended poller left for the next one; -1 when none. Class lock. */
  private static int sharedWakeFd = -1;

  private final int wakeFd;
  private final EpollSet epoll;
  private final ConcurrentLinkedQueue<Watched> incoming = new ConcurrentLinkedQueue<>();
  /** Every registered entry by its epoll token; the poll thread alone touches it. */
  private final Map<Long, Watched> watched = new HashMap<>();
  /** Pipes taken out of the set while their budget is spent; re-armed once it is not. */
  private final List<Pipe> disarmed = new ArrayList<>();
  private long nextToken = WAKE_TOKEN + 1;
  /**
   * Where every pipe is read (the poll thread alone reads): one native buffer of supervisord's
   * read size instead of a Java array per pipe, which the native call would copy in and out.
   */
  private final Memory readBuffer = new Memory(OutputPump.CHUNK_SIZE);

  /** Set by {@link #stopWhenIdle}; the poll thread ends once it watches nothing. */
  private volatile boolean stopRequested;
  /** The poll thread has ended; guarded by the class lock. */
  private boolean ended;

  private ChildPoller(int wakeFd, EpollSet epoll) {
    this.wakeFd = wakeFd;
    this.epoll = epoll;
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
      sharedWakeFd = fd; // kept for the next attempt until a poller owns it
      EpollSet epoll = EpollSet.open();
      try {
        epoll.add(fd, WAKE_TOKEN);
      } catch (PosixException e) {
        epoll.close(); // each failed attempt would otherwise leave an epoll descriptor open
        throw e;
      }
      sharedWakeFd = -1;
      instance = new ChildPoller(fd, epoll);
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

  /** Registers the entries handed over since the last pass. */
  private void takeIncoming() {
    for (Watched w; (w = incoming.poll()) != null; ) {
      long token = nextToken++;
      try {
        epoll.add(w.fd, token);
      } catch (PosixException e) {
        w.abandon(e); // out of epoll watches: the entry cannot be watched at all
        continue;
      }
      w.token = token;
      watched.put(token, w);
    }
  }

  /** True (and the thread is to end) when a stop was asked for and nothing is watched. */
  private boolean endIfIdle() {
    synchronized (ChildPoller.class) {
      takeIncoming();
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
      epoll.forget(wakeFd);
      epoll.close();
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
    List<Watched> ready = new ArrayList<>();
    while (true) {
      takeIncoming();
      if (stopRequested && endIfIdle()) {
        return;
      }
      rearmReleasedPipes();
      // Room for every registered descriptor, so one wait reports all that are ready and a
      // child's output is always handled before its exit, as below.
      int count = epoll.await(watched.size() + 1);
      if (count <= 0) {
        continue; // EINTR; nothing else can fail on a valid epoll descriptor
      }
      ready.clear();
      for (int i = 0; i < count; i++) {
        long token = epoll.token(i);
        if (token == WAKE_TOKEN) {
          LibC.read(wakeFd, drain, 8);
        } else {
          Watched w = watched.get(token);
          if (w != null) {
            ready.add(w);
          }
        }
      }
      // Output first: what a child wrote before it died is handed over before its death.
      handle(ready, Pipe.class);
      handle(ready, Exit.class);
    }
  }

  private void handle(List<Watched> ready, Class<? extends Watched> kind) {
    for (Watched w : ready) {
      if (!kind.isInstance(w) || w.done) {
        continue;
      }
      try {
        w.ready();
      } catch (RuntimeException e) {
        w.fail(e);
      }
      if (w.done) {
        watched.remove(w.token);
      } else if (w instanceof Pipe pipe && !pipe.wanted()) {
        // Out of the set, not just without events: a hung-up pipe would be reported anyway.
        epoll.forget(pipe.fd);
        disarmed.add(pipe);
      }
    }
  }

  /** Puts back every disarmed pipe whose budget has room again. */
  private void rearmReleasedPipes() {
    for (int i = disarmed.size() - 1; i >= 0; i--) {
      Pipe pipe = disarmed.get(i);
      if (pipe.done) {
        disarmed.remove(i);
      } else if (pipe.wanted()) {
        disarmed.remove(i);
        try {
          epoll.add(pipe.fd, pipe.token);
        } catch (PosixException e) {
          watched.remove(pipe.token);
          pipe.abandon(e);
        }
      }
    }
  }

  /** A descriptor in the epoll set; the poll thread alone touches it. */
  private abstract static class Watched {
    final int fd;
    long token;
    boolean done;

    Watched(int fd) {
      this.fd = fd;
    }

    /** The descriptor is readable (or hung up); sets {@link #done} when the entry is finished. */
    abstract void ready();

    /** A listener threw: finish the entry, its descriptor closed. */
    abstract void fail(RuntimeException e);

    /** The entry could not be registered: end it as if its child or pipe were gone. */
    abstract void abandon(PosixException e);
  }

  /** A child's pidfd, readable once the child has exited. */
  private final class Exit extends Watched {
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
      closeWatched(fd);
      // -1 (ECHILD) means someone else reaped it: the status is lost.
      status.complete(reaped == pid ? ExitStatus.fromWaitStatus(word[0]) : ExitStatus.exited(-1));
    }

    @Override
    void fail(RuntimeException e) {
      if (!done) {
        done = true;
        closeWatched(fd);
      }
    }

    @Override
    void abandon(PosixException e) {
      // As when no pidfd can be had: no child runs unwatched, none stays a zombie.
      done = true;
      LibC.close(fd);
      LibC.kill(pid, SIGKILL);
      int reaped = LibC.waitpid(pid, word, 0);
      status.complete(reaped == pid ? ExitStatus.fromWaitStatus(word[0]) : ExitStatus.exited(-1));
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
      epoll.forget(fd);
      in.close();
      listener.onEof();
    }

    private void release(long n) {
      long after = inFlight.addAndGet(-n);
      if (after < budget && after + n >= budget) {
        wake(); // it may have been taken out of the set: put it back
      }
    }

    @Override
    void fail(RuntimeException e) {
      if (!done) {
        done = true;
        epoll.forget(fd);
        in.close();
      }
    }

    @Override
    void abandon(PosixException e) {
      done = true;
      in.close();
      listener.onEof();
    }
  }

  /** Takes a finished entry's descriptor out of the set, then closes it. */
  private void closeWatched(int fd) {
    epoll.forget(fd);
    LibC.close(fd);
  }
}
