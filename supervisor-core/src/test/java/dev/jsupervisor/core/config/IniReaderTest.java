package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** IniDocument bookkeeping the corpus test does not see: merging reads, sources, line numbers. */
class IniReaderTest {
  @Test
  void secondReadMergesSectionsAndKeepsWhereEachValueCameFrom() throws ConfigException {
    IniDocument doc = IniReader.parse("[a]\nk=1\nj=2\n  more\n[b]\nx=y\n", "main.conf");
    IniReader.read("[a]\nk=3\n[c]\nz=0\n", "inc.ini", doc);
    assertEquals(List.of("a", "b", "c"), doc.sections());
    assertEquals("3", doc.get("a", "k"));
    assertEquals("inc.ini", doc.entry("a", "k").source());
    assertEquals(2, doc.entry("a", "k").line());
    assertEquals("2\nmore", doc.get("a", "j"));
    assertEquals(3, doc.entry("a", "j").line());
    assertNull(doc.get("b", "k"));
  }

  @Test
  void defaultsShowInEverySectionAndSetKeepsTheRawValue() throws ConfigException {
    IniDocument doc = IniReader.parse("[DEFAULT]\nd=%(here)s\n[a]\nk=v\n", "f");
    assertEquals(List.of("k", "d"), doc.options("a"));
    doc.set("a", "d", "/x");
    assertEquals("/x", doc.get("a", "d"));
    assertEquals("%(here)s", doc.rawItems("a").get("d"));
    assertEquals("%(here)s", doc.defaults().get("d").value());
  }

  @Test
  void parseErrorsListEveryBadLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> IniReader.parse("[a]\nbad\n" + "k=v\n".repeat(10) + "worse\n", "/etc/s.conf"));
    assertEquals("Source contains parsing errors: '/etc/s.conf'\n\t[line  2]: 'bad\\n'"
        + "\n\t[line 13]: 'worse\\n'", e.getMessage());
  }
}
