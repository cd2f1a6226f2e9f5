package dev.jsupervisor.listeners.ordered;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The real readiness probes: TCP connect, HTTP GET expecting 2xx, and {@code /bin/sh -c}
 * expecting exit 0. Each attempt runs on a daemon worker thread and is bounded by a timeout.
 */
public final class ReadinessProbes implements ReadinessProber, AutoCloseable {
  private final Duration attemptTimeout;
  private final ExecutorService workers;
  /** Made on the first HTTP probe: building one sets up TLS, about 0.25 s of a listener's start. */
  private HttpClient http;

  /** Probes whose single attempts give up after {@code attemptTimeout}. */
  public ReadinessProbes(Duration attemptTimeout) {
    this.attemptTimeout = attemptTimeout;
    this.workers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "readiness-probe");
              t.setDaemon(true);
              return t;
            });
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(attemptTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(workers)
              .build();
    }
    return http;
  }

  @Override
  public CompletionStage<ProbeResult> probe(ReadinessCheck check) {
    return CompletableFuture.supplyAsync(() -> attempt(check), workers);
  }

  /** One attempt, on the calling thread. */
  ProbeResult attempt(ReadinessCheck check) {
    try {
      if (check instanceof ReadinessCheck.Tcp tcp) {
        return tcp(tcp);
      }
      if (check instanceof ReadinessCheck.Http h) {
        return http(h);
      }
      return command((ReadinessCheck.Command) check);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.notReady("interrupted");
    } catch (RuntimeException e) {
      return ProbeResult.notReady(String.valueOf(e.getMessage()));
    }
  }

  private ProbeResult tcp(ReadinessCheck.Tcp check) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(check.host(), check.port()),
          (int) attemptTimeout.toMillis());
      return ProbeResult.ready("connected");
    } catch (ConnectException e) {
      return ProbeResult.notReady("connection refused");
    } catch (SocketTimeoutException e) {
      return ProbeResult.notReady("connect timed out");
    } catch (IOException e) {
      return ProbeResult.notReady(e.toString());
    }
  }

  private ProbeResult http(ReadinessCheck.Http check) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(check.uri()).timeout(attemptTimeout).GET().build();
    try {
      int status = http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      String detail = "HTTP " + status;
      return status >= 200 && status < 300 ? ProbeResult.ready(detail)
          : ProbeResult.notReady(detail);
    } catch (HttpTimeoutException e) {
      return ProbeResult.notReady("timed out");
    } catch (ConnectException e) {
      return ProbeResult.notReady("connection refused");
    } catch (IOException e) {
      return ProbeResult.notReady(e.toString());
    }
  }

  private ProbeResult command(ReadinessCheck.Command check) throws InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("/bin/sh", "-c", check.command())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return ProbeResult.notReady("cannot run /bin/sh: " + e.getMessage());
    }
    if (!p.waitFor(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return ProbeResult.notReady("timed out after " + attemptTimeout.toMillis() + " ms");
    }
    int code = p.exitValue();
    return code == 0 ? ProbeResult.ready("exit 0") : ProbeResult.notReady("exit " + code);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
