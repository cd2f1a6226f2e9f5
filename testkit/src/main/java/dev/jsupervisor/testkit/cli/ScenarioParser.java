package dev.jsupervisor.testkit.cli;

import dev.jsupervisor.core.api.ProcessState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the line-based scenario format (see testkit/README.md) and checks every line before
 * anything runs, so a typo on line 40 is reported before the listener is even started. Pure:
 * text in, steps or a {@link ScenarioException} naming file, line and what was expected out.
 */
final class ScenarioParser {
  /** Each command with its argument shape, as shown in error messages. */
  static final Map<String, String> COMMANDS = Map.ofEntries(
      Map.entry("ready", "ready"),
      Map.entry("emit", "emit EVENT_NAME [key=value ...]"),
      Map.entry("advance", "advance DURATION (e.g. 5s, 250ms, 2m)"),
      Map.entry("start", "start NAME"),
      Map.entry("stop", "stop NAME"),
      Map.entry("crash", "crash NAME [EXIT_CODE]"),
      Map.entry("fail-start", "fail-start NAME [COUNT|forever]"),
      Map.entry("slow-stop", "slow-stop NAME DURATION"),
      Map.entry("place", "place NAME STATE"),
      Map.entry("supervisord-start", "supervisord-start"),
      Map.entry("supervisord-stop", "supervisord-stop"),
      Map.entry("shutdown-state", "shutdown-state on|off"),
      Map.entry("restart-listener", "restart-listener"),
      Map.entry("expect", "expect ack | expect fail | expect idle | expect call METHOD [ARG ...]"
          + " | expect state NAME STATE"));
  private static final Set<String> EXPECTATIONS = Set.of("ack", "fail", "idle", "call", "state");

  private final String file;

  ScenarioParser(String file) {
    this.file = file;
  }

  List<Step> parse(String text) throws ScenarioException {
    List<Step> steps = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      String trimmed = raw.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      List<String> words = tokenize(trimmed, i + 1);
      Step step = new Step(i + 1, trimmed, words.get(0), words.subList(1, words.size()));
      check(step);
      steps.add(step);
    }
    if (steps.isEmpty()) {
      throw new ScenarioException(file + ": the scenario has no steps");
    }
    return steps;
  }

  private ScenarioException error(Step step, String message) {
    return new ScenarioException(file, step.line(), message);
  }

  private void check(Step step) throws ScenarioException {
    String usage = COMMANDS.get(step.command());
    if (usage == null) {
      throw error(step, "unknown command '" + step.command() + "'; expected one of: "
          + String.join(", ", new java.util.TreeSet<>(COMMANDS.keySet())));
    }
    List<String> a = step.args();
    switch (step.command()) {
      case "ready", "supervisord-start", "supervisord-stop", "restart-listener" ->
          count(step, 0, 0, usage);
      case "emit" -> {
        count(step, 1, Integer.MAX_VALUE, usage);
        EventSpec.validate(a.get(0), a.subList(1, a.size()), message -> error(step, message));
      }
      case "advance" -> {
        count(step, 1, 1, usage);
        duration(step, a.get(0));
      }
      case "start", "stop" -> count(step, 1, 1, usage);
      case "crash" -> {
        count(step, 1, 2, usage);
        if (a.size() == 2) {
          integer(step, a.get(1), "an exit code");
        }
      }
      case "fail-start" -> {
        count(step, 1, 2, usage);
        if (a.size() == 2 && !a.get(1).equals("forever")) {
          integer(step, a.get(1), "a count or 'forever'");
        }
      }
      case "slow-stop" -> {
        count(step, 2, 2, usage);
        duration(step, a.get(1));
      }
      case "place" -> {
        count(step, 2, 2, usage);
        state(step, a.get(1));
      }
      case "shutdown-state" -> {
        count(step, 1, 1, usage);
        if (!a.get(0).equals("on") && !a.get(0).equals("off")) {
          throw error(step, "expected 'on' or 'off' after shutdown-state, got '" + a.get(0) + "'");
        }
      }
      case "expect" -> checkExpect(step, usage);
      default -> throw new AssertionError(step.command());
    }
  }

  private void checkExpect(Step step, String usage) throws ScenarioException {
    List<String> a = step.args();
    if (a.isEmpty() || !EXPECTATIONS.contains(a.get(0))) {
      throw error(step, "expected " + usage + (a.isEmpty() ? "" : ", got 'expect " + a.get(0)
          + "'"));
    }
    switch (a.get(0)) {
      case "ack", "fail", "idle" -> count(step, 1, 1, "expect " + a.get(0));
      case "call" -> count(step, 2, Integer.MAX_VALUE, "expect call METHOD [ARG ...]");
      case "state" -> {
        count(step, 3, 3, "expect state NAME STATE");
        state(step, a.get(2));
      }
      default -> throw new AssertionError(a.get(0));
    }
  }

  private void count(Step step, int min, int max, String usage) throws ScenarioException {
    int n = step.args().size();
    if (n < min || n > max) {
      throw error(step, "expected '" + usage + "', got '" + step.text() + "'");
    }
  }

  private void integer(Step step, String text, String what) throws ScenarioException {
    try {
      Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw error(step, "expected " + what + ", got '" + text + "'");
    }
  }

  private void state(Step step, String text) throws ScenarioException {
    try {
      ProcessState.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw error(step, "expected a process state (" + names(ProcessState.values()) + "), got '"
          + text + "'");
    }
  }

  private void duration(Step step, String text) throws ScenarioException {
    if (parseDuration(text) == null) {
      throw error(step, "expected a duration such as 5s, 250ms or 2m, got '" + text + "'");
    }
  }

  static String names(Enum<?>[] values) {
    StringBuilder sb = new StringBuilder();
    for (Enum<?> v : values) {
      sb.append(sb.length() == 0 ? "" : ", ").append(v.name());
    }
    return sb.toString();
  }

  /** {@code 5s}, {@code 250ms}, {@code 2m}, {@code 1h} or bare seconds; null when malformed. */
  static Duration parseDuration(String text) {
    String digits = text;
    long unitMillis = 1000;
    if (text.endsWith("ms")) {
      digits = text.substring(0, text.length() - 2);
      unitMillis = 1;
    } else if (text.endsWith("s")) {
      digits = text.substring(0, text.length() - 1);
    } else if (text.endsWith("m")) {
      digits = text.substring(0, text.length() - 1);
      unitMillis = 60_000;
    } else if (text.endsWith("h")) {
      digits = text.substring(0, text.length() - 1);
      unitMillis = 3_600_000;
    }
    if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Duration.ofMillis(Long.parseLong(digits) * unitMillis);
  }

  /** Splits on blanks; double quotes group words and allow \" \\ \n \t escapes inside. */
  List<String> tokenize(String line, int lineNumber) throws ScenarioException {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          quoted = false;
        } else if (c == '\\' && i + 1 < line.length()) {
          char next = line.charAt(++i);
          switch (next) {
            case 'n' -> word.append('\n');
            case 't' -> word.append('\t');
            case '"', '\\' -> word.append(next);
            default -> throw new ScenarioException(file, lineNumber, "unknown escape '\\" + next
                + "' in a quoted value; use \\n, \\t, \\\" or \\\\");
          }
        } else {
          word.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      throw new ScenarioException(file, lineNumber, "unterminated quote: expected a closing '\"'");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
