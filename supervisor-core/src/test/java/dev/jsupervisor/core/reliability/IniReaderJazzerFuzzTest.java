package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.IniDocument;
import dev.jsupervisor.core.config.IniReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the INI reader on arbitrary bytes: every input yields a document
 * whose sections hold no more text than the input, or a {@link ConfigException} with a message,
 * within the per-input timeout and the fuzzing JVM's heap.
 */
final class IniReaderJazzerFuzzTest {
  @FuzzTest
  // Per input: Jazzer makes it libFuzzer's -timeout; a replayed hang fails on its own thread.
  @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  // libFuzzer dictionary syntax: backslash escapes are written out (\\n is a newline).
  @DictionaryEntries({"[", "]", "[program:", "[group:", "[include]", "[supervisord]", "=", ":",
      ";", " ;", "#", "\\n", "\\r\\n", "\\n  ", "\\t", "%(", ")s", "%%", "\\\\"})
  void parsesOrRefuses(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    IniDocument document;
    try {
      document = IniReader.parse(text, "fuzz.conf");
    } catch (ConfigException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isEmpty(), "an empty error message");
      return;
    }
    for (String section : document.sections()) {
      // What one section sees is text of the input; lower-casing a key may lengthen it a little.
      long size = section.length();
      for (var item : document.items(section).entrySet()) {
        size += item.getKey().length() + item.getValue().length();
      }
      assertTrue(size <= 2L * text.length(), "section " + section + " holds " + size
          + " chars from an input of " + text.length());
    }
  }
}
