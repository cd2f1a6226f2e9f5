package dev.jsupervisor.core.daemon;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts the daemon in the background the way a JVM can: it cannot fork, so it starts a copy of
 * itself in the foreground mode ({@code -n}) in a new session with its standard streams on
 * /dev/null, and waits until that copy has written its pidfile (or has died) before returning.
 * The caller validates the config first, so user errors are still printed on the terminal.
 */
public final class Daemonizer {
  /** Set in the copy's environment so it knows it was started by this class. */
  public static final String MARKER_ENV = "JSUPERVISOR_DAEMONIZED";

  private Daemonizer() {}

  /** The option with which the launcher records a run's classes for its class-data archive. */
  static final String CLASS_LIST_OPTION = "-XX:DumpLoadedClassList=";

  /** Whether this JVM is the background copy. */
  public static boolean isDaemonizedCopy() {
    return "1".equals(System.getenv(MARKER_ENV));
  }

  /**
   * Starts the background copy and waits for it.
   *
   * @param args the original arguments; {@code -n} is appended
   * @param directory the {@code directory} setting, or null to stay in the current one
   * @return 0 when the copy runs, else its exit code (or 1 when it gave no sign in time)
   */
  public static int startBackgroundCopy(
      String mainClass, String[] args, Path pidfile, Path directory, long timeoutMillis)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (new File("/usr/bin/setsid").canExecute()) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(copyJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    cmd.add("-n");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put(MARKER_ENV, "1");
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    File devNull = new File("/dev/null");
    pb.redirectInput(devNull).redirectOutput(devNull).redirectError(devNull);
    Long before = PidFile.read(pidfile);
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() - deadline < 0) {
      if (p.waitFor(20, TimeUnit.MILLISECONDS)) {
        return p.exitValue() == 0 ? 1 : p.exitValue();
      }
      Long now = PidFile.read(pidfile);
      if (now != null && now == p.pid() && !now.equals(before)) {
        return 0;
      }
    }
    return 1;
  }

  /**
   * The copy's JVM options: this JVM's, except that a record of loaded classes goes to the same
   * file name plus {@code .copy}. This JVM exits once the copy runs, and two JVMs writing one
   * file would garble it; the launcher's archive job takes the copy's record (launch.sh).
   */
  static List<String> copyJvmOptions(List<String> options) {
    List<String> out = new ArrayList<>(options.size());
    for (String option : options) {
      out.add(option.startsWith(CLASS_LIST_OPTION) ? option + ".copy" : option);
    }
    return out;
  }
}
