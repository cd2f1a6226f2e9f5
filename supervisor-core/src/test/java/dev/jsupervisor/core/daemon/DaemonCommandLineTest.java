package dev.jsupervisor.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonCommandLineTest {
  @Test
  void shortAndLongOptionsMapToConfigKeys() throws Exception {
    DaemonCommandLine.Parsed p =
        DaemonCommandLine.parse(
            new String[] {
              "-c", "/etc/x.conf", "-n", "--loglevel", "debug", "-y", "1MB", "--minprocs", "300",
              "-k", "-t", "-i", "me"
            });
    assertEquals("/etc/x.conf", p.configFile());
    assertFalse(p.help());
    assertEquals(
        Map.of(
            "loglevel", "debug",
            "logfile_maxbytes", "1MB",
            "minprocs", "300",
            "identifier", "me",
            "nodaemon", "true",
            "nocleanup", "true",
            "strip_ansi", "true"),
        p.overrides());
    assertEquals("-e", p.optionOf().get("loglevel"));
    assertEquals("--minprocs", p.optionOf().get("minprocs"));
  }

  @Test
  void noConfigMeansSearch() throws Exception {
    DaemonCommandLine.Parsed p = DaemonCommandLine.parse(new String[] {"-v"});
    assertNull(p.configFile());
    assertTrue(p.version());
  }

  @Test
  void errorsUseSupervisordsWording() {
    assertEquals(
        "option -x not recognized",
        assertThrows(
                DaemonCommandLine.UsageException.class,
                () -> DaemonCommandLine.parse(new String[] {"-x"}))
            .getMessage());
    assertEquals(
        "option -c requires argument",
        assertThrows(
                DaemonCommandLine.UsageException.class,
                () -> DaemonCommandLine.parse(new String[] {"-c"}))
            .getMessage());
    assertEquals(
        "positional arguments are not supported: ['extra', 'more']",
        assertThrows(
                DaemonCommandLine.UsageException.class,
                () -> DaemonCommandLine.parse(new String[] {"extra", "more"}))
            .getMessage());
  }

  @Test
  void usageNamesEveryOption() {
    String u = DaemonCommandLine.usage("jsupervisord");
    for (String opt :
        new String[] {"-c/", "-n/", "-s/", "-h/", "-v/", "-u/", "-m/", "-d/", "-l/", "-y/", "-z/",
          "-e/", "-j/", "-i/", "-q/", "-k/", "-a/", "-t/", "--minprocs"}) {
      assertTrue(u.contains(opt), opt);
    }
    assertTrue(u.contains("Usage: jsupervisord [options]"));
  }
}
