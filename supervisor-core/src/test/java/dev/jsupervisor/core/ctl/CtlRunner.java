package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.client.RealSupervisord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs jsupervisorctl in-process and the real supervisorctl as a child, capturing both. */
final class CtlRunner {
  /** What one invocation printed (stdout then stderr) and its exit status. */
  record Result(String output, int exit) {
    @Override
    public String toString() {
      return output + "[exit " + exit + "]";
    }
  }

  private CtlRunner() {}

  static Result oursWithInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e,
          System.getenv());
    }
    return new Result(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8), exit);
  }

  static Result ours(String... args) {
    return oursWithInput("", args);
  }

  static Result realWithInput(String stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(RealSupervisord.SUPERVISORCTL);
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PYTHONIOENCODING", "utf-8");
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    byte[] err;
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("supervisorctl hung: " + cmd);
    }
    return new Result(out + new String(err, StandardCharsets.UTF_8), p.exitValue());
  }

  static Result real(String... args) throws IOException, InterruptedException {
    return realWithInput("", args);
  }

  /**
   * Hides what differs between two runs and two daemons: temp dirs, pids, uptimes, dates, and
   * the Python source location supervisorctl appends to error lines.
   */
  static String mask(String text, String... dirs) {
    String s = text;
    for (String d : dirs) {
      s = s.replace(d, "DIR");
    }
    s = s.replaceAll("pid \\d+, uptime (\\d+ days?, )?\\d+:\\d\\d:\\d\\d", "pid N, uptime U");
    s = s.replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE");
    s = s.replaceAll("(?m)^[1-9]\\d*$", "PID");
    s = s.replaceAll("(?m): file: \\S+ line: \\d+$", "");
    return s;
  }
}
