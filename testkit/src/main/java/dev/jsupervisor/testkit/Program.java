package dev.jsupervisor.testkit;

import dev.jsupervisor.core.config.AutoRestart;
import dev.jsupervisor.core.config.ProcessConfig;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one fake process that matter to its state machine, built by hand or taken
 * from a parsed supervisord.conf. Defaults are supervisord's: startsecs 1, startretries 3,
 * stopwaitsecs 10, autorestart unexpected, exitcodes 0, priority 999, autostart true.
 */
public final class Program {
  private final String name;
  private String group;
  private int groupPriority = 999;
  private int priority = 999;
  private int startSecs = 1;
  private int startRetries = 3;
  private int stopWaitSecs = 10;
  private boolean autostart = true;
  private AutoRestart autoRestart = AutoRestart.UNEXPECTED;
  private List<Integer> exitCodes = List.of(0);

  private Program(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.group = name;
  }

  /** A program whose single process and group share {@code name}. */
  public static Program named(String name) {
    return new Program(name);
  }

  /** The settings of one configured process. */
  public static Program from(ProcessConfig config, String group, int groupPriority) {
    return named(config.name())
        .group(group)
        .groupPriority(groupPriority)
        .priority(config.priority())
        .startSecs(config.startSecs())
        .startRetries(config.startRetries())
        .stopWaitSecs(config.stopWaitSecs())
        .autostart(config.autostart())
        .autoRestart(config.autoRestart())
        .exitCodes(config.exitCodes());
  }

  public Program group(String group) {
    this.group = Objects.requireNonNull(group, "group");
    return this;
  }

  public Program groupPriority(int groupPriority) {
    this.groupPriority = groupPriority;
    return this;
  }

  public Program priority(int priority) {
    this.priority = priority;
    return this;
  }

  public Program startSecs(int startSecs) {
    this.startSecs = requireNotNegative(startSecs, "startsecs");
    return this;
  }

  public Program startRetries(int startRetries) {
    this.startRetries = requireNotNegative(startRetries, "startretries");
    return this;
  }

  public Program stopWaitSecs(int stopWaitSecs) {
    this.stopWaitSecs = requireNotNegative(stopWaitSecs, "stopwaitsecs");
    return this;
  }

  public Program autostart(boolean autostart) {
    this.autostart = autostart;
    return this;
  }

  public Program autoRestart(AutoRestart autoRestart) {
    this.autoRestart = Objects.requireNonNull(autoRestart, "autoRestart");
    return this;
  }

  public Program exitCodes(List<Integer> exitCodes) {
    this.exitCodes = List.copyOf(exitCodes);
    return this;
  }

  private static int requireNotNegative(int value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + value);
    }
    return value;
  }

  public String name() {
    return name;
  }

  public String group() {
    return group;
  }

  public int groupPriority() {
    return groupPriority;
  }

  public int priority() {
    return priority;
  }

  public int startSecs() {
    return startSecs;
  }

  public int startRetries() {
    return startRetries;
  }

  public int stopWaitSecs() {
    return stopWaitSecs;
  }

  public boolean autostart() {
    return autostart;
  }

  public AutoRestart autoRestart() {
    return autoRestart;
  }

  public List<Integer> exitCodes() {
    return exitCodes;
  }
}
