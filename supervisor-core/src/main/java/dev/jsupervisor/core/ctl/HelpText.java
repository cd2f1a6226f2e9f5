package dev.jsupervisor.core.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code help} topics: supervisorctl's per-command usage lines (byte-exact, tabs included),
 * jsupervisorctl's own commands, and the column table {@code help} prints without a topic.
 */
final class HelpText {
  static final String DEFAULT_HEADER = "default commands (type help <topic>):";
  static final String QUICK_HEADER = "jsupervisor commands (type help <topic>):";

  /** The commands supervisorctl lists, with their usage text. */
  static final Map<String, String> DEFAULT = new TreeMap<>();
  /** The commands only jsupervisorctl has. */
  static final Map<String, String> QUICK = new TreeMap<>();

  static {
    DEFAULT.put("add", "add <name> [...]\tActivates any updates in config for process/group");
    DEFAULT.put("avail", "avail\t\t\tDisplay all configured processes");
    DEFAULT.put("clear", "clear <name>\t\tClear a process' log files.\n"
        + "clear <name> <name>\tClear multiple process' log files\n"
        + "clear all\t\tClear all process' log files");
    DEFAULT.put("exit", "exit\tExit the supervisor shell.");
    DEFAULT.put("fg", "fg <process>\tConnect to a process in foreground mode\n\t\tCtrl-C to exit");
    DEFAULT.put("maintail",
        "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
            + "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
            + "maintail\tlast 1600 *bytes* of supervisor main log file\n");
    DEFAULT.put("open", "open <url>\tConnect to a remote supervisord process.\n"
        + "\t\t(for UNIX domain socket, use unix:///socket/path)");
    DEFAULT.put("pid", "pid\t\t\tGet the PID of supervisord.\n"
        + "pid <name>\t\tGet the PID of a single child process by name.\n"
        + "pid all\t\t\tGet the PID of every child process, one per line.");
    DEFAULT.put("quit", "quit\tExit the supervisor shell.");
    DEFAULT.put("reload", "reload \t\tRestart the remote supervisord.");
    DEFAULT.put("remove", "remove <name> [...]\tRemoves process/group from active config");
    DEFAULT.put("reread",
        "reread \t\t\tReload the daemon's configuration files without add/remove");
    DEFAULT.put("restart", "restart <name>\t\tRestart a process\n"
        + "restart <gname>:*\tRestart all processes in a group\n"
        + "restart <name> <name>\tRestart multiple processes or groups\n"
        + "restart all\t\tRestart all processes\n"
        + "Note: restart does not reread config files. For that, see reread and update.");
    DEFAULT.put("shutdown", "shutdown \tShut the remote supervisord down.");
    DEFAULT.put("signal", "signal <signal name> <name>\t\tSignal a process\n"
        + "signal <signal name> <gname>:*\t\tSignal all processes in a group\n"
        + "signal <signal name> <name> <name>\tSignal multiple processes or groups\n"
        + "signal <signal name> all\t\tSignal all processes");
    DEFAULT.put("start", "start <name>\t\tStart a process\n"
        + "start <gname>:*\t\tStart all processes in a group\n"
        + "start <name> <name>\tStart multiple processes or groups\n"
        + "start all\t\tStart all processes");
    DEFAULT.put("status", "status <name>\t\tGet status for a single process\n"
        + "status <gname>:*\tGet status for all processes in a group\n"
        + "status <name> <name>\tGet status for multiple named processes\n"
        + "status\t\t\tGet all process status info");
    DEFAULT.put("stop", "stop <name>\t\tStop a process\n"
        + "stop <gname>:*\t\tStop all processes in a group\n"
        + "stop <name> <name>\tStop multiple processes or groups\n"
        + "stop all\t\tStop all processes");
    DEFAULT.put("tail", "tail [-f] <name> [stdout|stderr] (default stdout)\n"
        + "Ex:\n"
        + "tail -f <name>\t\tContinuous tail of named process stdout\n"
        + "\t\t\tCtrl-C to exit.\n"
        + "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
        + "tail <name> stderr\tlast 1600 *bytes* of process stderr");
    DEFAULT.put("update",
        "update\t\t\tReload config and add/remove as necessary, and will restart affected programs\n"
            + "update all\t\tReload config and add/remove as necessary, and will restart affected programs\n"
            + "update <gname> [...]\tUpdate specific groups");
    DEFAULT.put("version", "version\t\t\tShow the version of the remote supervisord process");

    String bare = "\t\t\tA bare <name> is the group of that name if there is one, else\n"
        + "\t\t\tevery process of that name in any group (also as a glob).";
    QUICK.put("quickstart",
        "quickstart <name>|<gname>:*|<glob>|all ...\tStart everything at once, without waiting\n"
            + "\t\t\tper process; one line per process as it comes up or fails.\n" + bare);
    QUICK.put("quickstop",
        "quickstop <name>|<gname>:*|<glob>|all ...\tStop everything at once; one line per\n"
            + "\t\t\tprocess as it stops.\n" + bare);
    QUICK.put("quickrestart",
        "quickrestart [--rolling N] <name>|<gname>:*|<glob>|all ...\n"
            + "\t\t\tquickstop then quickstart; with --rolling, N processes at a\n"
            + "\t\t\ttime, stopping at the first batch that fails.\n" + bare);
  }

  static final String HELP_HELP = "help\t\tPrint a list of available actions\n"
      + "help <action>\tPrint help for <action>";

  private HelpText() {}

  /** The lines {@code help} prints for one plugin: blank, header, ruler, columns, blank. */
  static List<String> table(String header, List<String> commands) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add(header);
    lines.add("=".repeat(header.length()));
    lines.addAll(columnize(commands, 79));
    lines.add("");
    return lines;
  }

  /**
   * Lays {@code words} out column-major in as few rows as fit {@code width}, columns two spaces
   * apart and padded to their widest word (trailing padding kept, as supervisorctl prints it).
   */
  static List<String> columnize(List<String> words, int width) {
    List<String> lines = new ArrayList<>();
    int size = words.size();
    if (size == 0) {
      lines.add("<empty>");
      return lines;
    }
    if (size == 1) {
      lines.add(words.get(0));
      return lines;
    }
    int rows = size;
    int[] widths = null;
    for (int tryRows = 1; tryRows < size; tryRows++) {
      int cols = (size + tryRows - 1) / tryRows;
      int[] w = new int[cols];
      int total = -2;
      for (int col = 0; col < cols; col++) {
        for (int row = 0; row < tryRows; row++) {
          int i = row + tryRows * col;
          if (i >= size) {
            break;
          }
          w[col] = Math.max(w[col], words.get(i).length());
        }
        total += w[col] + 2;
        if (total > width) {
          break;
        }
      }
      if (total <= width) {
        rows = tryRows;
        widths = w;
        break;
      }
    }
    if (widths == null) {
      widths = new int[] {0};
    }
    for (int row = 0; row < rows; row++) {
      List<String> texts = new ArrayList<>();
      for (int col = 0; col < widths.length; col++) {
        int i = row + rows * col;
        texts.add(i < size ? words.get(i) : "");
      }
      while (!texts.isEmpty() && texts.get(texts.size() - 1).isEmpty()) {
        texts.remove(texts.size() - 1);
      }
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < texts.size(); col++) {
        if (col > 0) {
          line.append("  ");
        }
        line.append(String.format("%-" + Math.max(1, widths[col]) + "s", texts.get(col)));
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
