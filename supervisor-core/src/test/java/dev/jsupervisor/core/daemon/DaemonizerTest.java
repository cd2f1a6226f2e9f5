package dev.jsupervisor.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonizerTest {
  @Test
  void theCopyRecordsItsClassesToAFileOfItsOwnAndKeepsEveryOtherOption() {
    assertEquals(
        List.of("-Xshare:auto", "-XX:DumpLoadedClassList=/opt/js/lib/jsupervisord.jsa.7.classes.copy",
            "-XX:+UseSerialGC"),
        Daemonizer.copyJvmOptions(List.of("-Xshare:auto",
            "-XX:DumpLoadedClassList=/opt/js/lib/jsupervisord.jsa.7.classes", "-XX:+UseSerialGC")));
    assertEquals(List.of("-Xmx64m"), Daemonizer.copyJvmOptions(List.of("-Xmx64m")));
  }
}
