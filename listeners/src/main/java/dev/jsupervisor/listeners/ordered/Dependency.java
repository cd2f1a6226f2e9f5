package dev.jsupervisor.listeners.ordered;

import dev.jsupervisor.core.api.ProcessState;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One edge of the startup graph: the dependent waits until every process of {@code target} has
 * reached one of {@code states} (EXITED meaning an expected exit).
 *
 * @param target the id of the program waited for
 * @param states the acceptable states, never empty
 * @param key the config key the edge came from, for messages
 */
public record Dependency(String target, Set<ProcessState> states, String key) {

  public Dependency {
    if (states.isEmpty()) {
      throw new IllegalArgumentException("a dependency needs at least one state");
    }
    states = Collections.unmodifiableSet(EnumSet.copyOf(states));
  }

  /** {@code running} or {@code running,exited}: the states as the config spells them. */
  public String statesText() {
    return states.stream().map(s -> s.name().toLowerCase()).collect(Collectors.joining(","));
  }

  @Override
  public String toString() {
    return target + ":" + statesText();
  }
}
