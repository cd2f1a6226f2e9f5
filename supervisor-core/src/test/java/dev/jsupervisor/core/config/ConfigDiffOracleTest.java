package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link ConfigDiff} against supervisord's own group comparison for each
 * {@code config/diff/NN-old.conf} / {@code NN-new.conf} pair.
 */
class ConfigDiffOracleTest {
  private static final Map<String, String> expected = new LinkedHashMap<>();
  private static List<Path> pairs;

  @BeforeAll
  static void runPython() throws Exception {
    PythonOracle.assumeSupervisorInstalled();
    List<Path> files = PythonOracle.resourceFiles("diff", ".conf");
    pairs = new ArrayList<>();
    for (Path old : files) {
      if (old.getFileName().toString().endsWith("-old.conf")) {
        pairs.add(old);
        pairs.add(newer(old));
      }
    }
    assertTrue(pairs.size() >= 10, "too few diff pairs");
    for (List<String> f : PythonOracle.runScript("diff_dump.py", pairs)) {
      expected.put(f.get(1), f.get(2) + " | " + f.get(3) + " | " + f.get(4));
    }
  }

  private static Path newer(Path old) {
    return old.resolveSibling(old.getFileName().toString().replace("-old.conf", "-new.conf"));
  }

  @TestFactory
  Stream<DynamicTest> diffMatchesReloadConfig() {
    ConfigLoader loader = ConfigLoader.forCurrentProcess();
    return pairs.stream().filter(p -> p.toString().endsWith("-old.conf"))
        .map(old -> DynamicTest.dynamicTest(old.getFileName().toString(), () -> {
          SupervisordConfig before = loader.load(old.toString(), ConfigOverrides.NONE).config();
          SupervisordConfig after =
              loader.load(newer(old).toString(), ConfigOverrides.NONE).config();
          ConfigDiff diff = ConfigDiff.between(before.groups(), after);
          assertEquals(expected.get(old.toString()), String.join(",", diff.added()) + " | "
              + String.join(",", diff.changed()) + " | " + String.join(",", diff.removed()));
        }));
  }
}
