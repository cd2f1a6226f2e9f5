package dev.jsupervisor.core.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A snapshot reader of the Linux process table (/proc) for orphan and zombie checks. */
final class ProcTable {
  /** One row: pid, parent pid, state letter (R, S, Z...) and start time in clock ticks. */
  record Row(long pid, long ppid, char state, long startTicks) {}

  private ProcTable() {}

  /** Every process visible now (processes vanishing while read are skipped). */
  static List<Row> rows() throws IOException {
    List<Row> out = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        Row r = row(Long.parseLong(p.getFileName().toString()));
        if (r != null) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** The row of one pid, or null if no such process exists now. */
  static Row row(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    } catch (IOException e) {
      return null;
    }
    // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new Row(pid, Long.parseLong(f[1]), f[0].charAt(0), Long.parseLong(f[19]));
  }

  /** The processes whose parent is {@code ppid}. */
  static List<Row> childrenOf(long ppid) throws IOException {
    return rows().stream().filter(r -> r.ppid() == ppid).toList();
  }

  /** True while the process of that row (same pid, same start time) still exists, zombie or not. */
  static boolean stillExists(Row r) {
    Row now = row(r.pid());
    return now != null && now.startTicks() == r.startTicks();
  }

  /** Pids of live processes whose environment contains {@code entry} (e.g. "MARK=/tmp/x"). */
  static List<Long> withEnvironment(String entry) throws IOException {
    List<Long> out = new ArrayList<>();
    for (Row r : rows()) {
      byte[] env;
      try {
        env = Files.readAllBytes(Path.of("/proc", String.valueOf(r.pid()), "environ"));
      } catch (IOException e) {
        continue;
      }
      // Entries are NUL-terminated bytes; Latin-1 maps each byte to one char, so nothing is lost.
      if (List.of(new String(env, StandardCharsets.ISO_8859_1).split("\0")).contains(entry)) {
        out.add(r.pid());
      }
    }
    return out;
  }
}
