package dev.jsupervisor.bench;

import dev.jsupervisor.listeners.forwarder.NatsEventStore;
import dev.jsupervisor.listeners.forwarder.StreamSettings;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ceiling of one event in flight: publishes one message into JetStream, waits for its
 * acknowledgement, and repeats, with no supervisor and no listener protocol around it. Prints
 * {@code timing} when the timed stretch starts and {@code <count> <seconds>} when it ends, so the bench can set the forwarder's rate
 * beside what the NATS round trip alone allows on the same machine in the same run.
 *
 * <p>Usage: {@code JetStreamAckLoop URL COUNT WARMUP store|publish [file|memory]}: {@code store}
 * goes through the forwarder's own {@link NatsEventStore} (message id, expected stream, the
 * reply read on the calling thread); {@code publish} is jnats's plain {@code
 * JetStream.publish} with a message id.
 */
public final class JetStreamAckLoop {
  private JetStreamAckLoop() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: JetStreamAckLoop URL COUNT WARMUP store|publish [file|memory]");
      System.exit(2);
    }
    String url = args[0];
    int count = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    String mode = args[3];
    StorageType storage = StorageType.valueOf(args.length > 4
        ? args[4].substring(0, 1).toUpperCase(Locale.ROOT) + args[4].substring(1) : "File");
    String stream = "ACKLOOP_" + storage.name().toUpperCase(Locale.ROOT);
    String subject = "ackloop." + storage.name().toLowerCase(Locale.ROOT);
    // A body of the size the forwarder writes for a REMOTE_COMMUNICATION event.
    byte[] body = ("{\"host\":\"bench\",\"server\":\"supervisor\",\"daemon\":\"1-1\","
        + "\"serial\":1,\"pool\":\"sink\",\"poolserial\":1,\"event\":\"REMOTE_COMMUNICATION\","
        + "\"ver\":\"3.0\",\"time\":\"2026-12-07T05:00:00.000Z\",\"payload\":{\"type\":\"bench"
        + "\"},\"data\":\"e1\"}").getBytes(StandardCharsets.UTF_8);
    try (Connection nc = Nats.connect(new Options.Builder().server(url)
        .connectionName("ackloop").build())) {
      Loop loop = loop(mode, nc, new StreamSettings(stream, List.of(subject),
          RetentionPolicy.Limits, storage, Duration.ofDays(1), -1, -1,
          Duration.ofMinutes(10), true), subject, body);
      String run = Long.toString(System.nanoTime());
      for (int i = 0; i < warmup; i++) {
        loop.once(run + "/w" + i);
      }
      // The bench samples the CPU time of this process and of nats-server at these two lines.
      System.out.println("timing");
      System.out.flush();
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        loop.once(run + "/" + i);
      }
      long t1 = System.nanoTime();
      System.out.println(count + " " + (t1 - t0) / 1e9);
      System.out.flush();
    }
  }

  /** One publish-and-wait-for-the-ack. */
  @FunctionalInterface
  private interface Loop {
    void once(String messageId) throws Exception;
  }

  private static Loop loop(String mode, Connection nc, StreamSettings settings, String subject,
      byte[] body) throws Exception {
    switch (mode) {
      case "store": {
        NatsEventStore store = new NatsEventStore(new AtomicReference<>(nc), settings,
            Duration.ofSeconds(5));
        return id -> store.store(subject, id, body);
      }
      case "publish": {
        new NatsEventStore(new AtomicReference<>(nc), settings, Duration.ofSeconds(5))
            .store(subject, "create-" + System.nanoTime(), body); // creates the stream
        JetStream js = nc.jetStream();
        return id -> js.publish(subject, body,
            PublishOptions.builder().messageId(id).expectedStream(settings.name()).build());
      }
      default:
        throw new IllegalArgumentException("mode must be store or publish, not " + mode);
    }
  }
}
