package dev.jsupervisor.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPreloaderTest {
  @TempDir Path dir;

  @Test
  void loadsTheClassesOfTheChosenPackagesFromJarsOnly() throws IOException {
    Path jar = dir.resolve("a.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String entry : List.of("dev/jsupervisor/core/util/Clock.class",
          "dev/jsupervisor/core/util/NoSuchThing.class", "dev/jsupervisor/core/util/",
          "module-info.class", "other/Thing.class", "dev/jsupervisor/core/util/notes.txt")) {
        out.putNextEntry(new JarEntry(entry));
        out.closeEntry();
      }
    }
    assertEquals(List.of("dev.jsupervisor.core.util.Clock", "dev.jsupervisor.core.util.NoSuchThing"),
        ClassPreloader.classNames(jar.toString(), List.of("dev/jsupervisor/core/util/")));
    // The entry that names no real class is skipped, a directory and a missing jar add nothing.
    String classPath = String.join(":", jar.toString(), dir.toString(), dir.resolve("gone.jar").toString());
    assertEquals(1, ClassPreloader.preload(classPath, getClass().getClassLoader(),
        List.of("dev/jsupervisor/core/util/")));
  }

  @Test
  void anUnreadableJarGivesNoNames() throws IOException {
    Path garbage = dir.resolve("broken.jar");
    try (OutputStream out = Files.newOutputStream(garbage)) {
      out.write("not a zip".getBytes());
    }
    assertTrue(ClassPreloader.classNames(garbage.toString(), List.of("")).isEmpty());
  }

  @Test
  void onlyTheLaunchersTrainingRunPreloads() {
    String before = System.getProperty(ClassPreloader.TRAINING_PROPERTY);
    try {
      System.clearProperty(ClassPreloader.TRAINING_PROPERTY);
      assertFalse(ClassPreloader.isTrainingRun());
      System.setProperty(ClassPreloader.TRAINING_PROPERTY, "true");
      assertTrue(ClassPreloader.isTrainingRun());
    } finally {
      if (before == null) {
        System.clearProperty(ClassPreloader.TRAINING_PROPERTY);
      } else {
        System.setProperty(ClassPreloader.TRAINING_PROPERTY, before);
      }
    }
  }
}
