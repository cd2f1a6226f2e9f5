package dev.jsupervisor.listeners.ordered;

import java.util.List;

/**
 * A startup plan the listener refuses to run: dependency cycles, unknown programs or bad key
 * values. The message lists every problem, one per line, each naming the programs involved.
 */
public final class PlanException extends Exception {
  private final List<String> problems;

  public PlanException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
