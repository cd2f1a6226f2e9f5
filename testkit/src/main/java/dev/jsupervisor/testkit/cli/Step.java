package dev.jsupervisor.testkit.cli;

import java.util.List;

/**
 * One line of a scenario: its command word, its arguments after tokenizing, and where it was
 * written. What the words mean is the business of {@link ScenarioRunner}.
 *
 * @param line the 1-based line number in the file
 * @param text the line as written, for messages
 */
record Step(int line, String text, String command, List<String> args) {

  Step {
    args = List.copyOf(args);
  }
}
