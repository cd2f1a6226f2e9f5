package dev.jsupervisor.core.web.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class SseClientTest {
  private final Response response = mock(Response.class);
  private final Callback done = mock(Callback.class);
  private final List<Callback> pendingWrites = new ArrayList<>();
  private final List<String> written = new ArrayList<>();
  private final AtomicInteger closed = new AtomicInteger();

  SseClientTest() {
    doAnswer(inv -> {
      ByteBuffer b = inv.getArgument(1);
      written.add(StandardCharsets.UTF_8.decode(b).toString());
      pendingWrites.add(inv.getArgument(2));
      return null;
    }).when(response).write(anyBoolean(), any(ByteBuffer.class), any(Callback.class));
  }

  private SseClient client() {
    return new SseClient(response, done, c -> closed.incrementAndGet());
  }

  @Test
  void framesGoOutOneWriteAtATimeInOrder() {
    SseClient client = client();
    assertTrue(client.send("a".getBytes(StandardCharsets.UTF_8)));
    assertTrue(client.send("b".getBytes(StandardCharsets.UTF_8)));
    assertTrue(client.send("c".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of("a"), written, "b and c wait for a's write");
    pendingWrites.get(0).succeeded();
    assertEquals(List.of("a", "b"), written);
    pendingWrites.get(1).succeeded();
    pendingWrites.get(2).succeeded();
    assertEquals(List.of("a", "b", "c"), written);
  }

  @Test
  void aClientThatFallsBehindTheBacklogLimitIsDropped() {
    SseClient client = client();
    byte[] frame = new byte[1024];
    assertTrue(client.send(frame)); // in flight, never completes: the client reads nothing
    int queued = 0;
    while (client.send(frame)) {
      queued++;
    }
    assertEquals(SseClient.MAX_BACKLOG_BYTES / frame.length, queued);
    assertEquals(1, closed.get());
    verify(done).failed(any());
    assertFalse(client.send(frame), "a dropped client takes nothing more");
  }

  @Test
  void aFailedWriteDropsTheClientOnce() {
    SseClient client = client();
    client.send(new byte[1]);
    pendingWrites.get(0).failed(new java.io.IOException("reset"));
    client.fail(new java.io.IOException("again"));
    assertEquals(1, closed.get());
    verify(done).failed(any());
    verify(done, never()).succeeded();
  }
}
