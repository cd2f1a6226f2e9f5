package dev.jsupervisor.core.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A started child: its pid (which is also its process group id), the parent's ends of its pipes,
 * and its exit to come. Each stream has one owner, who closes it from the thread that uses it.
 *
 * @param pid the program's pid
 * @param stdin the pipe to the child's stdin, kept for {@code sendProcessStdin}
 * @param stdout the child's stdout (and stderr, when redirected into it)
 * @param stderr the child's stderr, or null when stderr goes to stdout
 * @param exit completes (on a watcher thread) with how the child ended, once it is reaped
 */
public record SpawnedChild(
    int pid,
    OutputStream stdin,
    InputStream stdout,
    InputStream stderr,
    CompletableFuture<ExitStatus> exit) {
  /** False when stderr is redirected into stdout. */
  public boolean stderrSeparate() {
    return stderr != null;
  }
}
