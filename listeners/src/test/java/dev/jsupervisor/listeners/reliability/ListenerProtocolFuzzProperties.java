package dev.jsupervisor.listeners.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.ListenerCodec;
import dev.jsupervisor.listeners.sdk.EnvelopeDecoder;
import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.EventListener;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import dev.jsupervisor.listeners.sdk.ProtocolException;
import dev.jsupervisor.listeners.sdk.RawEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz properties for the listener side of the event protocol, fed by the daemon side's encoder:
 * any event survives any split of its bytes, and any stdin (garbage, truncated or edited
 * envelopes, payloads that do not match their event type) makes the SDK's listener loop answer
 * or stop with a {@link ProtocolException}, in bounded time and memory. Subclasses choose how
 * many inputs to try.
 */
abstract class ListenerProtocolFuzzProperties {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final long ALLOCATION_BASE = 16L * 1024 * 1024;
  private static final long ALLOCATION_PER_BYTE = 512;
  private static final List<String> PAYLOAD_TOKENS = List.of(
      "processname:", "groupname:", "from_state:", "STARTING", "RUNNING", "tries:", "pid:",
      "expected:", "when:", "type:", "1", "0", "-1", "99999999999999999999", " ", ":", "\n",
      "é", "\uD83D\uDE00", "\u0000", "x");

  @Provide
  Arbitrary<Event> event() {
    Arbitrary<String> payload = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60),
        Arbitraries.of(PAYLOAD_TOKENS).list().ofMaxSize(20).map(l -> String.join("", l)));
    return Combinators.combine(
        Arbitraries.of(EventType.class).filter(t -> !t.isAbstract()), payload).as(Event::new);
  }

  @Provide
  Arbitrary<List<Event>> events() {
    return event().list().ofMaxSize(6);
  }

  /** Valid envelopes from the daemon's encoder, cut anywhere, decode to the same events. */
  @Property
  void everyEnvelopeSurvivesEverySplit(
      @ForAll("events") List<Event> events, @ForAll long cutSeed) throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < events.size(); i++) {
      stream.writeBytes(ListenerCodec.envelope("srv", i, "pool", i, events.get(i)));
    }
    byte[] bytes = stream.toByteArray();
    List<RawEvent> decoded = guarded(bytes.length, () -> {
      EnvelopeDecoder decoder = new EnvelopeDecoder();
      List<RawEvent> out = new ArrayList<>();
      Random cuts = new Random(cutSeed);
      for (int i = 0; i < bytes.length; ) {
        int n = 1 + cuts.nextInt(Math.min(64, bytes.length - i));
        out.addAll(decoder.feed(bytes, i, n));
        i += n;
      }
      assertTrue(!decoder.hasPartialEvent(), "bytes left over after the last envelope");
      return out;
    });
    assertEquals(events.size(), decoded.size());
    for (int i = 0; i < events.size(); i++) {
      String sent = events.get(i).payload();
      // What UTF-8 can carry: a lone surrogate travels as '?'.
      assertEquals(new String(sent.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
          decoded.get(i).payload());
      assertEquals(events.get(i).type().name(), decoded.get(i).header().eventName());
    }
  }

  @Provide
  Arbitrary<byte[]> stdin() {
    Arbitrary<byte[]> envelopes = events().map(events -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < events.size(); i++) {
        out.writeBytes(ListenerCodec.envelope("srv", i, "pool", i, events.get(i)));
      }
      return out.toByteArray();
    });
    Arbitrary<byte[]> edited = Combinators.combine(envelopes, Arbitraries.longs())
        .as(ListenerProtocolFuzzProperties::edit);
    Arbitrary<byte[]> headerSoup = Arbitraries.of("ver:", "3.0", " ", "len:", "serial:", "pool:",
            "poolserial:", "server:", "eventname:", "PROCESS_STATE_RUNNING", "TICK_5", "x", "\n",
            "0", "5", "-1", "99999999999999999999", "2147483648", ":", "é", "\u0000")
        .list().ofMaxSize(40).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(envelopes, edited, headerSoup,
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
  }

  /** Flips, drops and duplicates a few bytes of {@code bytes}, chosen by {@code seed}. */
  private static byte[] edit(byte[] bytes, long seed) {
    Random random = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : bytes) {
      int roll = random.nextInt(100);
      if (roll < 2) {
        continue;
      }
      out.write(roll < 4 ? random.nextInt(256) : b);
      if (roll == 4) {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  /**
   * The SDK's whole listener loop on hostile stdin: it ends normally at EOF or with a
   * ProtocolException, and it answered exactly the events its handler saw, READY after each.
   */
  @Property
  void listenerLoopAnswersOrRefusesAnyStdin(@ForAll("stdin") byte[] stdin) throws Exception {
    AtomicInteger handled = new AtomicInteger();
    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    EventHandler handler = event -> {
      assertNotNull(event.header());
      return handled.incrementAndGet() % 3 == 0 ? EventHandler.Result.FAIL : EventHandler.Result.OK;
    };
    guarded(stdin.length, () -> {
      try {
        new EventListener(SILENT).run(new ByteArrayInputStream(stdin), replies, handler);
      } catch (ProtocolException refused) {
        assertNotNull(refused.getMessage());
      }
      return null;
    });
    String written = replies.toString(StandardCharsets.US_ASCII);
    int results = written.split("RESULT ", -1).length - 1;
    assertEquals(handled.get(), results, written);
    assertEquals(handled.get() + 1, written.split("READY\n", -1).length - 1, written);
  }

  private static final ListenerLog SILENT = new ListenerLog() {
    @Override
    public void info(String message) {}

    @Override
    public void warn(String message) {}

    @Override
    public void error(String message) {}
  };

  /** Work that may throw what its contract allows. */
  private interface Work<T> {
    T run() throws Exception;
  }

  /** Runs {@code work} with a deadline and fails if it allocates beyond a bound on its input. */
  private static <T> T guarded(long inputBytes, Work<T> work) {
    return assertTimeoutPreemptively(DEADLINE, () -> {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      T result = work.run();
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      long limit = ALLOCATION_BASE + ALLOCATION_PER_BYTE * inputBytes;
      assertTrue(allocated <= limit,
          "input of " + inputBytes + " bytes allocated " + allocated + " bytes, limit " + limit);
      return result;
    });
  }
}
