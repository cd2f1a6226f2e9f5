package dev.jsupervisor.core.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.jsupervisor.core.reliability.RawHttp.GET_PID;
import static dev.jsupervisor.core.reliability.RawHttp.authHeader;
import static dev.jsupervisor.core.reliability.RawHttp.rpcRequest;

import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.client.ClientException;
import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.rpc.HttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile HTTP and XML-RPC clients against a real jsupervisord with a password-protected TCP
 * server: trickling clients, hundreds of simultaneous connections, wrong credentials and fuzzed
 * raw requests. Each gets a clean answer or is dropped, and a normal call keeps answering fast.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileClientsTest {
  private static final String USER = "admin";
  private static final String PASSWORD = "s3cret-Pw";
  /** Generous: a normal call takes a few milliseconds; this only catches a starved daemon. */
  private static final Duration PROMPT = Duration.ofSeconds(5);

  private static Jsupervisord daemon;
  private static int port;

  @BeforeAll
  static void start() throws IOException {
    port = Jsupervisord.freePort();
    daemon = Jsupervisord.startWithSteadyProgram(port, USER, PASSWORD);
  }

  @AfterAll
  static void stop() throws IOException {
    daemon.close();
  }

  @AfterEach
  void daemonStillServesEveryone() {
    assertPromptNormalCalls();
  }

  private static SupervisorClient inet() {
    return SupervisorClient.builder("http://127.0.0.1:" + port).credentials(USER, PASSWORD)
        .readTimeout(Duration.ofSeconds(30)).build();
  }

  /** A state call over each server answers RUNNING within {@link #PROMPT}; returns the slower. */
  private static Duration assertPromptNormalCalls() {
    long begin = System.nanoTime();
    try (SupervisorClient unix = daemon.client(); SupervisorClient tcp = inet()) {
      assertEquals(SupervisorState.RUNNING, unix.getState());
      assertEquals(ProcessState.RUNNING, tcp.getProcessInfo("steady").state());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    assertTrue(took.compareTo(PROMPT) < 0, "a normal call took " + took);
    return took;
  }

  @Test
  void wrongCredentialsAre401AndNeverLogged() throws Exception {
    List<String> attempts = List.of(authHeader(USER, "wrong"), authHeader("root", PASSWORD),
        authHeader(USER, PASSWORD + "x"), authHeader(USER, ""), "Authorization: Basic !!!\r\n",
        "Authorization: Bearer " + PASSWORD + "\r\n", "",
        authHeader(USER.toUpperCase(), PASSWORD));
    for (int round = 0; round < 10; round++) {
      for (String header : attempts) {
        byte[] request = rpcRequest(header, GET_PID).getBytes(StandardCharsets.UTF_8);
        String head = RawHttp.exchange(port, request, 20_000);
        assertTrue(head.startsWith("HTTP/1.1 401 "), header + " -> " + head);
      }
    }
    try (SupervisorClient wrong = SupervisorClient.builder("http://127.0.0.1:" + port)
        .credentials(USER, "nope").build()) {
      ClientException e = org.junit.jupiter.api.Assertions.assertThrows(ClientException.class,
          wrong::getState);
      assertEquals(ClientException.Kind.UNAUTHORIZED, e.kind(), e.getMessage());
    }
    assertFalse(daemon.mainLogText().contains(PASSWORD), "the password is in the main log");
    assertFalse(daemon.output().contains(PASSWORD), "the password is on the daemon's output");
    System.out.println("wrong credentials: " + 10 * attempts.size() + " requests, all 401");
  }

  @Test
  void trickleClientsDoNotStarveOthers() throws Exception {
    int attackers = 200;
    List<Socket> sockets = new ArrayList<>();
    ExecutorService trickle = Executors.newFixedThreadPool(4);
    CountDownLatch stop = new CountDownLatch(1);
    int baselineFds = daemon.openFds();
    try {
      for (int i = 0; i < attackers; i++) {
        Socket s = new Socket("127.0.0.1", port);
        sockets.add(s);
      }
      // Half trickle their header, half announce a body and trickle it, one byte at a time.
      byte[] slowHead = ("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n" + authHeader(USER, PASSWORD)
          + "X-Padding: " + "a".repeat(4000)).getBytes(StandardCharsets.ISO_8859_1);
      byte[] slowBody = rpcRequest(authHeader(USER, PASSWORD), GET_PID + " ".repeat(5000))
          .getBytes(StandardCharsets.ISO_8859_1);
      int[] sent = new int[attackers];
      Future<?> pump = trickle.submit(() -> {
        while (stop.getCount() > 0) {
          for (int i = 0; i < attackers; i++) {
            byte[] payload = i % 2 == 0 ? slowHead : slowBody;
            int headEnd = i % 2 == 0 ? 0 : slowBody.length - GET_PID.length() - 5000;
            try {
              OutputStream out = sockets.get(i).getOutputStream();
              if (sent[i] == 0 && headEnd > 0) {
                out.write(payload, 0, headEnd); // the body's head at once, then its bytes slowly
                sent[i] = headEnd;
              } else if (sent[i] < payload.length - 1) {
                out.write(payload[sent[i]++]);
              }
            } catch (IOException dropped) {
              sent[i] = payload.length; // the server closed it: fine
            }
          }
          try {
            stop.await(50, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      Duration worst = Duration.ZERO;
      long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      int calls = 0;
      while (System.nanoTime() < until) {
        Duration took = assertPromptNormalCalls();
        worst = took.compareTo(worst) > 0 ? took : worst;
        calls++;
      }
      stop.countDown();
      pump.get(30, TimeUnit.SECONDS);
      System.out.println("trickle: " + attackers + " slow clients for 6 s; " + calls
          + " normal call pairs, slowest " + worst.toMillis() + " ms");
    } finally {
      stop.countDown();
      trickle.shutdownNow();
      for (Socket s : sockets) {
        s.close();
      }
    }
    await("the daemon closes the attackers' sockets").atMost(Duration.ofSeconds(30))
        .until(() -> daemon.openFds() <= baselineFds + 5);
  }

  /**
   * Clients that trickle their request head or body, one byte every 100 ms, are disconnected at
   * the request read deadline counted from their first byte, while normal calls keep answering.
   */
  @Test
  void tricklingClientsAreCutOffAtTheRequestDeadline() throws Exception {
    int attackers = 20;
    long deadline = HttpServers.REQUEST_DEADLINE_MS;
    byte[] slowHead = ("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n" + authHeader(USER, PASSWORD)
        + "X-Padding: " + "a".repeat(4000)).getBytes(StandardCharsets.ISO_8859_1);
    String bodyRequest = rpcRequest(authHeader(USER, PASSWORD), GET_PID + " ".repeat(5000));
    int bodyStart = bodyRequest.indexOf("\r\n\r\n") + 4;
    byte[] slowBody = bodyRequest.getBytes(StandardCharsets.ISO_8859_1);
    List<Socket> sockets = new ArrayList<>();
    var cutAfter = new java.util.concurrent.atomic.AtomicLongArray(attackers);
    CountDownLatch never = new CountDownLatch(1);
    ExecutorService readers = Executors.newFixedThreadPool(attackers);
    try {
      long[] firstByte = new long[attackers];
      int[] sent = new int[attackers];
      for (int i = 0; i < attackers; i++) {
        Socket s = new Socket("127.0.0.1", port);
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        firstByte[i] = System.nanoTime();
        if (i % 2 == 1) {
          out.write(slowBody, 0, bodyStart); // the head at once; only the body trickles
          sent[i] = bodyStart;
        } else {
          out.write(slowHead[0]);
          sent[i] = 1;
        }
        int index = i;
        readers.submit(() -> {
          try {
            byte[] any = s.getInputStream().readAllBytes();
            cutAfter.set(index, any.length == 0 ? System.nanoTime() - firstByte[index] : -1);
          } catch (IOException reset) {
            cutAfter.set(index, System.nanoTime() - firstByte[index]);
          }
          return null;
        });
      }
      long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadline + 10_000);
      int calls = 0;
      Duration worst = Duration.ZERO;
      while (System.nanoTime() < giveUp && stillConnected(cutAfter)) {
        for (int i = 0; i < attackers; i++) {
          byte[] payload = i % 2 == 0 ? slowHead : slowBody;
          if (cutAfter.get(i) == 0 && sent[i] < payload.length - 1) {
            try {
              sockets.get(i).getOutputStream().write(payload[sent[i]++]);
            } catch (IOException dropped) {
              // cut off: the reader records when
            }
          }
        }
        Duration took = assertPromptNormalCalls();
        worst = took.compareTo(worst) > 0 ? took : worst;
        calls++;
        never.await(100, TimeUnit.MILLISECONDS); // the attack's pace: one byte per 100 ms
      }
      readers.shutdown();
      assertTrue(readers.awaitTermination(30, TimeUnit.SECONDS), "a trickling client was kept");
      long slowest = 0;
      long fastest = Long.MAX_VALUE;
      for (int i = 0; i < attackers; i++) {
        long ms = TimeUnit.NANOSECONDS.toMillis(cutAfter.get(i));
        assertTrue(ms >= deadline - 100 && ms <= deadline + 5_000,
            "trickler " + i + " cut after " + ms + " ms; the deadline is " + deadline + " ms");
        slowest = Math.max(slowest, ms);
        fastest = Math.min(fastest, ms);
      }
      System.out.println("slowloris: " + attackers + " clients trickling 1 byte/100 ms cut after "
          + fastest + ".." + slowest + " ms (deadline " + deadline + " ms); " + calls
          + " normal call pairs meanwhile, slowest " + worst.toMillis() + " ms");
    } finally {
      readers.shutdownNow();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  private static boolean stillConnected(java.util.concurrent.atomic.AtomicLongArray cutAfter) {
    for (int i = 0; i < cutAfter.length(); i++) {
      if (cutAfter.get(i) == 0) {
        return true;
      }
    }
    return false;
  }

  /** Tails of unknown processes or channels are 404, as supervisord answers (found by fuzzing). */
  @Test
  void tailsOfUnknownProcessesAre404() throws Exception {
    for (String path : List.of("/logtail/nosuch", "/logtail/:steady/stderr",
        "/logtail/steady/bogus", "/logtail/nosuch/stdout")) {
      String head = RawHttp.exchange(port, ("GET " + path + " HTTP/1.1\r\nHost: x\r\n"
          + authHeader(USER, PASSWORD) + "Connection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII), 20_000);
      assertTrue(head.startsWith("HTTP/1.1 404 "), path + " -> " + head);
    }
  }

  /** The UNIX socket's accept queue must hold a burst: a full one refuses connects at once. */
  @Test
  void threeHundredSimultaneousUnixClientsAllConnect() throws Exception {
    int clients = 300;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<SupervisorState>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(pool.submit(() -> {
          try (SupervisorClient c = daemon.client()) {
            go.await();
            return c.getState();
          }
        }));
      }
      long begin = System.nanoTime();
      go.countDown();
      for (Future<SupervisorState> answer : answers) {
        assertEquals(SupervisorState.RUNNING, answer.get(2, TimeUnit.MINUTES));
      }
      System.out.println("simultaneous UNIX: " + clients + " clients answered in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void threeHundredSimultaneousClientsAllGetAnswers() throws Exception {
    int clients = 300;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    long pid = daemon.pid();
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(pool.submit(() -> {
          try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            go.await();
            s.getOutputStream().write(rpcRequest(authHeader(USER, PASSWORD), GET_PID)
                .getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            byte[] body = in.readNBytes(RawHttp.contentLength(head));
            return head + new String(body, StandardCharsets.UTF_8);
          }
        }));
      }
      long begin = System.nanoTime();
      go.countDown();
      for (Future<String> answer : answers) {
        String response = answer.get(2, TimeUnit.MINUTES);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("<int>" + pid + "</int>"), response);
      }
      System.out.println("simultaneous: " + clients + " connections answered in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms");
    } finally {
      pool.shutdownNow();
    }
  }
}
