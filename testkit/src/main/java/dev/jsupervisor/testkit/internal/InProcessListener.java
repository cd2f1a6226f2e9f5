package dev.jsupervisor.testkit.internal;

import dev.jsupervisor.testkit.ListenerBody;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link ListenerBody} running on its own daemon thread with in-memory stdin and stdout. */
public final class InProcessListener implements ListenerHandle {
  private final BytePipe stdin = new BytePipe();
  private final BytePipe stdout = new BytePipe();
  private final CompletableFuture<String> exit = new CompletableFuture<>();
  private final Thread thread;

  public InProcessListener(String name, ListenerBody body, Map<String, String> environment) {
    thread = new Thread(() -> run(body, environment), "listener-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(ListenerBody body, Map<String, String> environment) {
    try {
      body.run(stdin.input(), stdout.output(), environment);
      exit.complete("returned normally");
    } catch (Exception | Error e) {
      exit.complete("threw " + e);
    } finally {
      stdout.closeWriter();
      stdin.closeReader();
    }
  }

  @Override
  public OutputStream toListener() {
    return stdin.output();
  }

  @Override
  public InputStream fromListener() {
    return stdout.input();
  }

  @Override
  public String describeExit(Duration grace) {
    try {
      return exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "still running";
    } catch (ExecutionException e) {
      return "failed: " + e.getCause();
    }
  }

  @Override
  public String stderrTail() {
    return "";
  }

  @Override
  public void destroy() {
    stdin.closeWriter();
    thread.interrupt();
    stdout.closeReader();
  }
}
