package dev.jsupervisor.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jsupervisor.core.api.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting (checked against Python's shlex.split) and supervisord's pre-spawn checks. */
final class CommandLineTest {
  @TempDir Path dir;

  @Test
  void splitsLikeShlex() throws Exception {
    assertEquals(List.of("a", "b", "c"), CommandLine.split("a b  c"));
    assertEquals(List.of("a b", "c"), CommandLine.split("\"a b\" c"));
    assertEquals(List.of("ab cd"), CommandLine.split("a\"b c\"d"));
    assertEquals(List.of("x", ""), CommandLine.split("x \"\""));
    assertEquals(List.of("a\\\\b"), CommandLine.split("'a\\\\b'"));
    assertEquals(List.of("a\\\"b\\n"), CommandLine.split("\"a\\\\\\\"b\\\\n\""));
    assertEquals(List.of("a b"), CommandLine.split("a\\ b"));
    assertEquals(List.of("#c", "d"), CommandLine.split("#c d"));
    assertEquals(List.of(), CommandLine.split("  \t\n"));
    assertEquals(List.of("a\\"), CommandLine.split("a\\\\"));
    assertEquals(List.of("sh", "-c", "echo 'hi'; exit 3"), CommandLine.split("sh -c \"echo 'hi'; exit 3\""));
  }

  @Test
  void splitRejectsUnterminatedInput() {
    assertEquals("No closing quotation", splitError("\"abc"));
    assertEquals("No closing quotation", splitError("x'y"));
    assertEquals("No escaped character", splitError("a\\"));
    assertEquals("No escaped character", splitError("\"a\\"));
  }

  @Test
  void splitHandlesOversizedInput() throws Exception {
    String big = "x".repeat(200_000);
    assertEquals(List.of(big, big), CommandLine.split(big + " " + big));
  }

  private static String splitError(String s) {
    return assertThrows(CommandLine.SplitException.class, () -> CommandLine.split(s)).getMessage();
  }

  @Test
  void resolvesThroughTheSearchPathFirstHitWins() throws Exception {
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    executable(b.resolve("tool"));
    CommandLine found = CommandLine.resolve("tool --flag 'x y'", a + ":" + b);
    assertEquals(b.resolve("tool").toString(), found.filename());
    assertEquals(List.of("tool", "--flag", "x y"), found.argv());
  }

  @Test
  void searchPathPrefersConfiguredThenDaemonThenDefault() {
    assertEquals("/c", CommandLine.searchPath("/c", "/d"));
    assertEquals("/d", CommandLine.searchPath(null, "/d"));
    assertEquals(CommandLine.DEFAULT_PATH, CommandLine.searchPath(null, ""));
    assertEquals(CommandLine.DEFAULT_PATH, CommandLine.searchPath(null, null));
  }

  @Test
  void failuresCarrySupervisordTextsAndFaults() throws Exception {
    Path plain = Files.writeString(dir.resolve("plain"), "data");
    assertCheck(Fault.NO_FILE, "can't find command 'nothere'", "nothere --x", dir.toString());
    assertCheck(Fault.NO_FILE, "can't find command '/no/such'", "/no/such", "/bin");
    assertCheck(Fault.NOT_EXECUTABLE, "command at '" + dir + "' is a directory", dir.toString(), "/bin");
    assertCheck(Fault.NOT_EXECUTABLE, "command at '" + plain + "' is not executable", plain.toString(), "/bin");
    assertCheck(Fault.NOT_EXECUTABLE, "command is empty", "   ", "/bin");
    assertCheck(
        Fault.NOT_EXECUTABLE,
        "can't parse command 'echo \"hi': No closing quotation",
        "echo \"hi",
        "/bin");
    assertCheck(
        Fault.NOT_EXECUTABLE,
        "can't parse command \"it's\": No closing quotation",
        "it's",
        "/bin");
  }

  @Test
  void executeBitWithoutPermissionIsNoPermission() throws Exception {
    Path tool = executable(dir.resolve("tool"));
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rw-r--r-x"));
    if (JnaPosix.get().geteuid() == 0) {
      // root passes access(X_OK) as soon as any x bit is set, exactly like supervisord.
      assertEquals(tool.toString(), CommandLine.resolve(tool.toString(), "/bin").filename());
    } else {
      assertCheck(
          Fault.NOT_EXECUTABLE, "no permission to run command '" + tool + "'", tool.toString(), "/bin");
    }
  }

  private static void assertCheck(Fault fault, String message, String command, String path) {
    SpawnCheckException e =
        assertThrows(SpawnCheckException.class, () -> CommandLine.resolve(command, path));
    assertEquals(message, e.getMessage());
    assertEquals(fault, e.fault());
  }

  static Path executable(Path file) throws IOException {
    Files.writeString(file, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
