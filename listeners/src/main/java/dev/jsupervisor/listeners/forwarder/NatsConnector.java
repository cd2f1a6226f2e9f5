package dev.jsupervisor.listeners.forwarder;

import dev.jsupervisor.listeners.sdk.ListenerLog;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Opens the NATS connection of the forwarder and the tail: one first attempt, so that rejected
 * credentials end the start with one clear line; for the forwarder, a server that is merely
 * unreachable is retried in the background (it answers FAIL meanwhile). Errors jnats reports later are logged
 * once each.
 */
final class NatsConnector {
  /** Distinct error texts kept, so a changing error cannot grow the set without bound. */
  private static final int MAX_DISTINCT_ERRORS = 64;

  /** The first attempt was refused for its credentials; retrying cannot help. */
  static final class RejectedCredentials extends Exception {
    RejectedCredentials(String message) {
      super(message);
    }
  }

  private NatsConnector() {}

  /**
   * Connects once (the tail): fails when the server cannot be reached.
   *
   * @throws RejectedCredentials when the server refused the credentials
   * @throws IOException when it cannot connect
   */
  static Connection connect(NatsSettings settings, String name, ListenerLog log)
      throws RejectedCredentials, IOException, InterruptedException {
    AtomicReference<Connection> connection = new AtomicReference<>();
    connect(settings, name, log, connection, false, cause -> { });
    return connection.get();
  }

  /**
   * Connects (the forwarder); when the server cannot be reached, keeps trying in the background
   * and sets {@code connection} once connected, so events can be refused meanwhile.
   *
   * <p>jnats gives up for good (closes the connection) when a reconnect is refused twice for the
   * same authentication error (an expired JWT, a rotated password), and so does a background
   * first connection refused for its credentials: nothing would reconnect, every event would be
   * refused for ever. {@code onClosed} is then called once, on a jnats thread, with the last
   * error jnats reported; it is not called for a close of ours.
   *
   * @throws RejectedCredentials when the server refused the credentials at the first attempt
   */
  static void connectOrKeepTrying(NatsSettings settings, String name, ListenerLog log,
      AtomicReference<Connection> connection, Consumer<String> onClosed)
      throws RejectedCredentials, IOException, InterruptedException {
    connect(settings, name, log, connection, true, onClosed);
  }

  private static void connect(NatsSettings settings, String name, ListenerLog log,
      AtomicReference<Connection> connection, boolean keepTrying, Consumer<String> onClosed)
      throws RejectedCredentials, IOException, InterruptedException {
    // The first attempt's own exception says what went wrong; jnats's report of it would be a
    // second line for one failure.
    AtomicBoolean reporting = new AtomicBoolean();
    AtomicReference<String> lastError = new AtomicReference<>();
    AtomicReference<String> lastAuthError = new AtomicReference<>();
    AtomicBoolean closedReported = new AtomicBoolean();
    Consumer<Connection> closed = conn -> {
      if (closedReported.compareAndSet(false, true)) {
        // jnats gives up after refused authentications; later errors (a timeout) matter less.
        String last = lastAuthError.get() != null ? lastAuthError.get()
            : lastError.get() != null ? lastError.get() : conn.getLastError();
        onClosed.accept(last == null || last.isBlank() ? "no error given"
            : NatsSettings.redact(last.strip()));
      }
    };
    // A failed first attempt closes its own connection too: only the one it returned counts.
    Options first = settings.jnatsOptions(name,
        listener(connection, log, conn -> {
          if (conn == connection.get()) {
            closed.accept(conn);
          }
        }), onceEach(log, reporting, lastError, lastAuthError)).build();
    try {
      connection.set(Nats.connect(first));
      reporting.set(true);
    } catch (IOException e) {
      if (isAuthFailure(e)) {
        throw new RejectedCredentials("NATS at " + settings.redactedServers() + " refused "
            + settings.authDescription() + ": " + firstLine(e));
      }
      if (!keepTrying) {
        throw new IOException("cannot connect to NATS at " + settings.redactedServers() + ": "
            + firstLine(e), e);
      }
      log.warn("cannot reach NATS at " + settings.redactedServers() + " (" + firstLine(e)
          + "); retrying in the background");
      reporting.set(true);
      // Returns at once; the listener receives the connection when it is made.
      Nats.connectAsynchronously(settings.jnatsOptions(name, listener(connection, log, closed),
          onceEach(log, reporting, lastError, lastAuthError)).build(), true);
    }
  }

  private static ConnectionListener listener(AtomicReference<Connection> connection,
      ListenerLog log, Consumer<Connection> closed) {
    return (conn, type) -> {
      // A connection made in the background reports RECONNECTED, not CONNECTED.
      if (type == ConnectionListener.Events.CONNECTED
          || type == ConnectionListener.Events.RECONNECTED) {
        connection.compareAndSet(null, conn);
      }
      if (type == ConnectionListener.Events.RECONNECTED) {
        log.info("connected to NATS at " + NatsSettings.redact(conn.getConnectedUrl())
            + " again");
      }
      if (type == ConnectionListener.Events.CLOSED) {
        closed.accept(conn);
      }
    };
  }

  static boolean isAuthFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.nats.client.AuthenticationException || isAuthMessage(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /** True for an error text of a refused authentication (the server's or jnats's words). */
  private static boolean isAuthMessage(String message) {
    String m = String.valueOf(message).toLowerCase(Locale.ROOT);
    return m.contains("authorization") || m.contains("authentication");
  }

  /** The first line of {@code e}'s message, with any URL's user information redacted. */
  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return NatsSettings.redact(m.lines().findFirst().orElse(m));
  }

  private static ErrorListener onceEach(ListenerLog log, AtomicBoolean reporting,
      AtomicReference<String> lastError, AtomicReference<String> lastAuthError) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return new ErrorListener() {
      @Override
      public void errorOccurred(Connection conn, String error) {
        lastError.set(error);
        if (isAuthMessage(error)) {
          lastAuthError.set(error);
        }
        report("NATS error: " + NatsSettings.redact(error));
      }

      @Override
      public void exceptionOccurred(Connection conn, Exception exp) {
        String line = firstLine(exp);
        lastError.set(line);
        if (isAuthFailure(exp)) {
          lastAuthError.set(line);
        }
        report("NATS connection problem: " + firstLine(exp));
      }

      private void report(String line) {
        if (reporting.get() && seen.size() < MAX_DISTINCT_ERRORS && seen.add(line)) {
          log.warn(line + " (logged once)");
        }
      }
    };
  }
}
