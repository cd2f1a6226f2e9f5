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

/**
 * Opens the NATS connection of the forwarder and the tail: one first attempt, so that rejected
 * credentials end the start with one clear line; a server that is merely unreachable is retried
 * in the background (the forwarder answers FAIL meanwhile). Errors jnats reports later are logged
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
   * Connects, or, when the server cannot be reached, returns a connection that keeps trying.
   *
   * @param waitForServer false to fail (as the tail does) instead of retrying in the background
   * @throws RejectedCredentials when the server refused the credentials
   * @throws IOException when it cannot connect and {@code waitForServer} is false
   */
  static Connection connect(NatsSettings settings, String name, ListenerLog log,
      boolean waitForServer) throws RejectedCredentials, IOException, InterruptedException {
    // The first attempt's own exception says what went wrong; jnats's report of it would be a
    // second line for one failure.
    AtomicBoolean reporting = new AtomicBoolean();
    Options options = settings.jnatsOptions(name, connectionLog(log), onceEach(log, reporting))
        .build();
    try {
      Connection connection = Nats.connect(options);
      reporting.set(true);
      return connection;
    } catch (IOException e) {
      if (isAuthFailure(e)) {
        throw new RejectedCredentials("NATS at " + settings.servers() + " refused "
            + settings.authDescription() + ": " + firstLine(e));
      }
      if (!waitForServer) {
        throw new IOException("cannot connect to NATS at " + settings.servers() + ": "
            + firstLine(e), e);
      }
      log.warn("cannot reach NATS at " + settings.servers() + " (" + firstLine(e)
          + "); retrying in the background");
      reporting.set(true);
      return Nats.connectReconnectOnConnect(options);
    }
  }

  static boolean isAuthFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof io.nats.client.AuthenticationException || m.contains("authorization")
          || m.contains("authentication")) {
        return true;
      }
    }
    return false;
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  private static ConnectionListener connectionLog(ListenerLog log) {
    return (conn, type) -> {
      if (type == ConnectionListener.Events.RECONNECTED) {
        log.info("reconnected to NATS at " + conn.getConnectedUrl());
      }
    };
  }

  private static ErrorListener onceEach(ListenerLog log, AtomicBoolean reporting) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return new ErrorListener() {
      @Override
      public void errorOccurred(Connection conn, String error) {
        report("NATS error: " + error);
      }

      @Override
      public void exceptionOccurred(Connection conn, Exception exp) {
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
