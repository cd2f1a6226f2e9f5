package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reloadConfig's added/changed/removed computation (states.md §8). */
class ConfigDiffTest {
  @TempDir Path dir;

  private SupervisordConfig load(String text) throws Exception {
    Path file = dir.resolve("s.conf");
    Files.writeString(file, text);
    return new ConfigLoader(Map.of(), "h", dir, "/tmp", Users.system())
        .load(file.toString(), ConfigOverrides.NONE).config();
  }

  @Test
  void addedChangedRemoved() throws Exception {
    SupervisordConfig before = load("[supervisord]\n[program:keep]\ncommand=/bin/k\n"
        + "[program:change]\ncommand=/bin/c\n[program:gone]\ncommand=/bin/g\n"
        + "[program:extra]\ncommand=/bin/e\n");
    SupervisordConfig after = load("[supervisord]\n[program:keep]\ncommand=/bin/k\n"
        + "startinorder=true\n[program:change]\ncommand=/bin/c2\n[program:new]\ncommand=/bin/n\n"
        + "priority=1\n[program:extra]\ncommand=/bin/e\n");
    ConfigDiff diff = ConfigDiff.between(before.groups(), after);
    assertEquals(List.of("new"), diff.added());
    assertEquals(List.of("change"), diff.changed());
    assertEquals(List.of("gone"), diff.removed());
  }

  @Test
  void supervisordEnvironmentAndPoolSettingsCount() throws Exception {
    SupervisordConfig before = load("[supervisord]\nenvironment=A=1\n[program:p]\ncommand=/x\n"
        + "[eventlistener:l]\ncommand=/l\nevents=TICK_5\n");
    SupervisordConfig after = load("[supervisord]\nenvironment=A=2\n[program:p]\ncommand=/x\n"
        + "[eventlistener:l]\ncommand=/l\nevents=TICK_5,TICK_60\n");
    assertEquals(List.of("l", "p"), ConfigDiff.between(before.groups(), after).changed());
    assertEquals(List.of(), ConfigDiff.between(after.groups(), after).changed());
  }

  @Test
  void autoLogEqualsAnyPathButOtherLogSettingsCount() throws Exception {
    SupervisordConfig auto = load("[supervisord]\n[program:p]\ncommand=/x\n");
    SupervisordConfig path = load("[supervisord]\n[program:p]\ncommand=/x\n"
        + "stdout_logfile=/tmp/p.log\n");
    SupervisordConfig none = load("[supervisord]\n[program:p]\ncommand=/x\n"
        + "stdout_logfile=NONE\n");
    assertEquals(List.of(), ConfigDiff.between(auto.groups(), path).changed());
    assertEquals(List.of("p"), ConfigDiff.between(path.groups(), none).changed());
  }

  @Test
  void programBecomingListenerIsAChange() throws Exception {
    SupervisordConfig program = load("[supervisord]\n[program:x]\ncommand=/x\npriority=-1\n");
    SupervisordConfig listener = load("[supervisord]\n[eventlistener:x]\ncommand=/x\n"
        + "events=TICK_5\n");
    assertEquals(List.of("x"), ConfigDiff.between(program.groups(), listener).changed());
  }
}
