package dev.jsupervisor.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A listener run as a real child process, with the environment supervisord gives its children. */
public final class ChildListener implements ListenerHandle {
  private static final int STDERR_TAIL_BYTES = 4096;

  private final Process process;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Thread drain;

  public ChildListener(List<String> command, Map<String, String> environment, Path directory)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    process = builder.start();
    drain = new Thread(this::drainStderr, "listener-stderr-" + process.pid());
    drain.setDaemon(true);
    drain.start();
  }

  private void drainStderr() {
    byte[] buf = new byte[4096];
    try (InputStream in = process.getErrorStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (stderr) {
          stderr.write(buf, 0, n);
          if (stderr.size() > 4 * STDERR_TAIL_BYTES) {
            byte[] all = stderr.toByteArray();
            stderr.reset();
            stderr.write(all, all.length - STDERR_TAIL_BYTES, STDERR_TAIL_BYTES);
          }
        }
      }
    } catch (IOException ignored) {
      // the process went away; what was read is kept
    }
  }

  /** The child's pid. */
  public long pid() {
    return process.pid();
  }

  @Override
  public OutputStream toListener() {
    return process.getOutputStream();
  }

  @Override
  public InputStream fromListener() {
    return process.getInputStream();
  }

  @Override
  public String describeExit(Duration grace) {
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return "still running";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "still running";
    }
    int code = process.exitValue();
    return code > 128 ? "exit status " + code + " (killed by signal " + (code - 128) + "?)"
        : "exit status " + code;
  }

  @Override
  public String stderrTail() {
    if (!process.isAlive()) {
      // the last words of a dead child may still be in the pipe
      try {
        drain.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (stderr) {
      byte[] all = stderr.toByteArray();
      int from = Math.max(0, all.length - STDERR_TAIL_BYTES);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }
  }

  @Override
  public void destroy() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
