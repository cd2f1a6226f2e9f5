package dev.jsupervisor.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Finding the C library's directory in a /proc/PID/maps text. */
final class JnaSearchPathTest {
  private static Optional<String> dirOf(String maps) throws IOException {
    return JnaSearchPath.cLibraryDirectory(new BufferedReader(new StringReader(maps)));
  }

  @Test
  void theDirectoryOfTheMappedGlibcIsFound() throws IOException {
    String maps = """
        55d0c4a00000-55d0c4a01000 r--p 00000000 fe:00 1049 /usr/lib/jvm/java-17/bin/java
        55d0c6000000-55d0c6021000 rw-p 00000000 00:00 0                          [heap]
        7f1454e00000-7f1454e20000 rw-p 00000000 00:00 0
        7f1454ea3000-7f1454ec9000 r--p 00000000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
        7f1455100000-7f1455120000 r--p 00000000 fe:00 339381 /opt/other/lib/libc.so.6
        """;
    assertEquals(Optional.of("/usr/lib/x86_64-linux-gnu"), dirOf(maps));
  }

  @Test
  void olderGlibcNamesAndDeletedFilesCount() throws IOException {
    assertEquals(Optional.of("/lib/x86_64-linux-gnu"),
        dirOf("7f00-7f01 r-xp 00000000 08:01 1 /lib/x86_64-linux-gnu/libc-2.31.so\n"));
    assertEquals(Optional.of("/usr/lib64"),
        dirOf("7f00-7f01 r-xp 00000000 08:01 1 /usr/lib64/libc.so.6 (deleted)\n"));
  }

  @Test
  void librariesThatOnlyLookAlikeAreNotTheCLibrary() throws IOException {
    String maps = """
        7f00-7f01 r-xp 00000000 08:01 1 /usr/lib/x86_64-linux-gnu/libcap-ng.so.0
        7f02-7f03 r-xp 00000000 08:01 2 /usr/lib/x86_64-linux-gnu/libc.so.6.bak
        7f04-7f05 r-xp 00000000 08:01 3 /lib/ld-musl-x86_64.so.1
        7f06-7f07 r-xp 00000000 08:01 4 /usr/lib/libc-client.so.2007e
        """;
    assertEquals(Optional.empty(), dirOf(maps));
  }

  @Test
  void malformedTruncatedAndEmptyInputFindsNothing() throws IOException {
    assertEquals(Optional.empty(), dirOf(""));
    assertEquals(Optional.empty(), dirOf("garbage without a path\n\n\t\n"));
    assertEquals(Optional.empty(), dirOf("7f00-7f01 r-xp 00000000 08:01 1 /usr/lib/x86_64-li"));
    assertEquals(Optional.empty(), dirOf("7f00-7f01 r-xp 00000000 08:01 1 libc.so.6\n"));
    assertEquals(Optional.empty(), dirOf("/libc.so.6\n")); // the root is no library directory
  }

  @Test
  void readingStopsAtTheLimitEvenWhenTheLibraryComesLater() throws IOException {
    String filler = "x".repeat(1024 * 1024) + "\n";
    String late = "7f00-7f01 r-xp 00000000 08:01 1 /usr/lib/libc.so.6\n";
    StringBuilder maps = new StringBuilder();
    for (long n = 0; n <= JnaSearchPath.MAX_BYTES / filler.length(); n++) {
      maps.append(filler);
    }
    assertEquals(Optional.empty(), dirOf(maps + late));
    assertEquals(Optional.of("/usr/lib"), dirOf(filler + late));
  }

  @Test
  void thisJvmsOwnMapNamesADirectoryThatHoldsTheCLibrary() throws IOException {
    String before = System.getProperty(JnaSearchPath.PROPERTY);
    try {
      System.clearProperty(JnaSearchPath.PROPERTY);
      JnaSearchPath.useCLibraryDirectory();
      String dir = System.getProperty(JnaSearchPath.PROPERTY);
      assumeTrue(dir != null, "not a glibc system");
      try (Stream<Path> files = Files.list(Path.of(dir))) {
        String name = "libc.so.6";
        assertTrue(files.map(f -> f.getFileName().toString())
            .anyMatch(f -> f.equals(name) || f.startsWith("libc-")), dir);
      }
    } finally {
      if (before == null) {
        System.clearProperty(JnaSearchPath.PROPERTY);
      } else {
        System.setProperty(JnaSearchPath.PROPERTY, before);
      }
    }
  }
}
