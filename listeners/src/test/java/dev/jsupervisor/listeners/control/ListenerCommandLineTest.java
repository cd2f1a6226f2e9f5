package dev.jsupervisor.listeners.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenerCommandLineTest {

  @Test
  void readsConfigFileAndAllAtOnce() {
    assertEquals(new ListenerCommandLine(Optional.of(Path.of("/etc/s.conf")), true, false),
        ListenerCommandLine.parse("fast-reload", true, "-c", "/etc/s.conf", "--all-at-once"));
    assertEquals(new ListenerCommandLine(Optional.of(Path.of("x.conf")), false, false),
        ListenerCommandLine.parse("ordered-startup", false, "--configuration=x.conf"));
    assertEquals(new ListenerCommandLine(Optional.empty(), false, true),
        ListenerCommandLine.parse("ordered-startup", false, "-h"));
  }

  @Test
  void badArgumentsGiveOneLineNamingThem() {
    assertMessage("ordered-startup: Unrecognized option: --all-at-once",
        "ordered-startup", false, "--all-at-once");
    assertMessage("fast-reload: Missing argument for option: c", "fast-reload", true, "-c");
    assertMessage("fast-reload: unexpected argument 'extra'", "fast-reload", true, "extra");
    assertMessage("fast-reload: -c needs a file name", "fast-reload", true, "-c", " ");
  }

  private static void assertMessage(String expected, String program, boolean allAtOnce,
      String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ListenerCommandLine.parse(program, allAtOnce, args));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void usageListsOnlyTheListenersOwnOptions() {
    assertTrue(ListenerCommandLine.usage("fast-reload", true).contains("--all-at-once"));
    String ordered = ListenerCommandLine.usage("ordered-startup", false);
    assertTrue(ordered.contains("-c,--configuration <FILE>"), ordered);
    assertTrue(!ordered.contains("all-at-once"), ordered);
  }
}
