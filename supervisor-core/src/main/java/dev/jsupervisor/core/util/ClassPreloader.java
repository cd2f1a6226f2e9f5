package dev.jsupervisor.core.util;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads, without initialising, every class of some packages found in the class path's jars.
 * The launcher makes a CLI's class-data archive (AppCDS) from the CLI's first run, and the
 * archive holds only the classes that run loaded: a first {@code version} would leave every
 * later {@code status} or {@code quickstart} to read, parse and verify its classes from the
 * jars (a no-op {@code quickstop app:} measured 113-115 ms with the full archive, 132-191 ms
 * with one made by {@code version}). Loading the whole command-line side during that run puts
 * all of it in the archive.
 */
public final class ClassPreloader {
  /** The system property the launcher sets on the run that makes the archive. */
  public static final String TRAINING_PROPERTY = "jsupervisor.cds.training";

  private ClassPreloader() {}

  /** True on the launcher's archive-making run. */
  public static boolean isTrainingRun() {
    return Boolean.getBoolean(TRAINING_PROPERTY);
  }

  /**
   * Loads the classes of the jars on {@code classPath} whose entry names start with one of
   * {@code prefixes} ({@code dev/jsupervisor/core/ctl/}); returns how many loaded. A class
   * that cannot load (an optional dependency missing) is skipped: this only warms a cache.
   */
  public static int preload(String classPath, ClassLoader loader, List<String> prefixes) {
    int loaded = 0;
    for (String element : classPath.split(File.pathSeparator)) {
      if (!element.endsWith(".jar")) {
        continue;
      }
      for (String className : classNames(element, prefixes)) {
        try {
          Class.forName(className, false, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError e) {
          // Not loadable here: it simply stays out of the archive.
        }
      }
    }
    return loaded;
  }

  /** The names of the classes in {@code jar} under {@code prefixes}; empty if it cannot be read. */
  static List<String> classNames(String jar, List<String> prefixes) {
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar)) {
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        String entry = e.nextElement().getName();
        if (entry.endsWith(".class") && !entry.endsWith("module-info.class")
            && prefixes.stream().anyMatch(entry::startsWith)) {
          names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
      }
    } catch (IOException | SecurityException e) {
      // An unreadable jar adds nothing.
    }
    return names;
  }
}
