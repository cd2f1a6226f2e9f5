package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ConfigLoader behaviour beyond what the Python oracle tests cover. */
class ConfigLoaderTest {
  @TempDir Path dir;

  private ConfigLoader loader() {
    return new ConfigLoader(Map.of("HOME", dir.toString(), "FOO", "bar"), "node1", dir, "/tmp",
        Users.system());
  }

  private String write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file.toString();
  }

  private SupervisordConfig load(String text) throws Exception {
    return loader().load(write("s.conf", text), ConfigOverrides.NONE).config();
  }

  @Test
  void commandLineBeatsFile() throws Exception {
    String file = write("s.conf", "[supervisord]\nloglevel=debug\nminfds=10\nnodaemon=false\n"
        + "identifier=fromfile\n");
    ConfigOverrides cli = new ConfigOverrides("cli.log", "1KB", "2", "ERROR", null, "077", true,
        null, "99", null, null, null, null, null, null, "cli");
    SupervisordConfig c = loader().load(file, cli).config();
    assertEquals(dir.resolve("cli.log").toString(), c.logfile());
    assertEquals(1024, c.logfileMaxBytes());
    assertEquals(2, c.logfileBackups());
    assertEquals("error", c.loglevel());
    assertEquals(077, c.umask());
    assertTrue(c.nodaemon());
    assertEquals(99, c.minfds());
    assertEquals("cli", c.identifier());
    assertEquals(dir.resolve("supervisord.pid").toString(), c.pidfile());
    ConfigOverrides bad = new ConfigOverrides(null, null, null, "warning", null, null, null,
        null, null, null, null, null, null, null, null, null);
    assertEquals("invalid value for -e 'warning': bad logging level name 'warning'",
        assertThrows(ConfigException.class, () -> loader().load(file, bad)).getMessage());
  }

  @Test
  void includesAreRelativeToMainFileSortedNotRecursiveAndWarnOnNoMatch() throws Exception {
    write("conf.d/b.ini", "[program:b]\ncommand=/bin/b %(here)s\n[include]\nfiles=x/*.ini\n");
    write("conf.d/a.ini", "[program:a]\ncommand=/bin/a\n");
    write("conf.d/.hidden.ini", "[program:hidden]\ncommand=/bin/h\n");
    String main = write("etc/main.conf", "[supervisord]\n[include]\nfiles=../conf.d/*.ini none*.x\n");
    ConfigLoader.Result r = loader().load(main, ConfigOverrides.NONE);
    assertEquals(List.of("a", "b"), r.config().groups().stream().map(GroupConfig::name).toList());
    assertEquals("/bin/b " + dir.resolve("conf.d"),
        r.config().groups().get(1).processes().get(0).command());
    assertEquals(dir.resolve("etc/../conf.d/b.ini").toString(),
        r.config().groups().get(1).sourceFile());
    assertEquals(List.of("No file matches via include \"" + dir.resolve("etc") + "/none*.x\""),
        r.warnings());
    assertEquals(2, r.infos().size());
  }

  @Test
  void shadowedGroupsStayInAllGroups() throws Exception {
    SupervisordConfig c = load("[supervisord]\n[program:dup]\ncommand=/bin/p\n"
        + "[eventlistener:dup]\ncommand=/bin/l\nevents=TICK_5\n[group:g]\n[program:g]\n"
        + "command=/bin/g\n");
    assertEquals(List.of("dup", "g"), c.groups().stream().map(GroupConfig::name).toList());
    assertTrue(c.groups().get(0).isEventListenerPool());
    assertEquals(GroupKind.HETEROGENEOUS, c.groups().get(1).kind());
    assertEquals(4, c.allGroups().size());
  }

  @Test
  void unknownKeysAreKeptRawAndSectionsAreRaw() throws Exception {
    SupervisordConfig c = load("[supervisord]\n[program:a]\ncommand=/bin/a %(program_name)s\n"
        + "startinorder=true\nFoo=%(nonexistent)s\n[custom]\nx=%(here)s\n");
    ProcessConfig p = c.groups().get(0).processes().get(0);
    assertEquals("/bin/a a", p.command());
    assertEquals(Map.of("startinorder", "true", "foo", "%(nonexistent)s"), p.extraKeys());
    assertEquals("/bin/a %(program_name)s", c.sections().get("program:a").get("command"));
    assertEquals("%(here)s", c.sections().get("custom").get("x"));
  }

  @Test
  void fcgiProgramsGetASocket() throws Exception {
    SupervisordConfig c = load("[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\n"
        + "socket=tcp://LocalHost:9000\nsocket_backlog=7\nstartinorder=true\n");
    GroupConfig g = c.groups().get(0);
    assertEquals(GroupKind.FCGI_PROGRAM, g.kind());
    assertEquals(FcgiSocketConfig.tcp("localhost", 9000, 7), g.socket());
    assertEquals("tcp://localhost:9000", g.socket().toString());
    assertEquals(Map.of("startinorder", "true"), g.processes().get(0).extraKeys());
    SupervisordConfig u = load("[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\n"
        + "socket=unix:///run/a/../%(program_name)s.sock\n");
    assertEquals(FcgiSocketConfig.unix("/run/f.sock", null, null, -1, 0700),
        u.groups().get(0).socket());
  }

  @Test
  void rpcInterfacesOnlyResolveTheMainFactory() throws Exception {
    load("[supervisord]\n[rpcinterface:supervisor]\n"
        + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n");
    assertEquals("other:factory cannot be resolved within [rpcinterface:x]",
        assertThrows(ConfigException.class, () -> load("[supervisord]\n[rpcinterface:x]\n"
            + "supervisor.rpcinterface_factory=other:factory\n")).getMessage());
  }

  @Test
  void ctlSectionIsReadWithDefaults() throws Exception {
    SupervisordConfig absent = load("[supervisord]\n");
    assertFalse(absent.ctl().present());
    assertEquals("http://localhost:9001", absent.ctl().serverUrl());
    String file = write("ctl.conf", "[supervisorctl]\nserverurl=unix://%(here)s/../x.sock\n"
        + "username=%(ENV_FOO)s\nprompt=hi\n[ctlplugin:p]\nsupervisor.ctl_factory=a:b\n");
    assertEquals("a:b cannot be resolved within [ctlplugin:p]",
        assertThrows(ConfigException.class, () -> loader().loadCtl(file)).getMessage());
    Files.writeString(Path.of(file), "[supervisorctl]\nserverurl=unix://%(here)s/../x.sock\n"
        + "username=%(ENV_FOO)s\nprompt=hi\n");
    SupervisordConfig.CtlConfig ctl = loader().loadCtl(file);
    assertEquals("unix://" + dir.getParent().resolve("x.sock"), ctl.serverUrl());
    assertEquals("bar", ctl.username());
    assertEquals("hi", ctl.prompt());
    assertNull(ctl.password());
    String noSection = write("none.conf", "[supervisord]\n");
    assertEquals(".ini file does not include supervisorctl section",
        assertThrows(ConfigException.class, () -> loader().loadCtl(noSection)).getMessage());
  }

  @Test
  void rereadDoesNotValidateTheDaemonUser() throws Exception {
    String file = write("s.conf", "[supervisord]\nuser=nosuchuserxx\n");
    assertEquals("Invalid user name nosuchuserxx", assertThrows(ConfigException.class,
        () -> loader().load(file, ConfigOverrides.NONE)).getMessage());
    assertEquals("nosuchuserxx", loader().reread(file, ConfigOverrides.NONE).config().user());
  }

  @Test
  void searchPathsFollowArgv0AndFirstExistingWins() throws Exception {
    assertEquals(List.of("/opt/sv/etc/supervisord.conf", "/opt/sv/supervisord.conf",
        "supervisord.conf", "etc/supervisord.conf", "/etc/supervisord.conf",
        "/etc/supervisor/supervisord.conf"), ConfigLoader.searchPaths("/opt/sv/bin/jsupervisord"));
    assertEquals("etc/supervisord.conf", ConfigLoader.searchPaths("jsupervisord").get(0));
    write("etc/supervisord.conf", "[supervisord]\n");
    assertEquals("etc/supervisord.conf", loader().findConfigFile("/nonexistent/bin/x"));
  }

  @Test
  void serverUrlFallbackAndAuthHelpers() throws Exception {
    SupervisordConfig c = load("[supervisord]\n[inet_http_server]\nport=:9001\n"
        + "[unix_http_server]\nfile=rel.sock\n");
    assertEquals(2, c.httpServers().size());
    assertFalse(c.httpServers().get(0).isUnix());
    assertEquals(dir.resolve("rel.sock").toString(), c.httpServers().get(1).unixSocket());
    assertEquals(0700, c.httpServers().get(1).chmod());
    assertFalse(c.httpServers().get(1).requiresAuth());
  }
}
