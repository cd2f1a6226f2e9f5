package dev.jsupervisor.core.events;

import dev.jsupervisor.core.util.LogLevel;

import dev.jsupervisor.core.api.ProcessState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event buffer and dispatcher of one {@code [eventlistener:x]} pool: pure logic driven by
 * the daemon's loop, which reports listener output and process states and carries out the
 * writes and log lines requested through {@link PoolEffects}.
 *
 * <p>Each mutating call ends with a dispatch pass (as supervisord's per-loop transition does):
 * the head event goes to the first listener, in configuration order, whose process is RUNNING
 * and whose protocol state is READY, until no listener is free or the buffer is empty.
 *
 * <p>Rejected events stay in their pool. When a listener answers anything but {@code OK},
 * writes a bad result line or dies while BUSY, the event goes back to the head of this pool
 * and is redelivered with the same serial and poolserial. supervisord instead broadcasts the
 * rejection and lets every pool whose listeners share the rejecting listener's priority
 * rebuffer it, so pools receive events they never subscribed to (events.md §4); that is a
 * bug and is deliberately not reproduced. A write failure is left to the daemon: it surfaces
 * as the listener's death, which rebuffers the event, so nothing is skipped silently.
 *
 * <p>Overflow follows supervisord: inserting into a full buffer (including putting a rejected
 * event back) first drops the oldest buffered event with an ERRO line.
 */
public final class ListenerPool {
  private final String name;
  private final int priority;
  private final int bufferSize;
  private final Set<EventType> subscriptions;
  private final String serverId;
  private final PoolEffects effects;
  private final Map<String, Listener> listeners = new LinkedHashMap<>();
  private final Deque<BufferedEvent> buffer = new ArrayDeque<>();
  private long lastPoolSerial = -1;
  // Published for readers on other threads (metrics); written on the loop thread only.
  private final AtomicLong overflows = new AtomicLong();
  private final AtomicLong redeliveries = new AtomicLong();
  private volatile int buffered;

  /**
   * A pool named {@code name} (also its {@code pool:} header field) whose listener processes
   * are {@code listenerNames} in configuration order, all initially not running.
   */
  public ListenerPool(
      String name,
      int priority,
      int bufferSize,
      Collection<EventType> subscriptions,
      List<String> listenerNames,
      String serverId,
      PoolEffects effects) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("pool " + name + ": buffer_size must be at least 1");
    }
    if (subscriptions.isEmpty()) {
      throw new IllegalArgumentException("pool " + name + ": no event types subscribed");
    }
    this.name = name;
    this.priority = priority;
    this.bufferSize = bufferSize;
    this.subscriptions = EnumSet.copyOf(subscriptions);
    this.serverId = serverId;
    this.effects = effects;
    for (String listener : listenerNames) {
      listeners.put(listener, new Listener(listener));
    }
  }

  public String name() {
    return name;
  }

  public int priority() {
    return priority;
  }

  /** True when a subscription of this pool matches {@code type} (directly or as an ancestor). */
  public boolean subscribesTo(EventType type) {
    for (EventType subscribed : subscriptions) {
      if (type.isA(subscribed)) {
        return true;
      }
    }
    return false;
  }

  private long nextPoolSerial() {
    lastPoolSerial = lastPoolSerial == Long.MAX_VALUE ? 0 : lastPoolSerial + 1;
    return lastPoolSerial;
  }

  /** Buffers an event with its global serial and a new pool serial, then dispatches. */
  public BufferedEvent accept(long serial, Event event) {
    BufferedEvent buffered = new BufferedEvent(serial, nextPoolSerial(), event);
    makeRoom();
    buffer.addLast(buffered);
    dispatch();
    return buffered;
  }

  /**
   * Reports a listener's new process state. STARTING means a fresh process (protocol state
   * back to ACKNOWLEDGED); only RUNNING makes it eligible for events; EXITED, STOPPED, BACKOFF
   * and FATAL mean the process is gone, so an event it held goes back to the head. Feed the
   * dead process's last stdout bytes before reporting its end, or a result it managed to
   * write is lost and its event is delivered again.
   */
  public void listenerProcessState(String listenerName, ProcessState state) {
    Listener listener = listener(listenerName);
    listener.processState = state;
    switch (state) {
      case STARTING:
        rebufferHeldEvent(listener, "listener " + listenerName + " was respawned");
        listener.parser.reset();
        break;
      case EXITED:
      case STOPPED:
      case BACKOFF:
      case FATAL:
        rebufferHeldEvent(listener, "listener " + listenerName + " died");
        listener.parser.reset();
        break;
      default:
        break;
    }
    dispatch();
  }

  /** Feeds bytes a listener wrote to its stdout, acts on what they meant, then dispatches. */
  public void listenerOutput(String listenerName, byte[] data, int offset, int length) {
    Listener listener = listener(listenerName);
    ListenerState before = listener.parser.state();
    boolean debug = effects.logs(LogLevel.DEBUG);
    for (ListenerReply reply : listener.parser.feed(data, offset, length)) {
      for (String warning : reply.warnings()) {
        effects.log(LogLevel.WARN, warning);
      }
      switch (reply.kind()) {
        case ACCEPTED:
          if (debug) {
            effects.log(LogLevel.DEBUG, listenerName + ": event was processed");
          }
          listener.held = null;
          break;
        case REJECTED:
        case VIOLATION_WHILE_BUSY:
          rebufferHeldEvent(listener, "listener " + listenerName + " rejected it");
          break;
        default:
          break;
      }
    }
    ListenerState after = listener.parser.state();
    if (before != after && debug) {
      effects.log(LogLevel.DEBUG, listenerName + ": " + before + " -> " + after);
    }
    dispatch();
  }

  /** Sends buffered events to free listeners until one of the two runs out. */
  public void dispatch() {
    sendWhileFree();
    buffered = buffer.size();
    for (Listener listener : listeners.values()) {
      listener.published = listener.parser.state();
    }
  }

  /** The pool as of its last dispatch; callable from any thread. */
  public PoolStats stats() {
    List<PoolStats.ListenerStat> states = new ArrayList<>(listeners.size());
    for (Listener listener : listeners.values()) {
      states.add(new PoolStats.ListenerStat(listener.name, listener.published));
    }
    return new PoolStats(name, bufferSize, buffered, overflows.get(), redeliveries.get(),
        List.copyOf(states));
  }

  private void sendWhileFree() {
    while (!buffer.isEmpty()) {
      Optional<Listener> free = firstFreeListener();
      if (free.isEmpty()) {
        return;
      }
      Listener listener = free.get();
      BufferedEvent next = buffer.removeFirst();
      effects.send(
          listener.name,
          ListenerCodec.envelope(serverId, next.serial(), name, next.poolSerial(), next.event()));
      listener.parser.eventSent();
      listener.held = next;
      if (effects.logs(LogLevel.DEBUG)) {
        effects.log(
            LogLevel.DEBUG, "event " + next.serial() + " sent to listener " + listener.name);
      }
    }
  }

  /** The events waiting in the buffer, head first. */
  public List<BufferedEvent> buffered() {
    return List.copyOf(buffer);
  }

  /** The protocol state of one listener. */
  public ListenerState listenerState(String listenerName) {
    return listener(listenerName).parser.state();
  }

  /** The event a BUSY listener is working on. */
  public Optional<BufferedEvent> heldBy(String listenerName) {
    return Optional.ofNullable(listener(listenerName).held);
  }

  /** The listener process names in configuration order. */
  public List<String> listenerNames() {
    return new ArrayList<>(listeners.keySet());
  }

  private Optional<Listener> firstFreeListener() {
    for (Listener listener : listeners.values()) {
      if (listener.processState == ProcessState.RUNNING
          && listener.parser.state() == ListenerState.READY) {
        return Optional.of(listener);
      }
    }
    return Optional.empty();
  }

  private void rebufferHeldEvent(Listener listener, String why) {
    BufferedEvent held = listener.held;
    if (held == null) {
      return;
    }
    listener.held = null;
    redeliveries.incrementAndGet();
    if (effects.logs(LogLevel.DEBUG)) {
      effects.log(
          LogLevel.DEBUG,
          "event " + held.serial() + " back at the head of pool " + name + " (" + why + ")");
    }
    makeRoom();
    buffer.addFirst(held);
  }

  private void makeRoom() {
    if (buffer.size() >= bufferSize) {
      BufferedEvent discarded = buffer.removeFirst();
      overflows.incrementAndGet();
      effects.log(
          LogLevel.ERROR,
          "pool " + name + " event buffer overflowed, discarding event " + discarded.serial());
    }
  }

  private Listener listener(String listenerName) {
    Listener listener = listeners.get(listenerName);
    if (listener == null) {
      throw new IllegalArgumentException("pool " + name + " has no listener " + listenerName);
    }
    return listener;
  }

  /** Per-process bookkeeping: process state, protocol parser and the event it holds. */
  private static final class Listener {
    final String name;
    final ListenerReplyParser parser;
    ProcessState processState = ProcessState.STOPPED;
    BufferedEvent held;
    /** The protocol state as of the last dispatch, for readers on other threads. */
    volatile ListenerState published;

    Listener(String name) {
      this.name = name;
      this.parser = new ListenerReplyParser(name);
      this.published = parser.state();
    }
  }
}
