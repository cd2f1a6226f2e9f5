package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Table-driven comparison of {@link IniReader} with Python's RawConfigParser (configured as
 * supervisord configures it) over every file in {@code config/ini-corpus}.
 */
class IniReaderCorpusTest {
  private static Map<String, String> expected;
  private static List<Path> files;

  @BeforeAll
  static void runPython() throws Exception {
    PythonOracle.assumeSupervisorInstalled();
    files = PythonOracle.resourceFiles("ini-corpus", ".ini");
    assertTrue(files.size() >= 25, "corpus too small: " + files.size());
    expected = new LinkedHashMap<>();
    String file = null;
    StringBuilder rendered = new StringBuilder();
    for (List<String> f : PythonOracle.runScript("ini_dump.py", files)) {
      switch (f.get(0)) {
        case "FILE": file = f.get(1); rendered.setLength(0); break;
        case "DECODE": rendered.append("DECODE ERROR\n"); break;
        case "ERR": rendered.append("ERROR ").append(f.get(1)).append('\n'); break;
        case "OK": break;
        case "D": rendered.append("default ").append(f.get(1)).append('=')
            .append(PyText.repr(f.get(2))).append('\n'); break;
        case "S": rendered.append('[').append(f.get(1)).append("]\n"); break;
        case "K": rendered.append(f.get(1)).append('=').append(PyText.repr(f.get(2)))
            .append('\n'); break;
        case "END": expected.put(file, rendered.toString()); break;
        default: throw new AssertionError("unexpected oracle line " + f);
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCorpusFileParsesLikePython() {
    return files.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(),
        () -> assertEquals(expected.get(path.toString()), render(path), path.toString())));
  }

  private static String render(Path path) throws Exception {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
    } catch (CharacterCodingException e) {
      return "DECODE ERROR\n";
    }
    StringBuilder out = new StringBuilder();
    IniDocument doc;
    try {
      doc = IniReader.parse(text, path.toString());
    } catch (ConfigException e) {
      return out.append("ERROR ").append(e.getMessage()).append('\n').toString();
    }
    doc.defaults().forEach((k, e) -> out.append("default ").append(k).append('=')
        .append(PyText.repr(e.value())).append('\n'));
    for (String section : doc.sections()) {
      out.append('[').append(section).append("]\n");
      doc.items(section).forEach((k, v) -> out.append(k).append('=').append(PyText.repr(v))
          .append('\n'));
    }
    return out.toString();
  }
}
