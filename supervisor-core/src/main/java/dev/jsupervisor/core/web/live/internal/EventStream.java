package dev.jsupervisor.core.web.live.internal;

import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventBus;
import dev.jsupervisor.core.events.EventObserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Fans the daemon's events out to every open event-stream client. The loop thread only offers
 * each event to a bounded queue; one thread of this stream turns events into frames and hands
 * them to the clients, and sends a comment heartbeat when nothing happened for a while, so
 * proxies keep the stream open and dead clients are found.
 */
public final class EventStream implements EventObserver, AutoCloseable {
  /** Events waiting for the fan-out thread; past this the page is told to resynchronise. */
  static final int QUEUE_CAPACITY = 10_000;
  /** A comment is sent after this long without an event. */
  public static final long HEARTBEAT_MILLIS = 15_000;
  /** What EventSource waits before reconnecting. */
  static final int RETRY_MILLIS = 1_000;
  /** Open streams at most per daemon; more are refused with 503. */
  public static final int MAX_CLIENTS = 256;

  private final EventBus bus;
  private final LongSupplier clock;
  private final String instance;
  private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final List<SseClient> clients = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private long nextId;

  /**
   * @param instance names this daemon run; the page sees it change after a daemon restart
   */
  public EventStream(EventBus bus, LongSupplier clock, String instance) {
    this.bus = bus;
    this.clock = clock;
    this.instance = instance;
    this.thread = new Thread(this::run, "jsupervisor-web-events");
    thread.setDaemon(true);
    thread.start();
    bus.observe(this);
  }

  @Override
  public void onEvent(Event event) {
    if (!queue.offer(event)) {
      overflowed.set(true);
    }
  }

  /** Opens a stream for a new client: the reconnect delay and a hello naming this daemon run. */
  public boolean add(SseClient client) {
    if (!running || clients.size() >= MAX_CLIENTS) {
      return false;
    }
    clients.add(client);
    client.send(frame(null, "hello", "{\"instance\":\"" + instance + "\"}",
        "retry: " + RETRY_MILLIS + "\n"));
    return true;
  }

  public void remove(SseClient client) {
    clients.remove(client);
  }

  public int clientCount() {
    return clients.size();
  }

  private void run() {
    while (running) {
      Event event;
      try {
        event = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (overflowed.getAndSet(false)) {
        queue.clear();
        broadcast(frame(nextId++, "resync", "{}", ""));
        continue;
      }
      if (event == null) {
        broadcast(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
        continue;
      }
      String json = EventJson.of(event, clock.getAsLong());
      if (json != null) {
        broadcast(frame(nextId++, "event", json, ""));
      }
    }
  }

  private void broadcast(byte[] frame) {
    for (SseClient client : clients) {
      client.send(frame);
    }
  }

  /** One SSE frame; the JSON is a single line, so one data line carries it. */
  static byte[] frame(Long id, String type, String json, String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    sb.append("event: ").append(type).append('\n').append("data: ").append(json).append("\n\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Stops the thread, unhooks from the bus and ends every stream. */
  @Override
  public void close() {
    running = false;
    bus.unobserve(this);
    thread.interrupt();
    for (SseClient client : clients) {
      client.finish();
    }
    clients.clear();
  }
}
