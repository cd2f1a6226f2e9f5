package dev.jsupervisor.listeners.forwarder;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import io.nats.client.support.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link EventStore} on a JetStream stream: publishes with a message id ({@code Nats-Msg-Id})
 * and waits (bounded) for JetStream's acknowledgement, which the server sends once the message is
 * stored. While the
 * connection is down it waits up to the same bound for it to come back, so a daemon redelivering
 * a refused event at once does not make the forwarder spin.
 */
public final class NatsEventStore implements EventStore {
  /** JetStream's error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;
  private static final long CONNECTED_POLL_MILLIS = 5;

  private final AtomicReference<Connection> connection;
  private final StreamSettings stream;
  private final Duration ackTimeout;
  private final PublishTurns turns;
  private String replyPrefix;
  private Subscription acks;
  private long attempts;
  private volatile boolean streamReady;

  /** {@code connection} is empty until the first connection is made. */
  public NatsEventStore(AtomicReference<Connection> connection, StreamSettings stream,
      Duration ackTimeout) {
    this(connection, stream, ackTimeout, new PublishTurns(Duration.ZERO));
  }

  /** A store of one of several slots, which publish in {@code turns}. */
  public NatsEventStore(AtomicReference<Connection> connection, StreamSettings stream,
      Duration ackTimeout, PublishTurns turns) {
    this.connection = connection;
    this.stream = stream;
    this.ackTimeout = ackTimeout;
    this.turns = turns;
  }

  @Override
  public void store(String subject, String messageId, byte[] body) throws StoreException {
    store(subject, messageId, body, Long.MIN_VALUE); // no pool serial: publish at once
  }

  @Override
  public void store(String subject, String messageId, byte[] body, long poolSerial)
      throws StoreException {
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    Connection connection = awaitConnected(deadline);
    if (acks == null) {
      replyPrefix = connection.createInbox() + ".";
      acks = connection.subscribe(replyPrefix + "*");
    }
    if (!streamReady) {
      ensureStream();
    }
    // A core publish with a reply subject is what a JetStream publish is; reading the
    // acknowledgement on this thread (a subscription of our own, not jnats's reply dispatcher)
    // saves a thread hand-off per event. Each attempt has its own reply subject, so a late
    // acknowledgement of an earlier attempt is recognised and skipped.
    String reply = replyPrefix + (++attempts);
    Headers headers = headers(messageId);
    Connection publisher = connection;
    PublishTurns.Turn turn = turns.submit(poolSerial,
        () -> publisher.publish(subject, reply, headers, body));
    try {
      while (true) {
        RuntimeException failed = turns.failure(turn);
        if (failed != null) {
          throw new StoreException("cannot publish: " + failed.getMessage());
        }
        boolean sent = turns.sent(turn);
        long left = (sent ? deadline : Math.min(deadline, turn.gapDeadline())) - System.nanoTime();
        Message m = left > 0 ? acks.nextMessage(Duration.ofNanos(left)) : null;
        if (m == null) {
          if (!sent) {
            // The event before it has not come within the gap: publish it now (or wait for the
            // thread that just took it).
            turns.claim(turn);
            if (!turns.awaitSent(turn, deadline)) {
              throw notConfirmed();
            }
            continue;
          }
          throw notConfirmed();
        }
        if (!m.getSubject().equals(reply)) {
          continue;
        }
        if (m.isStatusMessage()) {
          if (m.getStatus().getCode() == Status.NO_RESPONDERS_CODE) {
            streamReady = false;
            throw new StoreException("no stream stores " + subject);
          }
          throw new StoreException("JetStream answered " + m.getStatus().getMessageWithCode());
        }
        new PublishAck(m); // throws when the answer is an error
        return;
      }
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        streamReady = false;
      }
      throw new StoreException("JetStream refused the event: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw new StoreException("cannot read JetStream's answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for JetStream");
    }
  }

  private StoreException notConfirmed() {
    return new StoreException("JetStream did not confirm within " + ackTimeout.toMillis()
        + " ms");
  }

  @Override
  public void close() {
    if (acks != null) {
      try {
        acks.unsubscribe();
      } catch (RuntimeException e) {
        // The connection is closed or closing: nothing is left to let go.
      }
      acks = null;
    }
  }

  @Override
  public int maxBodyBytes(String messageId) {
    Connection c = connection.get();
    if (c == null || c.getServerInfo() == null || c.getServerInfo().getMaxPayload() <= 0) {
      return Integer.MAX_VALUE;
    }
    // The server counts the headers in its max_payload.
    long left = c.getServerInfo().getMaxPayload() - headers(messageId).serializedLength();
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
  }

  private Headers headers(String messageId) {
    return new Headers()
        .add(NatsJetStreamConstants.MSG_ID_HDR, messageId)
        .add(NatsJetStreamConstants.EXPECTED_STREAM_HDR, stream.name());
  }

  /**
   * Creates the stream when it is missing (and creating is allowed); called at start and again
   * after the stream was found missing.
   */
  void ensureStream() throws StoreException {
    try {
      JetStreamManagement jsm = connection.get().jetStreamManagement();
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

  /** The connection once it is up, waiting for it until {@code deadline} (nanoTime). */
  private Connection awaitConnected(long deadline) throws StoreException {
    while (true) {
      Connection c = connection.get();
      Connection.Status status = c == null ? Connection.Status.DISCONNECTED : c.getStatus();
      if (status == Connection.Status.CONNECTED) {
        return c;
      }
      if (status == Connection.Status.CLOSED) {
        throw new StoreException("the NATS connection is closed");
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new StoreException("not connected to NATS ("
            + status.name().toLowerCase(java.util.Locale.ROOT) + ")");
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
