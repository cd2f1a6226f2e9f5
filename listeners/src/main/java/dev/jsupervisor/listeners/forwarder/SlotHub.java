package dev.jsupervisor.listeners.forwarder;

import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.EventListener;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Slot 0 of a forwarder pool ({@code numprocs=N}, {@code --slot %(process_num)s}) serving the
 * pool's other processes. Each of those is a few lines of shell (bin/lib/forwarder-slot.sh) that
 * announce their pid on the {@code announce} FIFO and then only wait on the {@code alive} FIFO;
 * this class opens that process's own stdin and stdout through {@code /proc/PID/fd} and speaks
 * the listener protocol on them from a thread of its own. The supervisor sees N listeners and
 * sends N events at once, and one JVM with one NATS connection stores them, several in flight.
 *
 * <p>{@code alive} is held open for this process's life: when it ends, the slots see the FIFO
 * end, exit, and are started again by the supervisor, which sends an event that a slot held
 * again (the message id makes a second copy a duplicate JetStream drops).
 */
public final class SlotHub implements AutoCloseable {
  /** Longest announcement line: a pid has at most 10 digits. */
  static final int MAX_LINE = 20;

  private final Path dir;
  private final long parentPid;
  private final Optional<String> group;
  private final Supplier<EventHandler> handlers;
  private final ListenerLog log;
  private final int maxSlots;
  private final Set<Long> serving = ConcurrentHashMap.newKeySet();
  private RandomAccessFile alive;
  private RandomAccessFile announce;

  /**
   * @param dir the rendezvous directory holding the {@code announce} and {@code alive} FIFOs
   * @param parentPid the supervisor's pid: only its children are served
   * @param group this pool's name ({@code SUPERVISOR_GROUP_NAME}): when known, only processes
   *     of the same pool are served
   * @param handlers makes one handler per slot (a handler serves one event at a time)
   * @param maxSlots announcements beyond this many slots served at once are refused
   */
  public SlotHub(Path dir, long parentPid, Optional<String> group,
      Supplier<EventHandler> handlers, ListenerLog log, int maxSlots) {
    this.dir = dir;
    this.parentPid = parentPid;
    this.group = group;
    this.handlers = handlers;
    this.log = log;
    this.maxSlots = maxSlots;
  }

  /** Starts taking announcements; the FIFOs must exist (the launcher makes them). */
  public void start() throws IOException {
    for (String fifo : new String[] {"alive", "announce"}) {
      PosixFileAttributes a;
      try {
        a = Files.readAttributes(dir.resolve(fifo), PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new IOException("slot directory " + dir + " has no FIFO '" + fifo + "'");
      }
      // A FIFO is neither a file, a directory nor a link: "other", as a device would be.
      if (!a.isOther()) {
        throw new IOException(dir.resolve(fifo) + " is not a FIFO");
      }
    }
    // Read-write, so that opening never waits for a peer and reading never sees the end.
    alive = new RandomAccessFile(dir.resolve("alive").toFile(), "rw");
    announce = new RandomAccessFile(dir.resolve("announce").toFile(), "rw");
    InputStream in = new BufferedInputStream(Channels.newInputStream(announce.getChannel()));
    Thread reader = new Thread(() -> readAnnouncements(in), "slot-announcements");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Lets the slots go: they see {@code alive} end and exit. (A JVM that ends does the same.)
   */
  @Override
  public void close() throws IOException {
    try (RandomAccessFile a = alive; RandomAccessFile b = announce) {
      alive = null;
      announce = null;
    }
  }

  /** The slots served now, by pid. */
  public Set<Long> serving() {
    return Set.copyOf(serving);
  }

  private void readAnnouncements(InputStream in) {
    try {
      Optional<String> line;
      while ((line = readLine(in)) != null) {
        if (line.isEmpty()) {
          log.warn("a slot announcement longer than " + MAX_LINE + " bytes; ignored");
        } else {
          announced(line.get());
        }
      }
    } catch (IOException e) {
      log.error("cannot read slot announcements in " + dir + ": " + e.getMessage()
          + "; the other slots get no events");
    }
  }

  /**
   * The next line without its newline; empty when it was longer than {@link #MAX_LINE} (the
   * rest is skipped); null at the end of the stream.
   */
  static Optional<String> readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    boolean tooLong = false;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return sb.length() == 0 && !tooLong ? null : tooLong ? Optional.empty()
            : Optional.of(sb.toString());
      }
      if (b == '\n') {
        return tooLong ? Optional.empty() : Optional.of(sb.toString());
      }
      if (sb.length() >= MAX_LINE) {
        tooLong = true;
      } else {
        sb.append((char) b);
      }
    }
  }

  private void announced(String line) {
    String text = line.strip();
    if (!text.matches("[1-9][0-9]{0,9}")) {
      log.warn("slot announcement '" + printable(text) + "' is not a process id; ignored");
      return;
    }
    long pid = Long.parseLong(text);
    Optional<Long> parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
        .map(ProcessHandle::pid);
    if (parent.isEmpty() || parent.get() != parentPid) {
      log.warn("slot announcement from process " + pid + ", which is not a child of this"
          + " forwarder's supervisor (pid " + parentPid + "); ignored");
      return;
    }
    if (group.isPresent()) {
      Optional<String> theirs = groupOf(pid);
      if (!theirs.equals(group)) {
        log.warn("slot announcement from process " + pid + " of "
            + theirs.map(g -> "pool '" + printable(g) + "'").orElse("no pool") + ", not '"
            + group.get() + "'; ignored");
        return;
      }
    }
    if (serving.size() >= maxSlots) {
      log.warn("slot process " + pid + " announced itself while " + maxSlots
          + " slots are served, the most; ignored");
      return;
    }
    if (!serving.add(pid)) {
      return;
    }
    InputStream events;
    OutputStream answers;
    try {
      Path fd = Path.of("/proc", Long.toString(pid), "fd");
      for (String n : new String[] {"0", "1"}) {
        String target = Files.readSymbolicLink(fd.resolve(n)).toString();
        if (!target.startsWith("pipe:")) {
          throw new IOException("its " + (n.equals("0") ? "stdin" : "stdout") + " is "
              + target + ", not a pipe from the supervisor");
        }
      }
      events = new FileInputStream(fd.resolve("0").toFile());
      try {
        answers = new FileOutputStream(fd.resolve("1").toFile());
      } catch (IOException e) {
        events.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      serving.remove(pid);
      log.warn("cannot serve slot process " + pid + ": " + e.getMessage());
      return;
    }
    try {
      Thread slot = new Thread(() -> serve(pid, events, answers), "slot-" + pid);
      slot.setDaemon(true);
      slot.start();
    } catch (RuntimeException | Error e) {
      closeQuietly(events, answers);
      serving.remove(pid);
      giveBack(pid, "cannot start a thread for it: " + e);
    }
  }

  private void serve(long pid, InputStream events, OutputStream answers) {
    log.info("serving slot process " + pid);
    EventHandler handler = null;
    try (events; answers) {
      handler = handlers.get();
      new EventListener(log).run(events, answers, handler);
      log.info("slot process " + pid + " left (its events ended)");
    } catch (IOException e) {
      log.info("slot process " + pid + " left (" + e.getMessage() + ")");
    } catch (RuntimeException | Error e) {
      // The slot lives on and would wait for ever, its event unanswered.
      giveBack(pid, "serving it failed: " + e);
    } finally {
      serving.remove(pid);
      if (handler instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("closing the store of slot process " + pid + ": " + e.getMessage());
        }
      }
    }
  }

  /**
   * Ends a slot process this hub cannot serve any more, so that the supervisor starts it again
   * and sends the event it held to another slot.
   */
  private void giveBack(long pid, String why) {
    log.error("slot process " + pid + ": " + why + "; stopping it so that the supervisor"
        + " starts it again");
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
  }

  private static void closeQuietly(AutoCloseable... all) {
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        // Nothing more to do with it.
      }
    }
  }

  /** The supervisor's SUPERVISOR_GROUP_NAME in the environment {@code pid} started with. */
  private static Optional<String> groupOf(long pid) {
    try {
      byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      for (String entry : new String(environ, java.nio.charset.StandardCharsets.UTF_8)
          .split("\0")) {
        if (entry.startsWith("SUPERVISOR_GROUP_NAME=")) {
          return Optional.of(entry.substring("SUPERVISOR_GROUP_NAME=".length()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone, or not ours to read: no pool.
    }
    return Optional.empty();
  }

  private static String printable(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
