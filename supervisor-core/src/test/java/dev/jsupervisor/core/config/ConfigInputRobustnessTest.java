package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed, truncated and oversized config input: a result or a ConfigException, never more. */
class ConfigInputRobustnessTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  private ConfigLoader loader;

  private ConfigLoader loader() {
    if (loader == null) {
      loader = new ConfigLoader(Map.of("HOME", "/root"), "host", dir, "/tmp", Users.system());
    }
    return loader;
  }

  private Path write(String name, byte[] bytes) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  @Test
  void fiveMegabyteLineIsReadWhole() throws Exception {
    String big = "x".repeat(5 * 1024 * 1024);
    Path file = write("big.conf", ("[supervisord]\n[program:a]\ncommand=/bin/echo " + big + " ;c\n")
        .getBytes(StandardCharsets.UTF_8));
    ConfigLoader.Result result = assertTimeoutPreemptively(LIMIT,
        () -> loader().load(file.toString(), ConfigOverrides.NONE));
    assertEquals("/bin/echo " + big, result.config().groups().get(0).processes().get(0).command());
  }

  @Test
  void fiveMegabyteLineFullOfCommentMarkersStaysLinear() throws Exception {
    String text = "[a]\nk=" + "a;b#".repeat(1_300_000) + "\n";
    IniDocument doc = assertTimeoutPreemptively(LIMIT, () -> IniReader.parse(text, "x"));
    assertEquals(5_200_000, doc.get("a", "k").length());
  }

  @Test
  void hundredThousandSectionsLoad() throws Exception {
    StringBuilder text = new StringBuilder("[supervisord]\n");
    for (int i = 0; i < 100_000; i++) {
      text.append("[x:").append(i).append("]\nk=").append(i).append('\n');
    }
    text.append("[program:p]\ncommand=/bin/true\n");
    Path file = write("many.conf", text.toString().getBytes(StandardCharsets.UTF_8));
    ConfigLoader.Result result = assertTimeoutPreemptively(LIMIT,
        () -> loader().load(file.toString(), ConfigOverrides.NONE));
    assertEquals(100_002, result.config().sections().size());
    assertEquals("p", result.config().groups().get(0).name());
  }

  @Test
  void nulBytesAreOrdinaryCharacters() throws Exception {
    Path file = write("nul.conf",
        "[supervisord]\n[program:a]\ncommand=/bin/a\0b\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("/bin/a\0b", loader().load(file.toString(), ConfigOverrides.NONE)
        .config().groups().get(0).processes().get(0).command());
  }

  @Test
  void invalidUtf8IsAConfigException() throws Exception {
    Path file = write("bad.conf", new byte[] {'[', 's', ']', '\n', 'k', '=', (byte) 0xff, '\n'});
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader().load(file.toString(), ConfigOverrides.NONE));
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
  }

  @Test
  void truncatedConfigsFailCleanlyOrLoad() throws Exception {
    byte[] full = Files.readAllBytes(PythonOracle.resourceDir().resolve("oracle/full-program.conf"));
    for (int cut = 0; cut < full.length; cut += 7) {
      byte[] part = java.util.Arrays.copyOf(full, cut);
      Path file = write("cut.conf", part);
      try {
        loader().load(file.toString(), ConfigOverrides.NONE);
      } catch (ConfigException expected) {
        assertTrue(!expected.getMessage().isEmpty());
      }
    }
  }

  @Test
  void randomBytesNeverEscapeAsUncheckedExceptions() throws Exception {
    Random random = new Random(42);
    String alphabet = "[]=:;# \t\n\r%()sd_abcAB\\\"'~/,.-é\0";
    for (int round = 0; round < 600; round++) {
      StringBuilder text = new StringBuilder(random.nextBoolean() ? "[supervisord]\n" : "");
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Path file = write("fuzz.conf", text.toString().getBytes(StandardCharsets.UTF_8));
      try {
        loader().load(file.toString(), ConfigOverrides.NONE);
      } catch (ConfigException expected) {
        assertTrue(!expected.getMessage().isEmpty());
      }
    }
  }

  @Test
  void oddIncludePatternsAndPathsNeverEscape() throws Exception {
    Files.writeString(dir.resolve("a.ini"), "[program:a]\ncommand=/bin/a\n");
    for (String pattern : new String[] {"[!]", "[", "*[a-", "x\0y", "[]]", "[z-a]*", "*/../*",
        "[\\]*", "a.ini", "*.ini"}) {
      Path file = write("inc.conf", ("[supervisord]\n[include]\nfiles=" + pattern + "\n")
          .getBytes(StandardCharsets.UTF_8));
      try {
        loader().load(file.toString(), ConfigOverrides.NONE);
      } catch (ConfigException expected) {
        assertTrue(!expected.getMessage().isEmpty());
      }
    }
    assertThrows(ConfigException.class, () -> loader().load("bad\0name", ConfigOverrides.NONE));
  }

  @Test
  void absurdNumbersAreRejectedNotAllocated() throws Exception {
    Path file = write("huge.conf", ("[supervisord]\n[program:a]\ncommand=/bin/a\n"
        + "process_name=%(process_num)d\nnumprocs=2000000000\n").getBytes(StandardCharsets.UTF_8));
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader().load(file.toString(), ConfigOverrides.NONE));
    assertTrue(e.getMessage().startsWith("numprocs 2000000000 is more than"), e.getMessage());
    Path overflow = write("overflow.conf", ("[supervisord]\n[program:a]\ncommand=/bin/a\n"
        + "startsecs=99999999999999999999999\n").getBytes(StandardCharsets.UTF_8));
    assertThrows(ConfigException.class,
        () -> loader().load(overflow.toString(), ConfigOverrides.NONE));
  }

  @Test
  void deeplyNestedFormatKeyIsHandled() {
    String format = "%(" + "(".repeat(100_000) + "x" + ")".repeat(100_000) + ")s";
    ConfigException e = assertThrows(ConfigException.class,
        () -> Expander.expand(format, Map.of(), "a.b"));
    assertTrue(e.getMessage().contains("cannot be expanded"), e.getMessage());
  }
}
