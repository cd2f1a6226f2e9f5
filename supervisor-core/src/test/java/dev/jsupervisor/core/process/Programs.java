package dev.jsupervisor.core.process;

import dev.jsupervisor.core.config.AutoRestart;
import dev.jsupervisor.core.config.LogConfig;
import dev.jsupervisor.core.config.ProcessConfig;
import java.util.List;
import java.util.Map;

/** Builds {@link ProcessConfig}s for tests, starting from supervisord's defaults. */
final class Programs {
  String name = "app";
  String command = "/bin/true";
  boolean autostart = true;
  int startSecs = 1;
  int startRetries = 3;
  AutoRestart autoRestart = AutoRestart.UNEXPECTED;
  List<Integer> exitCodes = List.of(0);
  int stopSignal = 15;
  int stopWaitSecs = 10;
  boolean stopAsGroup;
  boolean killAsGroup;
  Integer uid;
  String userName;
  boolean redirectStderr;
  LogConfig stdout = new LogConfig(null, 0, 0, 0, false, false);
  LogConfig stderr = new LogConfig(null, 0, 0, 0, false, false);
  Map<String, String> environment = Map.of();
  String directory;
  Integer umask;
  String serverUrl;

  static Programs program(String name) {
    Programs p = new Programs();
    p.name = name;
    return p;
  }

  Programs command(String command) {
    this.command = command;
    return this;
  }

  ProcessConfig build() {
    return new ProcessConfig(
        name, name, command, 999, autostart, startSecs, startRetries, autoRestart, exitCodes,
        stopSignal, stopWaitSecs, stopAsGroup, killAsGroup, uid, userName, redirectStderr,
        stdout, stderr, environment, directory, umask, serverUrl, 0, Map.of());
  }
}
