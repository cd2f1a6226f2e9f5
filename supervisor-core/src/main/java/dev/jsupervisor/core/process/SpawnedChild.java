package dev.jsupervisor.core.process;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A started child: its JDK handle and pid (which is also its process group id).
 *
 * @param process the JDK process; stdin is a pipe kept for {@code sendProcessStdin}
 * @param pid the program's pid
 * @param stderrSeparate false when stderr is redirected into stdout
 */
public record SpawnedChild(Process process, int pid, boolean stderrSeparate) {
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  /** The stderr pipe, or null when stderr goes to stdout. */
  public InputStream stderr() {
    return stderrSeparate ? process.getErrorStream() : null;
  }
}
