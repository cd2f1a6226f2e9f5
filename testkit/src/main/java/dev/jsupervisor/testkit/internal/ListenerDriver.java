package dev.jsupervisor.testkit.internal;

import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.ListenerCodec;
import dev.jsupervisor.core.events.ListenerReply;
import dev.jsupervisor.core.events.ListenerReplyParser;
import dev.jsupervisor.core.events.ListenerState;
import dev.jsupervisor.testkit.EventOutcome;
import dev.jsupervisor.testkit.ListenerProtocolError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays one supervisord event pool with a single listener: buffers events with their serials,
 * sends the next one whenever the listener is READY, and checks every byte it writes back. The
 * listener's state follows supervisord's own parser ({@link ListenerReplyParser}); on top of it
 * the driver names the first misbehaviour precisely and keeps it, so every later wait fails
 * with that message instead of a timeout.
 */
public final class ListenerDriver implements AutoCloseable {
  private static final Duration EXIT_GRACE = Duration.ofMillis(500);
  /** How much of the listener's stdout is kept for messages. */
  private static final int TRANSCRIPT_LIMIT = 64 * 1024;
  private static final byte[] FAIL = "FAIL".getBytes(StandardCharsets.US_ASCII);

  /** One buffered event with the numbers supervisord gave it. */
  public record Delivery(long serial, long poolSerial, Event event) {
    String describe() {
      return "event serial " + serial + " (" + event.type() + ")";
    }
  }

  private final String poolName;
  private final String serverId;
  private final Set<EventType> subscriptions;
  private final int bufferSize;
  private final ListenerHandle handle;
  private final ListenerReplyParser parser;
  private final Thread reader;
  private final ExecutorService writer;

  private final Deque<Delivery> buffer = new ArrayDeque<>();
  private final Map<Long, EventOutcome> outcomes = new LinkedHashMap<>();
  private final List<String> supervisorWarnings = new ArrayList<>();
  private final ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
  private Delivery inFlight;
  private Delivery lastAnswered;
  private long nextPoolSerial;
  private int readyCount;
  private String violation;
  private boolean exited;
  /** Set by {@link #detach()}: nothing more is sent to this listener. */
  private boolean detached;
  private String exitNote;
  /** How the listener exited ("exit status 1", ...), once it has. */
  private String exitHow;
  private long sentCount;
  /** The chunk being parsed and the position after the current byte: context for messages. */
  private byte[] chunkInParse = new byte[0];
  private int nextInChunk;
  private int chunkEnd;

  /**
   * Prepares the pool; nothing is read or sent before {@link #start()}.
   *
   * @param subscriptions the types the pool subscribes to (a type matches its subtypes)
   * @param bufferSize the pool's buffer_size: the oldest event is dropped beyond it
   */
  public ListenerDriver(String poolName, String serverId, Set<EventType> subscriptions,
      int bufferSize, ListenerHandle handle) {
    this(poolName, serverId, subscriptions, bufferSize, handle, 0);
  }

  /**
   * As above, for the pool's next listener: pool serials continue from {@code nextPoolSerial},
   * as they do in supervisord, where the numbering belongs to the pool and not to the process.
   */
  public ListenerDriver(String poolName, String serverId, Set<EventType> subscriptions,
      int bufferSize, ListenerHandle handle, long nextPoolSerial) {
    this.nextPoolSerial = nextPoolSerial;
    this.poolName = poolName;
    this.serverId = serverId;
    this.subscriptions = Set.copyOf(subscriptions);
    this.bufferSize = bufferSize;
    this.handle = handle;
    this.parser = new ListenerReplyParser(poolName);
    this.reader = new Thread(this::readLoop, "listener-reader-" + poolName);
    reader.setDaemon(true);
    writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "listener-writer-" + poolName);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts reading the listener's stdout; events offered before wait in the buffer. */
  public void start() {
    reader.start();
  }

  /** True when the pool subscribes to this event's type or one of its ancestors. */
  public boolean subscribes(EventType type) {
    return subscriptions.stream().anyMatch(type::isA);
  }

  /**
   * Buffers an event that already has its global serial and sends it when the listener is
   * READY. Returns false (and buffers nothing) when the pool does not subscribe to its type.
   */
  public boolean offer(long serial, Event event) {
    synchronized (this) {
      if (!subscribes(event.type())) {
        return false;
      }
      buffer(new Delivery(serial, nextPoolSerial++, event));
    }
    pump();
    return true;
  }

  /**
   * Buffers an event a previous listener of the pool received but did not answer (or had not
   * received yet), keeping its serials; supervisord puts such events back into the pool.
   */
  public void redeliver(Delivery delivery) {
    synchronized (this) {
      buffer(delivery);
    }
    pump();
  }

  private void buffer(Delivery delivery) {
    if (buffer.size() >= bufferSize) {
      Delivery dropped = buffer.pollFirst();
      supervisorWarnings.add(
          "pool " + poolName + " event buffer overflowed, discarding event " + dropped.serial);
    }
    buffer.addLast(delivery);
  }

  /** Sends the head of the buffer if the listener can take it; the write happens elsewhere. */
  private void pump() {
    Delivery next;
    synchronized (this) {
      if (violation != null || exited || detached || inFlight != null
          || parser.state() != ListenerState.READY || buffer.isEmpty()) {
        return;
      }
      next = buffer.pollFirst();
      inFlight = next;
      parser.eventSent();
      sentCount++;
    }
    byte[] bytes =
        ListenerCodec.envelope(serverId, next.serial, poolName, next.poolSerial, next.event);
    writer.execute(() -> write(bytes));
  }

  /** On the writer thread, so a listener that does not read never blocks the caller. */
  private void write(byte[] bytes) {
    try {
      handle.toListener().write(bytes);
      handle.toListener().flush();
    } catch (IOException e) {
      // supervisord skips the write on EPIPE; the reader sees the exit and reports it.
    }
  }

  private void readLoop() {
    byte[] chunk = new byte[8192];
    InputStream in = handle.fromListener();
    try {
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (acceptChunk(chunk, n)) {
          pump();
        }
      }
    } catch (IOException e) {
      // the same as end of file: the listener is gone
    }
    listenerExited();
  }

  /** Feeds what one read returned; returns true when the listener became READY on the way. */
  private synchronized boolean acceptChunk(byte[] chunk, int n) {
    if (detached) {
      return false; // its last words no longer count; what it owed went to its successor
    }
    boolean becameReady = false;
    transcript.write(chunk, 0, Math.min(n, Math.max(0, TRANSCRIPT_LIMIT - transcript.size())));
    for (int i = 0; i < n; i++) {
      if (violation == null) {
        chunkInParse = chunk;
        nextInChunk = i + 1;
        chunkEnd = n;
        becameReady |= accept(chunk[i]);
      }
    }
    notifyAll();
    return becameReady;
  }

  /** Feeds one byte; returns true when the listener just became READY. */
  private boolean accept(byte b) {
    ListenerState before = parser.state();
    pendingBytes.write(b);
    List<ListenerReply> replies = parser.feed(new byte[] {b}, 0, 1);
    boolean becameReady = false;
    for (ListenerReply reply : replies) {
      switch (reply.kind()) {
        case READY -> {
          readyCount++;
          pendingBytes.reset();
          becameReady = true;
        }
        case ACCEPTED -> answered(EventOutcome.ACCEPTED);
        case REJECTED -> rejected(reply);
        case VIOLATION_WHILE_BUSY -> {
          supervisorWarnings.addAll(reply.warnings());
          fail(badResultLine(reply));
          buffer.addFirst(inFlight);
          inFlight = null;
        }
        case VIOLATION -> {
          supervisorWarnings.addAll(reply.warnings());
          fail(before == ListenerState.READY ? spokeWhileReady() : notReady());
        }
        default -> throw new AssertionError(reply.kind());
      }
    }
    if (violation == null && before == ListenerState.BUSY && b == '\n'
        && parser.state() == ListenerState.BUSY && !startsWithResult()) {
      fail("result line for " + inFlight.describe() + " is '" + show(pendingBytes.toByteArray())
          + "' but must be 'RESULT <length>' (supervisord skips the first 7 characters unread,"
          + " so this only works by accident)");
    }
    return becameReady;
  }

  /** What the listener wrote since the last protocol step, through the end of that line. */
  private byte[] offending() {
    byte[] pending = pendingBytes.toByteArray();
    if (pending.length > 0 && pending[pending.length - 1] == '\n') {
      return pending;
    }
    int stop = nextInChunk;
    while (stop < chunkEnd && stop - nextInChunk < 200 && chunkInParse[stop++] != '\n') {
      // up to and including the end of the line
    }
    byte[] all = Arrays.copyOf(pending, pending.length + stop - nextInChunk);
    System.arraycopy(chunkInParse, nextInChunk, all, pending.length, stop - nextInChunk);
    return all;
  }

  private boolean startsWithResult() {
    byte[] line = pendingBytes.toByteArray();
    return line.length >= 7 && new String(line, 0, 7, StandardCharsets.US_ASCII).equals("RESULT ");
  }

  private void answered(EventOutcome outcome) {
    outcomes.putIfAbsent(inFlight.serial, outcome);
    lastAnswered = inFlight;
    inFlight = null;
    pendingBytes.reset();
  }

  private void rejected(ListenerReply reply) {
    byte[] result = pendingBytes.toByteArray();
    int newline = indexOf(result, (byte) '\n');
    byte[] body = Arrays.copyOfRange(result, newline + 1, result.length);
    Delivery event = inFlight;
    if (Arrays.equals(body, FAIL)) {
      supervisorWarnings.addAll(reply.warnings());
      answered(EventOutcome.REJECTED);
      buffer.addFirst(event);
      return;
    }
    supervisorWarnings.addAll(reply.warnings());
    String line = new String(result, 0, newline, StandardCharsets.UTF_8);
    fail("result for " + event.describe() + " has body '" + show(body) + "', which is neither OK"
        + " nor FAIL: '" + show(line.getBytes(StandardCharsets.UTF_8)) + "' announced "
        + body.length + " bytes; the length must be the exact byte count of the body"
        + " (RESULT 2\\nOK or RESULT 4\\nFAIL)");
    inFlight = null;
    buffer.addFirst(event);
  }

  private String badResultLine(ListenerReply reply) {
    String warning = reply.warnings().isEmpty() ? "bad result line" : reply.warnings().get(0);
    return "bad result line for " + inFlight.describe() + ": listener wrote '"
        + show(pendingBytes.toByteArray()) + "', expected 'RESULT <length>\\n' then the body"
        + " (supervisord: " + warning + ")";
  }

  private String spokeWhileReady() {
    String after = lastAnswered == null
        ? "after its READY and before any event was sent"
        : "after READY following the result of " + lastAnswered.describe();
    return "listener wrote '" + show(offending()) + "' on stdout " + after
        + "; a READY listener must stay silent until it gets an event (log to stderr instead)";
  }

  private String notReady() {
    byte[] got = offending();
    if (lastAnswered == null && readyCount == 0) {
      return "listener wrote '" + show(got) + "' before READY; its first output must be"
          + " exactly 'READY\\n' (log to stderr instead)";
    }
    String hint = got.length > 0 && (got[0] == '\n' || got[0] == '\r')
        ? " (a newline after the result body? write 'RESULT 2\\nOK' with no newline)"
        : "";
    return "after the result of " + describeLast() + " the listener wrote '" + show(got)
        + "' where 'READY\\n' was expected" + hint;
  }

  private String describeLast() {
    return lastAnswered == null ? "its previous event" : lastAnswered.describe();
  }

  private void fail(String message) {
    if (violation == null) {
      violation = "listener " + poolName + " violated the event listener protocol: " + message;
    }
  }

  private void listenerExited() {
    String how = handle.describeExit(EXIT_GRACE);
    synchronized (this) {
      exited = true;
      exitHow = how;
      if (violation == null && inFlight != null) {
        String partial = pendingBytes.size() == 0
            ? "without writing a RESULT"
            : "after writing only '" + show(pendingBytes.toByteArray()) + "'";
        violation = "listener " + poolName + " exited (" + how + ") while handling "
            + inFlight.describe() + " " + partial + stderrNote();
        buffer.addFirst(inFlight);
        inFlight = null;
      } else if (violation == null) {
        exitNote = "listener " + poolName + " exited (" + how + ")" + stderrNote();
      }
      notifyAll();
    }
  }

  private String stderrNote() {
    String err = handle.stderrTail().strip();
    return err.isEmpty() ? "" : "; its stderr ends with: " + err;
  }

  /** Waits until the listener has written its first READY. */
  public synchronized void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (readyCount == 0) {
      throwIfBroken();
      if (!waitUntil(deadline)) {
        throw new ListenerProtocolError("listener " + poolName + " never wrote READY within "
            + timeout.toMillis() + " ms; it wrote '" + show(transcript.toByteArray()) + "'"
            + stderrNote());
      }
    }
  }

  /** Waits for the first answer to the event with this serial. */
  public synchronized EventOutcome awaitOutcome(long serial, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!outcomes.containsKey(serial)) {
      throwIfBroken();
      if (!waitUntil(deadline)) {
        throw new ListenerProtocolError(noAnswer("event serial " + serial, timeout, ""));
      }
    }
    return outcomes.get(serial);
  }

  /** Waits until every buffered event was answered and the listener is READY again. */
  public synchronized void awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!buffer.isEmpty() || inFlight != null || parser.state() != ListenerState.READY) {
      throwIfBroken();
      if (!waitUntil(deadline)) {
        throw new ListenerProtocolError(noAnswer("the buffered events", timeout, ""));
      }
    }
  }

  /**
   * The end-of-test check: waits until every event offered so far was answered and the listener
   * is READY again, then returns; throws the first protocol violation, or why it did not get
   * there within {@code timeout}. A listener that exited counts as settled only if it had
   * written READY and owed nothing.
   */
  public synchronized void awaitSettled(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (violation != null) {
        throw new ListenerProtocolError(violation);
      }
      int owed = buffer.size() + (inFlight == null ? 0 : 1);
      if (exited) {
        if (readyCount == 0) {
          throw new ListenerProtocolError("listener " + poolName + " exited (" + exitHow
              + ") before it ever wrote READY" + stderrNote());
        } else if (owed > 0) {
          throw new ListenerProtocolError("listener " + poolName + " exited (" + exitHow
              + ") with " + owed + " event(s) it never received" + stderrNote());
        }
        return;
      }
      if (owed == 0 && parser.state() == ListenerState.READY) {
        return;
      }
      if (!waitUntil(deadline)) {
        throw new ListenerProtocolError(unsettled(owed, timeout));
      }
    }
  }

  /** Why the listener is not settled at the end of the test, {@code timeout} after it. */
  private String unsettled(int owed, Duration timeout) {
    String within = " within " + timeout.toMillis() + " ms";
    if (readyCount == 0) {
      return "listener " + poolName + " never wrote READY" + within + "; it wrote '"
          + show(transcript.toByteArray()) + "'" + stderrNote();
    } else if (owed == 0) {
      return "listener " + poolName + " did not write READY again" + within + " of the end of the"
          + " test: it answered " + describeLast() + " and then wrote '"
          + show(pendingBytes.toByteArray()) + "'" + stderrNote();
    }
    return noAnswer(unanswered(), timeout, " of the end of the test");
  }

  /** "event serial 3" or "event serials 3, 4, 5": the events still owed, oldest first. */
  private String unanswered() {
    List<Long> serials = new ArrayList<>();
    if (inFlight != null) {
      serials.add(inFlight.serial);
    }
    buffer.forEach(d -> serials.add(d.serial));
    serials.sort(null);
    StringBuilder sb = new StringBuilder(serials.size() == 1 ? "event serial " : "event serials ");
    for (int i = 0; i < Math.min(serials.size(), 10); i++) {
      sb.append(i == 0 ? "" : ", ").append(serials.get(i));
    }
    return sb.append(serials.size() > 10 ? ", ... (" + serials.size() + " in all)" : "").toString();
  }

  private String noAnswer(String what, Duration timeout, String after) {
    String why;
    if (inFlight != null) {
      why = "it holds " + inFlight.describe() + " and wrote only '"
          + show(pendingBytes.toByteArray()) + "' so far" + shortBody();
    } else if (parser.state() == ListenerState.ACKNOWLEDGED && readyCount > 0) {
      why = "it answered " + describeLast() + " but never wrote READY again"
          + (pendingBytes.size() > 0 ? " (wrote '" + show(pendingBytes.toByteArray()) + "')" : "");
    } else if (readyCount == 0) {
      why = "it never wrote READY";
    } else {
      why = buffer.size() + " event(s) still buffered";
    }
    return "listener " + poolName + " did not answer " + what + " within " + timeout.toMillis()
        + " ms" + after + ": " + why + stderrNote();
  }

  /**
   * For a result whose body is still short of the length its {@code RESULT n} line announced:
   * how many bytes came of how many; empty otherwise.
   */
  private String shortBody() {
    byte[] pending = pendingBytes.toByteArray();
    int newline = indexOf(pending, (byte) '\n');
    if (newline < 0 || !startsWithResult()) {
      return "";
    }
    String announced = new String(pending, 7, newline - 7, StandardCharsets.US_ASCII).strip();
    if (!announced.matches("[0-9]{1,9}")) {
      return "";
    }
    int body = pending.length - newline - 1;
    return " ('RESULT " + announced + "' announced " + announced + " bytes of body and only "
        + body + " came; the length must be the exact byte count of the body, RESULT 2\\nOK)";
  }

  private void throwIfBroken() {
    if (violation != null) {
      throw new ListenerProtocolError(violation);
    }
    if (exited) {
      throw new ListenerProtocolError(exitNote);
    }
  }

  private boolean waitUntil(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    try {
      wait(Math.max(1, left / 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ListenerProtocolError("interrupted while waiting for listener " + poolName);
    }
    return true;
  }

  /** The first protocol violation (or the death mid-event), if any. */
  public synchronized String violation() {
    return violation;
  }

  /** How the listener exited without breaking the protocol, or null while it runs. */
  public synchronized String exitNote() {
    return exitNote;
  }

  /** The listener's protocol state as supervisord sees it. */
  public synchronized ListenerState state() {
    return parser.state();
  }

  /** The first answer to each answered event, by serial. */
  public synchronized Map<Long, EventOutcome> outcomes() {
    return Map.copyOf(outcomes);
  }

  /** The warnings supervisord would have logged for this listener so far. */
  public synchronized List<String> supervisorWarnings() {
    return List.copyOf(supervisorWarnings);
  }

  /** What the listener wrote to stdout so far (its first 64 KiB). */
  public synchronized byte[] transcript() {
    return transcript.toByteArray();
  }

  /** How many events were written to the listener (redeliveries count again). */
  public synchronized long sentCount() {
    return sentCount;
  }

  /**
   * Stops the listener for good and hands back what it still owed: the event it was handling
   * (first) and the buffered ones, with their serials, for the pool's next listener.
   */
  public List<Delivery> detach() {
    List<Delivery> owed = new ArrayList<>();
    synchronized (this) {
      detached = true;
      if (inFlight != null) {
        owed.add(inFlight);
        inFlight = null;
      }
      owed.addAll(buffer);
      buffer.clear();
    }
    close();
    return owed;
  }

  /** The pool serial the next event of the pool gets. */
  public synchronized long nextPoolSerial() {
    return nextPoolSerial;
  }

  @Override
  public void close() {
    writer.shutdownNow();
    handle.destroy();
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Bytes as readable text with control characters escaped, shortened when long. */
  static String show(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    String text = new String(bytes, StandardCharsets.UTF_8);
    for (int i = 0; i < text.length() && sb.length() < 200; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (sb.length() >= 200) {
      sb.append("...");
    }
    return sb.toString();
  }
}
