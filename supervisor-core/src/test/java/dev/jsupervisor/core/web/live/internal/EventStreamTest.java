package dev.jsupervisor.core.web.live.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventBus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {
  private final EventBus bus = new EventBus();
  private final EventStream stream = new EventStream(bus, () -> 42L, "run-1");
  private final List<String> frames = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    stream.close();
  }

  /** A client whose writes complete at once; event writes (not the hello) wait for {@code gate}. */
  private SseClient client(CountDownLatch gate) {
    Response response = mock(Response.class);
    doAnswer(inv -> {
      ByteBuffer b = inv.getArgument(1);
      String frame = StandardCharsets.UTF_8.decode(b).toString();
      if (!frame.contains("event: hello")) {
        gate.await();
      }
      frames.add(frame);
      ((Callback) inv.getArgument(2)).succeeded();
      return null;
    }).when(response).write(anyBoolean(), any(ByteBuffer.class), any(Callback.class));
    shared = response;
    return new SseClient(response, mock(Callback.class), stream::remove);
  }

  /** The response of the client made last. */
  private Response shared;

  private static Event running(String name) {
    return Event.processState(ProcessState.RUNNING, name, name, ProcessState.STARTING, 0, 9, false);
  }

  @Test
  void aClientGetsHelloThenEachStateEvent() {
    assertTrue(stream.add(client(new CountDownLatch(0))));
    bus.publish(running("a"));
    bus.publish(Event.processLog(Event.Channel.STDOUT, "a", "a", 9, "<not sent>"));
    bus.publish(running("b"));
    await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 3);
    assertEquals("retry: 1000\nevent: hello\ndata: {\"instance\":\"run-1\"}\n\n", frames.get(0));
    assertTrue(frames.get(1).startsWith("id: 0\nevent: event\ndata: {\"type\":\"PROCESS_STATE_RUNNING\""), frames.get(1));
    assertTrue(frames.get(2).startsWith("id: 1\n") && frames.get(2).contains("\"name\":\"b\""), frames.get(2));
    assertFalse(String.join("", frames).contains("not sent"), "process output never travels here");
  }

  @Test
  void streamsBeyondTheLimitAreRefused() {
    SseClient one = client(new CountDownLatch(0));
    Callback done = mock(Callback.class);
    for (int i = 0; i < EventStream.MAX_CLIENTS; i++) {
      // Mocks are slow to make: the clients share one response (only the count matters here).
      assertTrue(stream.add(i == 0 ? one : new SseClient(shared, done, stream::remove)));
    }
    assertFalse(stream.add(client(new CountDownLatch(0))));
    assertEquals(EventStream.MAX_CLIENTS, stream.clientCount());
  }

  @Test
  void whenTheQueueOverflowsClientsAreToldToResynchronise() {
    CountDownLatch gate = new CountDownLatch(1);
    stream.add(client(gate));
    new Thread(() -> {
      // the fan-out thread blocks on this client's first event write until the gate opens
      for (int i = 0; i < EventStream.QUEUE_CAPACITY * 2 + 10; i++) {
        bus.publish(running("p" + i));
      }
      gate.countDown();
    }).start();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        frames.stream().anyMatch(f -> f.contains("event: resync")));
    assertTrue(frames.size() < EventStream.QUEUE_CAPACITY, "the backlog was dropped, not sent");
  }
}
