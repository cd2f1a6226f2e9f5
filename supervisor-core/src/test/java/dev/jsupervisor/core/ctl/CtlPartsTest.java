package dev.jsupervisor.core.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of jsupervisorctl: help layout, config section, options, names, quoting. */
class CtlPartsTest {
  @TempDir Path dir;

  @Test
  void helpTableMatchesSupervisorctlLayout() {
    List<String> lines =
        HelpText.table(HelpText.DEFAULT_HEADER, List.copyOf(HelpText.DEFAULT.keySet()));
    assertEquals(List.of(
        "",
        "default commands (type help <topic>):",
        "=====================================",
        "add    exit      open  reload  restart   start   tail   ",
        "avail  fg        pid   remove  shutdown  status  update ",
        "clear  maintail  quit  reread  signal    stop    version",
        ""), lines);
    assertEquals(List.of("<empty>"), HelpText.columnize(List.of(), 79));
    assertEquals(List.of("one"), HelpText.columnize(List.of("one"), 79));
    assertEquals(List.of("a", "b"), HelpText.columnize(List.of("a", "b"), 1));
  }

  @Test
  void readsTheSupervisorctlSection() throws Exception {
    Path conf = dir.resolve("sd.conf");
    Files.writeString(conf, "[supervisord]\nlogfile=/x\n\n[supervisorctl]\n"
        + "serverurl = unix://%(here)s/../run/s.sock ; inline comment\n"
        + "username: bob\npassword=p;w  # not part of it\nprompt=%(ENV_WHO)s\n"
        + "history_file=%(here)s/hist\n  continued\n[program:x]\nserverurl=ignored\n");
    CtlConfigSection s = CtlConfigSection.read(conf, Map.of("WHO", "me"));
    String here = dir.toAbsolutePath().normalize().toString();
    assertEquals("unix://" + Path.of(here).getParent().resolve("run/s.sock"), s.serverUrl());
    assertEquals("bob", s.username());
    assertEquals("p;w", s.password());
    assertEquals("me", s.prompt());
    assertEquals(here + "/hist\ncontinued", s.historyFile());
  }

  @Test
  void configProblemsAreNamed() throws Exception {
    Path missing = dir.resolve("nope.conf");
    assertEquals("could not find config file " + missing,
        assertThrows(CtlConfigSection.Invalid.class, () -> CtlConfigSection.read(missing, Map.of()))
            .getMessage());
    Path noSection = dir.resolve("a.conf");
    Files.writeString(noSection, "[supervisord]\n");
    assertEquals(".ini file does not include supervisorctl section",
        assertThrows(CtlConfigSection.Invalid.class,
            () -> CtlConfigSection.read(noSection, Map.of())).getMessage());
    Path badExpansion = dir.resolve("b.conf");
    Files.writeString(badExpansion, "[supervisorctl]\nserverurl=http://%(ENV_NOPE)s:9001\n");
    String msg = assertThrows(CtlConfigSection.Invalid.class,
        () -> CtlConfigSection.read(badExpansion, Map.of())).getMessage();
    assertTrue(msg.startsWith("Format string 'http://%(ENV_NOPE)s:9001' for 'supervisorctl.serverurl' contains names ('ENV_NOPE') which cannot be expanded."), msg);
    Path truncated = dir.resolve("c.conf");
    Files.writeString(truncated, "[supervisorctl]\nserverurl=http://%(here");
    assertThrows(CtlConfigSection.Invalid.class, () -> CtlConfigSection.read(truncated, Map.of()));
    Path garbage = dir.resolve("d.conf");
    Files.writeString(garbage, "[supervisorctl\nno section close\n=value\n");
    assertThrows(CtlConfigSection.Invalid.class, () -> CtlConfigSection.read(garbage, Map.of()));
  }

  @Test
  void hugeConfigIsReadWithoutTrouble() throws IOException, CtlConfigSection.Invalid {
    Path big = dir.resolve("big.conf");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      text.append("[program:p").append(i).append("]\ncommand=/bin/true\n");
    }
    text.append("[supervisorctl]\nprompt=").append("x".repeat(100_000)).append('\n');
    Files.writeString(big, text);
    assertEquals(100_000, CtlConfigSection.read(big, Map.of()).prompt().length());
  }

  @Test
  void parsesOptionsLikeSupervisorctl() throws Exception {
    Path conf = dir.resolve("sd.conf");
    Files.writeString(conf, "[supervisorctl]\nserverurl=http://h:1\nusername=u\npassword=p\n");
    CtlOptions o = CtlOptions.parse(
        new String[] {"-c", conf.toString(), "-p", "other", "tail", "-f", "x"}, Map.of(), null);
    assertEquals(List.of("http://h:1"), o.serverUrls);
    assertEquals("u", o.username);
    assertEquals("other", o.password);
    assertEquals(List.of("tail", "-f", "x"), o.command);
    assertFalse(o.interactive);

    CtlOptions fleet = CtlOptions.parse(new String[] {"-c", conf.toString(), "-s", "http://a:1",
        "-s", "unix:///tmp/b.sock", "status"}, Map.of(), null);
    assertEquals(List.of("http://a:1", "unix:///tmp/b.sock"), fleet.serverUrls);

    Path servers = dir.resolve("servers");
    Files.writeString(servers, "# fleet\nhttp://c:1\n\nunix:///tmp/d.sock\n");
    CtlOptions fromFile = CtlOptions.parse(
        new String[] {"-c", conf.toString(), "--servers-file", servers.toString()}, Map.of(), null);
    assertEquals(List.of("http://c:1", "unix:///tmp/d.sock"), fromFile.serverUrls);
    assertTrue(fromFile.interactive);

    Files.writeString(servers, "http://ok:1\nnot a url\n");
    String msg = assertThrows(CtlOptions.UsageError.class, () -> CtlOptions.parse(
        new String[] {"--servers-file", servers.toString()}, Map.of(), null)).getMessage();
    assertTrue(msg.contains("line 2"), msg);
    assertEquals("option -x not recognized", assertThrows(CtlOptions.UsageError.class,
        () -> CtlOptions.parse(new String[] {"-x"}, Map.of(), null)).getMessage());
    assertEquals("conflicting command line option '-u'", assertThrows(CtlOptions.UsageError.class,
        () -> CtlOptions.parse(new String[] {"-u", "a", "-u", "b"}, Map.of(), null)).getMessage());
    assertEquals("invalid value for -s 'foo': value 'foo' is not a URL",
        assertThrows(CtlOptions.UsageError.class,
            () -> CtlOptions.parse(new String[] {"-s", "foo"}, Map.of(), null)).getMessage());
  }

  private static ProcessInfo info(String group, String name) {
    return new ProcessInfo(name, group, 0, 0, 0, ProcessState.STOPPED, "", 0, "", "", 0, "");
  }

  @Test
  void quickTargetsMatchGroupsGlobsAndNames() {
    List<ProcessInfo> all = List.of(info("web", "web"), info("multi", "m0"), info("multi", "m1"),
        info("grp", "g1"), info("grp", "m9"));
    assertEquals(5, QuickCommands.match("all", all).size());
    assertEquals(List.of(all.get(1), all.get(2)), QuickCommands.match("multi:*", all));
    assertEquals(List.of(all.get(1), all.get(2)), QuickCommands.match("multi:", all));
    assertEquals(List.of(all.get(1), all.get(2), all.get(4)), QuickCommands.match("m*", all));
    assertEquals(List.of(all.get(3), all.get(4)), QuickCommands.match("grp:*", all));
    assertEquals(List.of(all.get(1)), QuickCommands.match("multi:m[!1]", all));
    assertEquals(List.of(all.get(0)), QuickCommands.match("web", all));
    assertEquals(List.of(all.get(3)), QuickCommands.match("grp:g1", all));
    // A bare word: a group's name means the whole group, any other word a process name.
    assertEquals(List.of(all.get(3)), QuickCommands.match("g1", all));
    assertEquals(List.of(all.get(1), all.get(2)), QuickCommands.match("multi", all));
    assertTrue(QuickCommands.match("m2", all).isEmpty());
    assertTrue(QuickCommands.match("x?", all).isEmpty());
    assertTrue(QuickCommands.globPattern("a.b").matcher("a.b").matches());
    assertFalse(QuickCommands.globPattern("a.b").matcher("axb").matches());
    assertTrue(QuickCommands.globPattern("[").matcher("[").matches());
  }

  @Test
  void aBareWordSaysWhatItResolvedToOnlyWhenItLandedInsideAGroup() {
    List<ProcessInfo> all = List.of(info("web", "web"), info("app", "app_05"),
        info("pa", "w0"), info("pb", "w0"), info("app_05", "worker"));
    assertEquals("w0: resolved to pa:w0 pb:w0",
        BareNames.resolvedLine("w0", BareNames.resolve("w0", all), all));
    assertEquals("w?: resolved to pa:w0 pb:w0",
        BareNames.resolvedLine("w?", QuickCommands.match("w?", all), all));
    // The group app_05 wins over the process app:app_05, and a group needs no such line.
    assertEquals(List.of(all.get(4)), BareNames.resolve("app_05", all));
    assertNull(BareNames.resolvedLine("app_05", BareNames.resolve("app_05", all), all));
    assertNull(BareNames.resolvedLine("web", BareNames.resolve("web", all), all));
    assertNull(BareNames.resolvedLine("app:app_05", QuickCommands.match("app:app_05", all), all));
    assertNull(BareNames.resolvedLine("all", all, all));
    assertTrue(BareNames.resolve("nosuch", all).isEmpty());
  }

  @Test
  void quickTargetsGoStraightToTheServerOnlyWhenNoListingIsNeeded() {
    assertEquals(List.of(new Namespec("app", null)), QuickCommands.directTargets(" app: "));
    // A bare word goes as a whole group; if the server has no such group it is a process name.
    assertEquals(List.of(new Namespec("app", null), new Namespec("web", null),
            new Namespec("grp", "g1")),
        QuickCommands.directTargets("app:* web grp:g1"));
    // Globs and "all" need the process list; so does an empty argument (its error comes later).
    assertNull(QuickCommands.directTargets("ap*"));
    assertNull(QuickCommands.directTargets("app:a[01]"));
    assertNull(QuickCommands.directTargets("web all"));
    assertNull(QuickCommands.directTargets("  "));
    // A name given twice, or a group together with one of its processes, is listed once.
    assertNull(QuickCommands.directTargets("web web"));
    assertNull(QuickCommands.directTargets("app: app:*"));
    assertNull(QuickCommands.directTargets("app:a1 app:"));
    assertNull(QuickCommands.directTargets("app app:"));
  }

  @Test
  void rendersPythonReprAndErrorLines() {
    assertEquals("'foo'", PythonText.repr("foo"));
    assertEquals("\"it's\"", PythonText.repr("it's"));
    assertEquals("'a\\'\"b'", PythonText.repr("a'\"b"));
    assertEquals("'x\\ny\\x01'", PythonText.repr("x\ny\u0001"));
    assertEquals("error: <class 'xmlrpc.client.Fault'>, <Fault 92: \"CANT_REREAD: can't\">",
        PythonText.errorLine(new RpcFault(92, "CANT_REREAD: can't")));
    assertEquals("error: <class 'OverflowError'>, int exceeds XML-RPC limits",
        PythonText.errorLine(new ArithmeticException("int exceeds XML-RPC limits")));
    assertEquals(1600L, Controller.parsePythonInt("1_600"));
    assertNull(Controller.parsePythonInt("1__6"));
    assertNull(Controller.parsePythonInt("f1"));
    assertEquals(Long.MAX_VALUE, Controller.parsePythonInt("99999999999999999999999"));
  }

  @Test
  void prefixedOutputSplitsStreamedTextIntoLines() {
    List<String> got = new ArrayList<>();
    Output sink = new Output() {
      @Override
      public void line(String text) {
        got.add(text);
      }

      @Override
      public void text(String chunk) {
        got.add("RAW:" + chunk);
      }
    };
    Output p = Output.prefixed(sink, "[s] ");
    p.text("ab");
    p.text("c\nde");
    p.text("\n");
    p.line("x\ny");
    assertEquals(List.of("[s] abc", "[s] de", "[s] x", "[s] y"), got);
  }

  @Test
  void pollRoundsFollowAFixedGridWithDenseRoundsAroundEachWholeSecond() {
    long origin = 5_000_000_000L; // any nanoTime value
    // the regular grid: 1 ms into each 10 ms period, never the slot we are in
    assertEquals(ms(11), Settler.nextRound(origin, origin) - origin);
    assertEquals(ms(11), Settler.nextRound(origin, origin + ms(10)) - origin);
    assertEquals(ms(21), Settler.nextRound(origin, origin + ms(11)) - origin);
    // a round that ran long skips the slots it missed
    assertEquals(ms(61), Settler.nextRound(origin, origin + ms(55)) - origin);
    // dense rounds every 2 ms from 20 ms before to 4 ms after each whole second
    assertEquals(ms(971), Settler.nextRound(origin, origin + ms(965)) - origin);
    assertEquals(ms(980), Settler.nextRound(origin, origin + ms(971)) - origin);
    assertEquals(ms(981), Settler.nextRound(origin, origin + ms(980)) - origin);
    assertEquals(ms(982), Settler.nextRound(origin, origin + ms(981)) - origin);
    assertEquals(ms(1000), Settler.nextRound(origin, origin + ms(999)) - origin);
    assertEquals(ms(1001), Settler.nextRound(origin, origin + ms(1000)) - origin);
    assertEquals(ms(1002), Settler.nextRound(origin, origin + ms(1001)) - origin);
    assertEquals(ms(1004), Settler.nextRound(origin, origin + ms(1003)) - origin);
    assertEquals(ms(1011), Settler.nextRound(origin, origin + ms(1004) + 1) - origin);
    assertEquals(ms(1980), Settler.nextRound(origin, origin + ms(1975)) - origin);
    assertEquals(ms(1982), Settler.nextRound(origin, origin + ms(1981)) - origin);
    // always strictly later than now
    for (long t = 0; t < ms(3100); t += 97_003) {
      long next = Settler.nextRound(origin, origin + t);
      assertTrue(next > origin + t && next - (origin + t) <= ms(11), "at " + t);
    }
  }

  private static long ms(long millis) {
    return millis * 1_000_000L;
  }
}
