package dev.jsupervisor.listeners.sdk;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs an {@link EventHandler} as a supervisord event listener: writes {@code READY\n}, reads
 * one event, hands it to the handler, answers {@code RESULT 2\nOK} or {@code RESULT 4\nFAIL}
 * (no trailing newline), and repeats until stdin ends, which is a clean return.
 *
 * <p>Handler exceptions never stop the listener. An exception is logged and answered FAIL, so
 * the supervisor redelivers the event; after {@link #DEFAULT_MAX_ATTEMPTS} consecutive
 * exceptions for the same event (same pool and serial) it is answered OK instead and logged
 * as dropped, so one poisonous event cannot keep the pool busy forever. A handler returning
 * {@link EventHandler.Result#FAIL} itself is always answered FAIL.
 */
public final class EventListener {
  /** Exceptions tolerated for one event before it is acknowledged and dropped. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  private static final byte[] READY = "READY\n".getBytes(StandardCharsets.US_ASCII);
  // The answer and the next READY go out in one write: one system call here, and one wake-up
  // of the supervisor instead of two (it reads them as one stream either way).
  private static final byte[] OK_READY = "RESULT 2\nOKREADY\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FAIL_READY =
      "RESULT 4\nFAILREADY\n".getBytes(StandardCharsets.US_ASCII);

  private final ListenerLog log;
  private final int maxAttempts;
  private String failingEvent;
  private int failures;

  public EventListener(ListenerLog log) {
    this(log, DEFAULT_MAX_ATTEMPTS);
  }

  public EventListener(ListenerLog log, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.log = log;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Runs {@code handler} on this process's stdin/stdout. The real stdout is kept for the
   * protocol and {@code System.out} is pointed at stderr, so stray prints cannot corrupt it.
   * Returns when stdin ends.
   */
  public static void runOnStdio(String name, EventHandler handler) throws IOException {
    OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8));
    // Not System.in: its BufferedInputStream asks available() after every read (an fstat and
    // an ioctl per event), and run() has a buffer of its own.
    new EventListener(ListenerLog.toStderr(name))
        .run(new FileInputStream(FileDescriptor.in), protocol, handler);
  }

  /** Runs the protocol over the given streams until {@code in} ends. */
  public void run(InputStream in, OutputStream out, EventHandler handler) throws IOException {
    EnvelopeDecoder decoder = new EnvelopeDecoder();
    out.write(READY);
    out.flush();
    byte[] buffer = new byte[8192];
    while (true) {
      int n = in.read(buffer);
      if (n < 0) {
        if (decoder.hasPartialEvent()) {
          log.warn("stdin ended in the middle of an event");
        }
        return;
      }
      for (RawEvent raw : decoder.feed(buffer, 0, n)) {
        out.write(answer(ListenerEvent.of(raw), handler) == EventHandler.Result.OK
            ? OK_READY : FAIL_READY);
        out.flush();
      }
    }
  }

  private EventHandler.Result answer(ListenerEvent event, EventHandler handler) {
    String id = event.header().pool() + "/" + event.header().serial();
    try {
      EventHandler.Result result = handler.handle(event);
      if (result == null) {
        throw new NullPointerException("handler returned no result");
      }
      failingEvent = null;
      return result;
    } catch (Exception e) {
      failures = id.equals(failingEvent) ? failures + 1 : 1;
      failingEvent = id;
      String what = event.eventName() + " serial " + event.header().serial();
      if (failures >= maxAttempts) {
        log.error("handler failed on " + what + " " + failures + " times; dropping it", e);
        failingEvent = null;
        return EventHandler.Result.OK;
      }
      log.error("handler failed on " + what + "; asking for redelivery", e);
      return EventHandler.Result.FAIL;
    }
  }
}
