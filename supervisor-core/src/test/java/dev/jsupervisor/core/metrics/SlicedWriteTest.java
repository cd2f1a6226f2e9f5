package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class SlicedWriteTest {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final List<Integer> sizes = new ArrayList<>();
  private final List<Boolean> lasts = new ArrayList<>();
  private final AtomicInteger succeeded = new AtomicInteger();
  private final AtomicReference<Throwable> failed = new AtomicReference<>();
  private final Callback done = Callback.from(succeeded::incrementAndGet, failed::set);

  /** A response that takes each write and completes it at once, or fails the write numbered failAt. */
  private Response response(int failAt) {
    Response response = mock(Response.class);
    doAnswer(call -> {
      ByteBuffer slice = call.getArgument(1);
      Callback callback = call.getArgument(2);
      sizes.add(slice.remaining());
      lasts.add(call.getArgument(0));
      byte[] bytes = new byte[slice.remaining()];
      slice.get(bytes);
      body.write(bytes);
      if (sizes.size() == failAt) {
        callback.failed(new java.io.IOException("peer gone"));
      } else {
        callback.succeeded();
      }
      return null;
    }).when(response).write(anyBoolean(), any(ByteBuffer.class), any(Callback.class));
    return response;
  }

  private static byte[] page(int size) {
    byte[] page = new byte[size];
    for (int i = 0; i < size; i++) {
      page[i] = (byte) (i * 31);
    }
    return page;
  }

  @Test
  void sendsThePageInSlicesInOrderWithLastOnlyOnTheFinalOne() {
    byte[] page = page(3 * SlicedWrite.SLICE + 123);
    SlicedWrite.send(response(0), ByteBuffer.wrap(page).asReadOnlyBuffer(), done);
    assertArrayEquals(page, body.toByteArray());
    assertEquals(List.of(SlicedWrite.SLICE, SlicedWrite.SLICE, SlicedWrite.SLICE, 123), sizes);
    assertEquals(List.of(false, false, false, true), lasts);
    assertEquals(1, succeeded.get());
  }

  @Test
  void aSmallOrEmptyPageIsOneLastWrite() {
    SlicedWrite.send(response(0), ByteBuffer.wrap(page(10)), done);
    SlicedWrite.send(response(0), ByteBuffer.allocate(0), done);
    assertEquals(List.of(10, 0), sizes);
    assertEquals(List.of(true, true), lasts);
    assertEquals(2, succeeded.get());
  }

  @Test
  void aFailedSliceFailsTheSendAndStopsIt() {
    SlicedWrite.send(response(2), ByteBuffer.wrap(page(5 * SlicedWrite.SLICE)), done);
    assertEquals(2, sizes.size());
    assertEquals(0, succeeded.get());
    assertEquals("peer gone", failed.get().getMessage());
  }
}
