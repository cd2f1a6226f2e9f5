package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads every {@code config/oracle/*.conf} with {@link ConfigLoader} and with supervisord's own
 * {@code ServerOptions.realize(-c ...)} and compares the results field by field.
 */
class ConfigLoaderOracleTest {
  private static final Map<String, String> expected = new LinkedHashMap<>();
  private static List<Path> files;
  private static String tempDir;

  @BeforeAll
  static void runPython() throws Exception {
    PythonOracle.assumeSupervisorInstalled();
    files = PythonOracle.resourceFiles("oracle", ".conf");
    assertTrue(files.size() >= 7, "oracle configs missing");
    String file = null;
    StringBuilder rendered = new StringBuilder();
    for (List<String> f : PythonOracle.runScript("server_dump.py", files)) {
      String tag = f.get(0);
      if (tag.equals("TMP")) {
        tempDir = f.get(1);
      } else if (tag.equals("FILE")) {
        file = f.get(1);
        rendered.setLength(0);
      } else if (tag.equals("END")) {
        expected.put(file, rendered.toString());
      } else if (tag.equals("ERR")) {
        String message = f.get(1).replaceFirst("^Error: ", "");
        rendered.append("ERR ").append(message, 0, message.lastIndexOf("\nFor help")).append('\n');
      } else {
        rendered.append(line(tag, f.subList(1, f.size())));
      }
    }
  }

  private static String line(String tag, List<?> values) {
    return tag + " " + values.stream().map(String::valueOf).collect(Collectors.joining("|"))
        + "\n";
  }

  @TestFactory
  Stream<DynamicTest> everyConfigLoadsLikeSupervisord() {
    ConfigLoader loader = new ConfigLoader(System.getenv(), ConfigLoader.localHostName(),
        Path.of("").toAbsolutePath(), tempDir, Users.system());
    return files.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(),
        () -> assertEquals(expected.get(path.toString()),
            render(loader, path.toString()), path.toString())));
  }

  private static String c(Object value) {
    if (value == null) {
      return "<None>";
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(";", "{", "}"));
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
    return String.valueOf(value);
  }

  private static String render(ConfigLoader loader, String path) {
    try {
      return render(loader.load(path, ConfigOverrides.NONE));
    } catch (ConfigException e) {
      return "ERR " + e.getMessage() + "\n";
    }
  }

  static String render(ConfigLoader.Result result) {
    SupervisordConfig s = result.config();
    StringBuilder out = new StringBuilder();
    Object[][] globals = {
      {"logfile", s.logfile()}, {"pidfile", s.pidfile()}, {"childlogdir", s.childlogdir()},
      {"identifier", s.identifier()}, {"umask", s.umask()}, {"nodaemon", s.nodaemon()},
      {"silent", s.silent()}, {"minfds", s.minfds()}, {"minprocs", s.minprocs()},
      {"logfile_maxbytes", s.logfileMaxBytes()}, {"logfile_backups", s.logfileBackups()},
      {"nocleanup", s.nocleanup()}, {"strip_ansi", s.stripAnsi()},
      {"directory", s.directory()}, {"user", s.user()}, {"loglevel", s.loglevel()},
      {"environment", s.environment()},
    };
    for (Object[] g : globals) {
      out.append(line("X", List.of(g[0], c(g[1]))));
    }
    for (HttpServerConfig h : s.httpServers()) {
      out.append(line("SRV", List.of(h.sectionName(), h.isUnix() ? "<None>" : h.host(),
          h.isUnix() ? "<None>" : h.port(), c(h.unixSocket()), c(h.username()), c(h.password()),
          h.isUnix() ? h.chmod() : "<None>",
          h.isUnix() ? "(" + (h.chownUid() == null ? -1 : h.chownUid()) + ", "
              + (h.chownGid() == null ? -1 : h.chownGid()) + ")" : "<None>")));
    }
    for (GroupConfig g : s.allGroups()) {
      out.append(line("G", List.of(g.name(), g.priority(),
          g.isEventListenerPool() ? "pool" : "group", g.bufferSize(),
          g.events().stream().sorted().collect(Collectors.joining(",")))));
      FcgiSocketConfig sock = g.socket();
      if (sock != null) {
        out.append(line("S", List.of(sock.url(), c(sock.backlog()),
            sock.ownerUid() == null ? "<None>" : "(" + sock.ownerUid() + ", " + sock.ownerGid() + ")",
            c(sock.mode()))));
      }
      for (ProcessConfig p : g.processes()) {
        out.append("P \n");
        Object[][] fields = {
          {"name", p.name()}, {"command", p.command()}, {"priority", p.priority()},
          {"autostart", p.autostart()}, {"startsecs", p.startSecs()},
          {"startretries", p.startRetries()}, {"exitcodes", p.exitCodes()},
          {"stopsignal", p.stopSignal()}, {"stopwaitsecs", p.stopWaitSecs()},
          {"stopasgroup", p.stopAsGroup()}, {"killasgroup", p.killAsGroup()},
          {"uid", p.uid()}, {"redirect_stderr", p.redirectStderr()},
          {"environment", p.environment()}, {"directory", p.directory()},
          {"umask", p.umask()}, {"serverurl", p.serverUrl()},
        };
        for (Object[] f : fields) {
          out.append(line("F", List.of(f[0], c(f[1]))));
        }
        for (String channel : List.of("stdout", "stderr")) {
          LogConfig log = channel.equals("stdout") ? p.stdout() : p.stderr();
          out.append(line("F", List.of(channel + "_logfile", c(log.logfile()))));
          out.append(line("F", List.of(channel + "_logfile_maxbytes", log.maxBytes())));
          out.append(line("F", List.of(channel + "_logfile_backups", log.backups())));
          out.append(line("F", List.of(channel + "_capture_maxbytes", log.captureMaxBytes())));
          out.append(line("F", List.of(channel + "_events_enabled", log.eventsEnabled())));
          out.append(line("F", List.of(channel + "_syslog", log.syslog())));
        }
        out.append(line("F", List.of("autorestart", p.autoRestart().name())));
      }
    }
    result.warnings().forEach(w -> out.append(line("W", List.of(w))));
    result.infos().forEach(i -> out.append(line("I", List.of(i))));
    return out.toString();
  }
}
