package dev.jsupervisor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.ListenerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessListenerTest {
  private FakeSupervisor sup;

  @AfterEach
  void tearDown() {
    if (sup != null) {
      sup.close();
    }
  }

  /** A listener that acks everything and hands each event to the test. */
  private static ListenerBody recording(BlockingQueue<ListenerIo.Received> seen) {
    return (in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      ListenerIo.Received event;
      while ((event = io.next()) != null) {
        seen.add(event);
        io.ok();
        io.ready();
      }
    };
  }

  private static ListenerIo.Received take(BlockingQueue<ListenerIo.Received> q)
      throws InterruptedException {
    ListenerIo.Received r = q.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no event reached the listener");
    }
    return r;
  }

  @Test
  void sendsHeaderAndPayloadAsSupervisordDoes() throws Exception {
    sup = FakeSupervisor.builder().pool("lst").identifier("specsup").build();
    BlockingQueue<ListenerIo.Received> seen = new LinkedBlockingQueue<>();
    sup.startListener(recording(seen)).awaitReady();

    long first = sup.emit(Event.processState(
        ProcessState.RUNNING, "sleeper", "sleeper", ProcessState.STARTING, 0, 4915, false));
    long second = sup.emit(Event.groupAdded("lst"));
    sup.awaitAck(first);
    sup.awaitAck(second);
    sup.awaitIdle();

    ListenerIo.Received running = take(seen);
    assertEquals("3.0", running.header().get("ver"));
    assertEquals("specsup", running.header().get("server"));
    assertEquals("0", running.header().get("serial"));
    assertEquals("lst", running.header().get("pool"));
    assertEquals("0", running.header().get("poolserial"));
    assertEquals("PROCESS_STATE_RUNNING", running.eventName());
    assertEquals("66", running.header().get("len"));
    assertEquals("processname:sleeper groupname:sleeper from_state:STARTING pid:4915",
        running.payload());
    ListenerIo.Received added = take(seen);
    assertEquals("1", added.header().get("serial"));
    assertEquals("14", added.header().get("len"));
    assertEquals("groupname:lst\n", added.payload());
    assertEquals(ListenerState.READY, sup.listenerState());
  }

  @Test
  void lenCountsCodePointsNotBytes() throws Exception {
    sup = FakeSupervisor.builder().build();
    BlockingQueue<ListenerIo.Received> seen = new LinkedBlockingQueue<>();
    sup.startListener(recording(seen)).awaitReady();
    sup.awaitAck(sup.emit(Event.remoteCommunication("mytype", "some data é")));
    ListenerIo.Received r = take(seen);
    assertEquals("23", r.header().get("len"));
    assertEquals("type:mytype\nsome data é", r.payload());
  }

  @Test
  void eventsOutsideTheSubscriptionAreNotSentAndGetNoSerial() throws Exception {
    sup = FakeSupervisor.builder().subscribe(EventType.TICK).build();
    BlockingQueue<ListenerIo.Received> seen = new LinkedBlockingQueue<>();
    sup.startListener(recording(seen)).awaitReady();
    assertEquals(-1, sup.emit(Event.groupAdded("x")));
    long tick = sup.emit(Event.tick(EventType.TICK_5, 1795288410));
    assertEquals(0, tick);
    sup.awaitAck(tick);
    assertEquals("TICK_5", take(seen).eventName());
    assertTrue(seen.isEmpty());
  }

  @Test
  void eventsEmittedBeforeTheListenerStartsAreBuffered() throws Exception {
    sup = FakeSupervisor.builder().build();
    long serial = sup.emit(Event.groupAdded("early"));
    BlockingQueue<ListenerIo.Received> seen = new LinkedBlockingQueue<>();
    sup.startListener(recording(seen));
    sup.awaitAck(serial);
    assertEquals("groupname:early\n", take(seen).payload());
  }

  @Test
  void aFailedEventIsRedeliveredWithTheSameSerial() throws Exception {
    sup = FakeSupervisor.builder().build();
    BlockingQueue<ListenerIo.Received> seen = new LinkedBlockingQueue<>();
    sup.startListener((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      ListenerIo.Received event;
      boolean failedOnce = false;
      while ((event = io.next()) != null) {
        seen.add(event);
        if (failedOnce) {
          io.ok();
        } else {
          io.fail();
          failedOnce = true;
        }
        io.ready();
      }
    }).awaitReady();
    long serial = sup.emit(Event.remoteCommunication("t0", "d0"));
    assertEquals(EventOutcome.REJECTED, sup.awaitOutcome(serial));
    sup.awaitIdle();
    assertEquals("0", take(seen).header().get("serial"));
    assertEquals("0", take(seen).header().get("serial"));
    assertEquals(List.of("listener: event was rejected"), sup.supervisorWarnings());
  }

  @Test
  void aFullBufferDropsTheOldestEvent() throws Exception {
    sup = FakeSupervisor.builder().bufferSize(2).build();
    for (int i = 0; i < 5; i++) {
      sup.emit(Event.remoteCommunication("t" + i, "d"));
    }
    BlockingQueue<ListenerIo.Received> seen = new LinkedBlockingQueue<>();
    sup.startListener(recording(seen)).awaitIdle();
    assertEquals("3", take(seen).header().get("serial"));
    assertEquals("4", take(seen).header().get("serial"));
    assertTrue(sup.supervisorWarnings().contains(
        "pool listener event buffer overflowed, discarding event 0"));
  }

  @Test
  void tenStepChainFollowsTheVirtualClock() throws Exception {
    FakeSupervisor.Builder builder = FakeSupervisor.builder().exportTcpUrl()
        .subscribe(EventType.PROCESS_STATE_RUNNING);
    for (int i = 1; i <= 10; i++) {
      builder.program(Program.named("step" + i).startSecs(5));
    }
    sup = builder.build();
    sup.startListener((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      String url = env.get("SUPERVISOR_SERVER_URL");
      io.ready();
      ListenerIo.Received event;
      while ((event = io.next()) != null) {
        int n = Integer.parseInt(event.field("processname").substring(4));
        if (n < 10) {
          TinyXmlRpc.call(url, "supervisor.startProcess", "step" + (n + 1), "false");
        }
        io.ok();
        io.ready();
      }
    }).awaitReady();

    long virtualStart = sup.clock().currentTimeMillis();
    sup.processes().start("step1");
    for (int i = 1; i <= 10; i++) {
      sup.processes().awaitState("step" + i, ProcessState.STARTING, sup.timeout());
      sup.advance(Duration.ofSeconds(5));
      sup.processes().awaitState("step" + i, ProcessState.RUNNING, sup.timeout());
    }
    sup.awaitIdle();

    assertEquals(50_000, sup.clock().currentTimeMillis() - virtualStart);
    sup.calls().assertOrder("startProcess:step2", "startProcess:step3", "startProcess:step4",
        "startProcess:step5", "startProcess:step6", "startProcess:step7", "startProcess:step8",
        "startProcess:step9", "startProcess:step10");
    assertEquals(9, sup.calls().of("startProcess").size());
    // 50 s of virtual time: a fake that slept through startsecs could not finish in 10 s.
  }

  @Test
  void aRestartedListenerGetsWhatItsPredecessorOwedWithTheSameSerials() throws Exception {
    sup = FakeSupervisor.builder().pool("lst").build();
    AtomicInteger instances = new AtomicInteger();
    BlockingQueue<ListenerIo.Received> seen = new LinkedBlockingQueue<>();
    ListenerBody body = (in, out, env) -> {
      boolean first = instances.incrementAndGet() == 1;
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      ListenerIo.Received event;
      int received = 0;
      while ((event = io.next()) != null) {
        seen.add(event);
        if (first && ++received == 2) {
          new CountDownLatch(1).await();               // hangs on its second event
        }
        io.ok();
        io.ready();
      }
    };
    sup.startListener(body).awaitReady();
    long answered = sup.emit(Event.groupAdded("a"));
    long inFlight = sup.emit(Event.groupAdded("b"));
    long buffered = sup.emit(Event.groupAdded("c"));
    sup.awaitAck(answered);
    assertEquals("a", take(seen).field("groupname"));
    assertEquals("b", take(seen).field("groupname"));

    sup.stopListener();
    long whileDown = sup.emit(Event.groupAdded("d"));
    sup.restartListener().awaitReady();
    sup.awaitIdle();

    assertEquals(2, instances.get());
    for (long serial : List.of(inFlight, buffered, whileDown)) {
      ListenerIo.Received again = take(seen);
      assertEquals(Long.toString(serial), again.header().get("serial"));
      assertEquals(Long.toString(serial), again.header().get("poolserial"),
          "the pool's numbering goes on across listener instances");
      sup.awaitAck(serial);
    }
    assertTrue(seen.isEmpty(), "the answered event is not sent again: " + seen);
  }

  @Test
  void pidsOfSpawnedProcessesComeFromTheGivenSupplier() throws Exception {
    List<Long> given = new ArrayList<>(List.of(31_001L, 31_002L));
    sup = FakeSupervisor.builder().program(Program.named("web").startSecs(0))
        .subscribe(EventType.PROCESS_STATE).pids(() -> given.remove(0)).build();
    BlockingQueue<ListenerIo.Received> seen = new LinkedBlockingQueue<>();
    sup.startListener(recording(seen)).awaitReady();

    sup.processes().start("web");
    sup.processes().crash("web", 1);                      // autorestart: a second spawn
    sup.awaitIdle();

    List<String> pids = new ArrayList<>();
    for (ListenerIo.Received r; (r = seen.poll()) != null; ) {
      pids.add(r.eventName() + (r.field("pid") == null ? "" : " " + r.field("pid")));
    }
    assertEquals(List.of("PROCESS_STATE_STARTING", "PROCESS_STATE_RUNNING 31001",
        "PROCESS_STATE_EXITED 31001", "PROCESS_STATE_STARTING",
        "PROCESS_STATE_RUNNING 31002"), pids);
    assertEquals(31_002, sup.processes().info("web").pid());
    assertTrue(given.isEmpty());
  }
}
