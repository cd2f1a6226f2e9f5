package dev.jsupervisor.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RotatingLogFileTest {
  @TempDir Path dir;
  private final List<IOException> errors = new ArrayList<>();

  private RotatingLogFile log(Path p, long maxBytes, int backups) {
    return new RotatingLogFile(p, maxBytes, backups, errors::add);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, UTF_8);
  }

  @Test
  void rotatesIntoNumberedBackupsKeepingOnlyN() throws IOException {
    Path p = dir.resolve("app.log");
    try (RotatingLogFile log = log(p, 10, 2)) {
      log.write("aaaaaaaaaa".getBytes(UTF_8));
      log.write("bbbbbbbbbbbb".getBytes(UTF_8));
      log.write("ccc".getBytes(UTF_8));
      log.write("ddddddd".getBytes(UTF_8));
      log.write("e".getBytes(UTF_8));
    }
    assertEquals("e", read(p));
    assertEquals("cccddddddd", read(dir.resolve("app.log.1")));
    assertEquals("bbbbbbbbbbbb", read(dir.resolve("app.log.2")));
    assertFalse(Files.exists(dir.resolve("app.log.3")));
  }

  @Test
  void zeroBackupsTruncatesAndZeroMaxBytesNeverRotates() throws IOException {
    Path p = dir.resolve("t.log");
    try (RotatingLogFile log = log(p, 4, 0)) {
      log.write("12345".getBytes(UTF_8));
      log.write("ab".getBytes(UTF_8));
    }
    assertEquals("ab", read(p));
    assertFalse(Files.exists(dir.resolve("t.log.1")));

    Path q = dir.resolve("n.log");
    try (RotatingLogFile log = log(q, 0, 3)) {
      for (int i = 0; i < 100; i++) {
        log.write("0123456789".getBytes(UTF_8));
      }
    }
    assertEquals(1000, Files.size(q));
  }

  @Test
  void appendsToAnExistingFileAndCountsItsSize() throws IOException {
    Path p = Files.writeString(dir.resolve("old.log"), "12345678");
    try (RotatingLogFile log = log(p, 10, 1)) {
      log.write("9A".getBytes(UTF_8));
    }
    assertEquals("123456789A", read(dir.resolve("old.log.1")));
    assertEquals("", read(p));
  }

  @Test
  void reopenFollowsAnOutsideMoveAndClearDeletesTheCurrentFile() throws IOException {
    Path p = dir.resolve("r.log");
    try (RotatingLogFile log = log(p, 0, 0)) {
      log.write("one\n".getBytes(UTF_8));
      Files.move(p, dir.resolve("moved.log"));
      log.reopen();
      log.write("two\n".getBytes(UTF_8));
      assertEquals("two\n", read(p));
      assertEquals("one\n", read(dir.resolve("moved.log")));
      log.clear();
      assertTrue(Files.exists(p));
      assertEquals(0, Files.size(p));
      log.write("three\n".getBytes(UTF_8));
    }
    assertEquals("three\n", read(p));
  }

  @Test
  void diskErrorsAreReportedOnceNotThrown() {
    Path p = dir.resolve("missing-dir").resolve("x.log");
    try (RotatingLogFile log = log(p, 0, 0)) {
      log.write("a".getBytes(UTF_8));
      log.write("b".getBytes(UTF_8));
    }
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).getMessage().contains(p.toString()), errors.get(0).getMessage());
  }

  @Test
  void writesResumeWhenTheDiskRecoversAndANewRunOfErrorsIsReportedAgain() throws IOException {
    Path parent = dir.resolve("comes-and-goes");
    Path p = parent.resolve("x.log");
    try (RotatingLogFile log = log(p, 0, 0)) {
      log.write("lost 1\n".getBytes(UTF_8));
      log.write("lost 2\n".getBytes(UTF_8));
      assertEquals(1, errors.size());
      Files.createDirectories(parent);
      log.write("kept\n".getBytes(UTF_8));
      assertEquals("kept\n", read(p));
      Files.delete(p);
      Files.delete(parent);
      log.reopen();
      log.write("lost 3\n".getBytes(UTF_8));
      assertEquals(2, errors.size(), "a second run of failures is reported once more");
    }
  }

  @Test
  void autoLogNamesFollowSupervisordsPattern() throws IOException {
    Path made = AutoLogNames.create(dir, "web", "stdout", "supervisor", new SplittableRandom(1));
    assertTrue(Files.exists(made));
    assertEquals(0, Files.size(made));
    assertTrue(
        made.getFileName().toString().matches("web-stdout---supervisor-[a-z0-9_]{8}\\.log"),
        made.toString());
    Path other = AutoLogNames.create(dir, "web", "stdout", "supervisor", new SplittableRandom(1));
    assertFalse(made.equals(other), "an existing name is never reused");
  }
}
