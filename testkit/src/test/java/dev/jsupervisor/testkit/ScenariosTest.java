package dev.jsupervisor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.events.EventType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ready-made sequences, as an in-process listener receives them. */
class ScenariosTest {
  private FakeSupervisor sup;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() {
    sup.close();
  }

  private void start(FakeSupervisor.Builder builder) throws Exception {
    sup = builder.build();
    sup.startListener((in, out, env) -> {
      ListenerIo io = new ListenerIo(in, out);
      io.ready();
      ListenerIo.Received event;
      while ((event = io.next()) != null) {
        received.add(event.eventName() + " " + event.payload());
        io.ok();
        io.ready();
      }
    }).awaitReady();
  }

  @Test
  void stateSequenceChainsFromStates() throws Exception {
    start(FakeSupervisor.builder());
    List<Long> serials = sup.scenarios().stateSequence("web", ProcessState.STARTING,
        ProcessState.RUNNING, ProcessState.EXITED, ProcessState.STARTING, ProcessState.BACKOFF,
        ProcessState.FATAL);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), serials);
    sup.awaitIdle();
    assertEquals(List.of(
        "PROCESS_STATE_STARTING processname:web groupname:web from_state:STOPPED tries:0",
        "PROCESS_STATE_RUNNING processname:web groupname:web from_state:STARTING pid:7000",
        "PROCESS_STATE_EXITED processname:web groupname:web from_state:RUNNING expected:1"
            + " pid:7000",
        "PROCESS_STATE_STARTING processname:web groupname:web from_state:EXITED tries:0",
        "PROCESS_STATE_BACKOFF processname:web groupname:web from_state:STARTING tries:1",
        "PROCESS_STATE_FATAL processname:web groupname:web from_state:BACKOFF"), received);
  }

  @Test
  void crashLoopEndsFatalAfterStartretries() throws Exception {
    start(FakeSupervisor.builder().subscribe(EventType.PROCESS_STATE)
        .program(Program.named("fast").startRetries(1)));
    long before = sup.clock().nanoTime();
    sup.scenarios().crashLoop("fast");
    sup.awaitIdle();
    assertEquals(ProcessState.FATAL, sup.processes().state("fast"));
    assertEquals(List.of(
        "PROCESS_STATE_STARTING processname:fast groupname:fast from_state:STOPPED tries:0",
        "PROCESS_STATE_BACKOFF processname:fast groupname:fast from_state:STARTING tries:1",
        "PROCESS_STATE_STARTING processname:fast groupname:fast from_state:BACKOFF tries:1",
        "PROCESS_STATE_BACKOFF processname:fast groupname:fast from_state:STARTING tries:2",
        "PROCESS_STATE_FATAL processname:fast groupname:fast from_state:BACKOFF"), received);
    assertEquals(Duration.ofSeconds(1).toNanos(), sup.clock().nanoTime() - before);
  }

  @Test
  void supervisordStartAndStop() throws Exception {
    // 13 events arrive at once: more than the default buffer_size of 10 would keep
    start(FakeSupervisor.builder().bufferSize(20)
        .program(Program.named("db").groupPriority(1).startSecs(0))
        .program(Program.named("web").groupPriority(2).startSecs(0))
        .program(Program.named("manual").groupPriority(3).autostart(false)));
    sup.scenarios().supervisordStart();
    sup.processes().slowStop("web", Duration.ofSeconds(3));
    sup.scenarios().supervisordStop(Duration.ofSeconds(5));
    sup.awaitIdle();
    assertEquals(List.of(
        "PROCESS_GROUP_ADDED groupname:db\n",
        "PROCESS_GROUP_ADDED groupname:web\n",
        "PROCESS_GROUP_ADDED groupname:manual\n",
        "SUPERVISOR_STATE_CHANGE_RUNNING ",
        "PROCESS_STATE_STARTING processname:db groupname:db from_state:STOPPED tries:0",
        "PROCESS_STATE_RUNNING processname:db groupname:db from_state:STARTING pid:4000",
        "PROCESS_STATE_STARTING processname:web groupname:web from_state:STOPPED tries:0",
        "PROCESS_STATE_RUNNING processname:web groupname:web from_state:STARTING pid:4001",
        "SUPERVISOR_STATE_CHANGE_STOPPING ",
        "PROCESS_STATE_STOPPING processname:web groupname:web from_state:RUNNING pid:4001",
        "PROCESS_STATE_STOPPED processname:web groupname:web from_state:STOPPING pid:4001",
        "PROCESS_STATE_STOPPING processname:db groupname:db from_state:RUNNING pid:4000",
        "PROCESS_STATE_STOPPED processname:db groupname:db from_state:STOPPING pid:4000"),
        received);
  }
}
