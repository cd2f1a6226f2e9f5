package dev.jsupervisor.listeners.forwarder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Keeps the slots of one forwarder publishing in the pool's order, so that the stream holds
 * their events in serial order as one slot would. The supervisor sends a pool's events in
 * pool-serial order, one per free slot, and they reach the slots' threads microseconds apart in
 * any order. An event whose predecessor (pool serial minus one) has not been published yet is
 * left here, and the thread that publishes the predecessor publishes it right after, so no
 * thread waits for its turn: the early one goes on to wait for its acknowledgement, which it
 * waits for anyway. Its predecessor may never come (the supervisor dropped it from a full
 * buffer, or it was stored before this forwarder started): after {@code gap} the early event's
 * own thread {@link #claim claims} it. An event the supervisor sends again (its serial already
 * passed) goes at once: around a failure, order is not kept.
 *
 * <p>Only the publishing is ordered, not the wait for JetStream's acknowledgement, and one
 * connection delivers the messages to the server in publish order.
 */
public final class PublishTurns {
  /** One event's publishing, run by whichever thread gets to it first in turn. */
  public static final class Turn {
    private final long serial;
    private final Runnable publish;
    private final long gapDeadline;
    // Guarded by the PublishTurns.
    private boolean sent;
    private RuntimeException failure;

    private Turn(long serial, Runnable publish, long gapDeadline) {
      this.serial = serial;
      this.publish = publish;
      this.gapDeadline = gapDeadline;
    }

    /** When (System.nanoTime) the owner should claim it if it is still waiting. */
    public long gapDeadline() {
      return gapDeadline;
    }
  }

  private final long gapNanos;
  private final NavigableMap<Long, Turn> waiting = new TreeMap<>();
  /** The highest pool serial published; -1 before the first. */
  private long last = -1;

  /** {@code gap} zero: every event is published at once (one slot needs no turns). */
  public PublishTurns(Duration gap) {
    this.gapNanos = gap.toNanos();
  }

  /**
   * Publishes {@code publish} now when it is {@code poolSerial}'s turn (then also the waiting
   * events that follow it), else leaves it for the thread that publishes its predecessor. A
   * {@link RuntimeException} from {@code publish} is kept in the turn ({@link #failure}).
   */
  public Turn submit(long poolSerial, Runnable publish) {
    Turn turn = new Turn(poolSerial, publish, System.nanoTime() + gapNanos);
    synchronized (this) {
      if (gapNanos > 0 && poolSerial > last + 1) {
        waiting.put(poolSerial, turn);
        return turn;
      }
    }
    runFrom(turn);
    return turn;
  }

  /**
   * The owner's call once the gap is over: publishes the turn now if nobody has, after every
   * waiting turn before it (lowest first), and then the ones that follow it.
   */
  public void claim(Turn turn) {
    List<Turn> due = new ArrayList<>();
    synchronized (this) {
      if (turn.sent || waiting.get(turn.serial) != turn) {
        return;
      }
      Map<Long, Turn> upTo = waiting.headMap(turn.serial, true);
      due.addAll(upTo.values());
      upTo.clear();
    }
    for (Turn t : due) {
      runFrom(t);
    }
  }

  /** Whether the turn has been published (or its publishing failed). */
  public synchronized boolean sent(Turn turn) {
    return turn.sent;
  }

  /**
   * Waits until the turn has been published (by whichever thread) or until {@code deadline}
   * (System.nanoTime); whether it has.
   */
  public synchronized boolean awaitSent(Turn turn, long deadline) throws InterruptedException {
    while (!turn.sent) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
    return true;
  }

  /** What publishing the turn threw, if it did. */
  public synchronized RuntimeException failure(Turn turn) {
    return turn.failure;
  }

  private void runFrom(Turn turn) {
    Turn next = turn;
    while (next != null) {
      RuntimeException failure = null;
      Error error = null;
      try {
        next.publish.run();
      } catch (RuntimeException e) {
        failure = e;
      } catch (Error e) {
        error = e;
      }
      synchronized (this) {
        // Also after an Error: the owner must not wait for a publish that will not happen.
        next.sent = true;
        next.failure = failure != null ? failure : error != null
            ? new IllegalStateException(error.toString()) : null;
        if (next.serial > last) {
          last = next.serial;
        }
        notifyAll();
        next = error == null ? waiting.remove(last + 1) : null;
      }
      if (error != null) {
        throw error;
      }
    }
  }
}
