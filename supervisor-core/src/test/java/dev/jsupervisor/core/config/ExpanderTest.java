package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python %-formatting cases checked against CPython 3.11 output. */
class ExpanderTest {
  private final Map<String, Object> names = new LinkedHashMap<>();

  {
    names.put("program_name", "web");
    names.put("process_num", 7);
    names.put("here", "/etc/sv");
    names.put("ENV_HOME", "/root");
  }

  private String expand(String format) throws ConfigException {
    return Expander.expand(format, names, "program:web.command");
  }

  @Test
  void namesFlagsWidthsAndPercent() throws ConfigException {
    assertEquals("web_07", expand("%(program_name)s_%(process_num)02d"));
    assertEquals("100% /etc/sv", expand("100%% %(here)s"));
    assertEquals("   we|web  |+7|0x7|0o7|'web'|007|7",
        expand("%(program_name)5.2s|%(program_name)-5s|%(process_num)+d|%(process_num)#x"
            + "|%(process_num)#o|%(program_name)r|%(process_num).3d|%(process_num)s"));
  }

  @Test
  void unknownNameListsAvailableNamesSorted() {
    ConfigException e = assertThrows(ConfigException.class, () -> expand("x %(nope)s"));
    assertEquals("Format string 'x %(nope)s' for 'program:web.command' contains names ('nope') "
        + "which cannot be expanded. Available names: ENV_HOME, here, process_num, program_name",
        e.getMessage());
  }

  @Test
  void badSyntaxMessages() {
    assertEquals("Format string '/bin/echo 100%' for 'program:web.command' is badly formatted: "
        + "incomplete format", assertThrows(ConfigException.class,
            () -> expand("/bin/echo 100%")).getMessage());
    assertEquals("Format string '%(here)b' for 'program:web.command' is badly formatted: "
        + "unsupported format character 'b' (0x62) at index 7",
        assertThrows(ConfigException.class, () -> expand("%(here)b")).getMessage());
    assertEquals("Format string '%(here' for 'program:web.command' is badly formatted: "
        + "incomplete format key",
        assertThrows(ConfigException.class, () -> expand("%(here")).getMessage());
    assertEquals("Format string '%(here)d' for 'program:web.command' is badly formatted: "
        + "%d format: a real number is required, not str",
        assertThrows(ConfigException.class, () -> expand("%(here)d")).getMessage());
    assertEquals("Format string '100%.log' for 'program:web.command' is badly formatted: "
        + "%o format: an integer is required, not dict",
        assertThrows(ConfigException.class, () -> expand("100%.log")).getMessage());
    assertEquals("Format string '\uD83D\uDE00%\u00e9' for 'program:web.command' is badly "
        + "formatted: unsupported format character '?' (0xe9) at index 2",
        assertThrows(ConfigException.class, () -> expand("\uD83D\uDE00%\u00e9")).getMessage());
  }
}
