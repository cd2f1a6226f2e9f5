package dev.jsupervisor.testkit.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** A running listener seen from the supervisor's side: its stdin, its stdout and how it ended. */
public interface ListenerHandle {

  /** Where events are written (the listener's stdin). */
  OutputStream toListener();

  /** What the listener writes (its stdout). */
  InputStream fromListener();

  /** How the listener ended, waiting at most {@code grace} for it; "still running" otherwise. */
  String describeExit(Duration grace);

  /** The last part of what the listener wrote to stderr (empty when it has none). */
  String stderrTail();

  /** Stops the listener for good and releases its streams. */
  void destroy();
}
