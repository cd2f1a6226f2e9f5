package dev.jsupervisor.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Python's {@code glob.glob} (non-recursive) for the {@code [include] files} patterns. */
final class Glob {
  private Glob() {}

  static List<String> glob(String pattern) {
    List<String> out = new ArrayList<>();
    if (!hasMagic(pattern)) {
      if (exists(pattern)) {
        out.add(pattern);
      }
      return out;
    }
    int slash = pattern.lastIndexOf('/');
    String dirname = slash < 0 ? "" : pattern.substring(0, slash);
    if (slash == 0) {
      dirname = "/";
    } else if (slash > 0 && dirname.replace("/", "").isEmpty()) {
      dirname = pattern.substring(0, slash + 1);
    }
    String basename = pattern.substring(slash + 1);
    List<String> dirs = new ArrayList<>();
    if (dirname.isEmpty()) {
      dirs.add("");
    } else if (!dirname.equals(pattern) && hasMagic(dirname)) {
      dirs.addAll(glob(dirname));
    } else {
      dirs.add(dirname);
    }
    for (String dir : dirs) {
      for (String name : hasMagic(basename) ? matchInDir(dir, basename) : literal(dir, basename)) {
        out.add(dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name);
      }
    }
    return out;
  }

  private static List<String> literal(String dir, String basename) {
    if (basename.isEmpty()) {
      return isDir(dir) ? List.of("") : List.of();
    }
    return exists(dir.isEmpty() ? basename : dir + "/" + basename) ? List.of(basename) : List.of();
  }

  private static List<String> matchInDir(String dir, String basename) {
    List<String> names = new ArrayList<>();
    Pattern regex;
    try {
      regex = translate(basename);
    } catch (java.util.regex.PatternSyntaxException e) {
      return names; // a class Python would read differently; treat as matching nothing
    }
    try (Stream<Path> entries = Files.list(Path.of(dir.isEmpty() ? "." : dir))) {
      entries.forEach(p -> {
        String name = p.getFileName().toString();
        boolean hidden = name.startsWith(".") && !basename.startsWith(".");
        if (!hidden && regex.matcher(name).matches()) {
          names.add(name);
        }
      });
    } catch (IOException | RuntimeException e) {
      // unreadable or missing directory: no matches, as in Python
    }
    return names;
  }

  private static boolean hasMagic(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  private static boolean exists(String path) {
    try {
      return Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isDir(String path) {
    try {
      return Files.isDirectory(Path.of(path));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * fnmatch's translation: * ? and [...] classes ([!...] negates); everything else literal.
   * Like fnmatch, runs of {@code *} count as one, and the text between two stars matches at its
   * first occurrence without backtracking ({@code (?>.*?text)}), which is all a glob needs: a
   * pattern of many stars must not take exponential time against a file name.
   */
  static Pattern translate(String pattern) {
    List<String> segments = new ArrayList<>(); // the regexes between stars
    StringBuilder regex = new StringBuilder();
    int n = pattern.length();
    int i = 0;
    while (i < n) {
      char c = pattern.charAt(i++);
      if (c == '*') {
        segments.add(regex.toString());
        regex.setLength(0);
        while (i < n && pattern.charAt(i) == '*') {
          i++;
        }
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && pattern.charAt(j) == '!') {
          j++;
        }
        if (j < n && pattern.charAt(j) == ']') {
          j++;
        }
        while (j < n && pattern.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          regex.append("\\[");
        } else {
          String stuff = pattern.substring(i, j);
          i = j + 1;
          boolean negated = stuff.startsWith("!");
          String members = charClassMembers(stuff.substring(negated ? 1 : 0));
          if (members.isEmpty()) {
            regex.append(negated ? "." : "(?!)"); // as fnmatch: nothing left matches no name
          } else {
            regex.append(negated ? "[^" : "[").append(members).append(']');
          }
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    segments.add(regex.toString());
    StringBuilder whole = new StringBuilder(segments.get(0));
    for (int k = 1; k < segments.size() - 1; k++) {
      whole.append("(?>.*?").append(segments.get(k)).append(')');
    }
    if (segments.size() > 1) {
      whole.append(".*").append(segments.get(segments.size() - 1));
    }
    return Pattern.compile(whole.toString(), Pattern.DOTALL);
  }

  /**
   * The inside of a regex class for the inside of a glob class: {@code x-y} is a range, any
   * other character (a {@code -} included) stands for itself. A reversed range such as
   * {@code i- } is dropped, as fnmatch does (in a regex it would not compile). Every code point
   * is written as {@code \x{..}}, so nothing in the glob can mean anything else to the regex.
   */
  private static String charClassMembers(String glob) {
    int[] cps = glob.codePoints().toArray();
    StringBuilder out = new StringBuilder();
    int k = 0;
    while (k < cps.length) {
      if (k + 2 < cps.length && cps[k + 1] == '-') {
        if (cps[k] <= cps[k + 2]) {
          out.append(hex(cps[k])).append('-').append(hex(cps[k + 2]));
        }
        k += 3;
      } else {
        out.append(hex(cps[k]));
        k++;
      }
    }
    return out.toString();
  }

  private static String hex(int codePoint) {
    return "\\x{" + Integer.toHexString(codePoint) + "}";
  }
}
