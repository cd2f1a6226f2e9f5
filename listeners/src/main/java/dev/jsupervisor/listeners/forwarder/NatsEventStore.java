package dev.jsupervisor.listeners.forwarder;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link EventStore} on a JetStream stream: publishes with a message id and waits (bounded) for
 * JetStream's acknowledgement, which the server sends once the message is stored. While the
 * connection is down it waits up to the same bound for it to come back, so a daemon redelivering
 * a refused event at once does not make the forwarder spin.
 */
public final class NatsEventStore implements EventStore {
  /** JetStream's error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;
  private static final long CONNECTED_POLL_MILLIS = 5;

  private final Connection connection;
  private final StreamSettings stream;
  private final Duration ackTimeout;
  private final JetStream jetStream;
  private volatile boolean streamReady;

  public NatsEventStore(Connection connection, StreamSettings stream, Duration ackTimeout)
      throws IOException {
    this.connection = connection;
    this.stream = stream;
    this.ackTimeout = ackTimeout;
    this.jetStream = connection.jetStream();
  }

  @Override
  public void store(String subject, String messageId, byte[] body) throws StoreException {
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    awaitConnected(deadline);
    if (!streamReady) {
      ensureStream();
    }
    CompletableFuture<PublishAck> ack;
    try {
      ack = jetStream.publishAsync(subject, body,
          PublishOptions.builder().messageId(messageId).expectedStream(stream.name()).build());
    } catch (RuntimeException e) {
      throw new StoreException("cannot publish: " + e.getMessage());
    }
    try {
      ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      ack.cancel(false);
      throw new StoreException("JetStream did not confirm within " + ackTimeout.toMillis()
          + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JetStreamApiException api && api.getApiErrorCode() == STREAM_NOT_FOUND) {
        streamReady = false;
      }
      throw new StoreException("JetStream refused the event: " + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for JetStream");
    }
  }

  /**
   * Creates the stream when it is missing (and creating is allowed); called at start and again
   * after the stream was found missing.
   */
  void ensureStream() throws StoreException {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      try {
        jsm.getStreamInfo(stream.name());
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STREAM_NOT_FOUND || !stream.create()) {
          throw e;
        }
        jsm.addStream(stream.configuration());
      }
      streamReady = true;
    } catch (JetStreamApiException e) {
      throw new StoreException("stream " + stream.name() + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw new StoreException("cannot reach JetStream to check stream " + stream.name() + ": "
          + e.getMessage());
    }
  }

  private void awaitConnected(long deadline) throws StoreException {
    while (connection.getStatus() != Connection.Status.CONNECTED) {
      if (connection.getStatus() == Connection.Status.CLOSED) {
        throw new StoreException("the NATS connection is closed");
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new StoreException("not connected to NATS (" + connection.getStatus()
            .name().toLowerCase(java.util.Locale.ROOT) + ")");
      }
      try {
        // Bounded by the ack timeout; jnats offers no wait-for-connected call.
        Thread.sleep(CONNECTED_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for NATS");
      }
    }
  }
}
