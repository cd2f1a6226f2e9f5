package dev.jsupervisor.core.config;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Linux signal names and numbers, parsed the way supervisord reads {@code stopsignal}. */
public final class Signals {
  /** The signal the stop escalates to after {@code stopwaitsecs}. */
  public static final int SIGKILL = 9;

  /** Every name Python's signal module offers on Linux (aliases included), to its number. */
  private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();
  /** The preferred name of each real signal number. */
  private static final Map<Integer, String> NAMES = new TreeMap<>();

  static {
    String[] table = {
      "HUP", "1", "INT", "2", "QUIT", "3", "ILL", "4", "TRAP", "5", "ABRT", "6", "BUS", "7",
      "FPE", "8", "KILL", "9", "USR1", "10", "SEGV", "11", "USR2", "12", "PIPE", "13",
      "ALRM", "14", "TERM", "15", "STKFLT", "16", "CHLD", "17", "CONT", "18", "STOP", "19",
      "TSTP", "20", "TTIN", "21", "TTOU", "22", "URG", "23", "XCPU", "24", "XFSZ", "25",
      "VTALRM", "26", "PROF", "27", "WINCH", "28", "IO", "29", "PWR", "30", "SYS", "31",
      "RTMIN", "34", "RTMAX", "64",
    };
    for (int i = 0; i < table.length; i += 2) {
      int number = Integer.parseInt(table[i + 1]);
      BY_NAME.put("SIG" + table[i], number);
      NAMES.put(number, "SIG" + table[i]);
    }
    BY_NAME.put("SIGIOT", 6);
    BY_NAME.put("SIGCLD", 17);
    BY_NAME.put("SIGPOLL", 29);
    // Python's signal module also has SIG_DFL/SIG_IGN/SIG_BLOCK/SIG_UNBLOCK/SIG_SETMASK, and
    // supervisord accepts them (and their numbers 0..2) as signals.
    BY_NAME.put("SIG_DFL", 0);
    BY_NAME.put("SIG_IGN", 1);
    BY_NAME.put("SIG_BLOCK", 0);
    BY_NAME.put("SIG_UNBLOCK", 1);
    BY_NAME.put("SIG_SETMASK", 2);
  }

  private Signals() {}

  /**
   * Parses {@code TERM}, {@code SIGTERM}, {@code sigterm} or {@code 15}.
   *
   * @throws ConfigException with supervisord's message for unknown names and numbers
   */
  public static int parse(String value) throws ConfigException {
    BigInteger parsed = PyText.parseInt(value, 10);
    int number;
    if (parsed == null) {
      String name = PyText.strip(value).toUpperCase(Locale.ROOT);
      if (!name.startsWith("SIG")) {
        name = "SIG" + name;
      }
      Integer found = BY_NAME.get(name);
      if (found == null) {
        throw new ConfigException("value " + PyText.repr(value) + " is not a valid signal name");
      }
      number = found;
    } else {
      if (parsed.bitLength() > 31 || !BY_NAME.containsValue(parsed.intValue())) {
        throw new ConfigException("value " + PyText.repr(value) + " is not a valid signal number");
      }
      number = parsed.intValue();
    }
    return number;
  }

  /** {@code SIGTERM} for 15; {@code signal N} for numbers without a name (as supervisord). */
  public static String name(int number) {
    String name = NAMES.get(number);
    return name != null ? name : "signal " + number;
  }
}
