package dev.jsupervisor.core.process;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.process.internal.PyRepr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A program's command line split the POSIX shell way (Python {@code shlex.split}) and resolved to
 * an executable file with supervisord's pre-spawn checks.
 *
 * @param filename the file to execute (a PATH hit, or the first word when it holds a '/')
 * @param argv the split words; {@code argv[0]} is the program as written
 */
public record CommandLine(String filename, List<String> argv) {
  /** The search path supervisord falls back to when its own PATH is unset or empty. */
  public static final String DEFAULT_PATH = "/bin:/usr/bin:/usr/local/bin";

  private static final Set<PosixFilePermission> ANY_EXECUTE =
      EnumSet.of(
          PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE);

  public CommandLine {
    argv = List.copyOf(argv);
  }

  /** Thrown by {@link #split} for input {@code shlex} rejects; the message is shlex's. */
  public static final class SplitException extends Exception {
    private static final long serialVersionUID = 1L;

    SplitException(String message) {
      super(message);
    }
  }

  /**
   * Splits like {@code shlex.split(s)}: whitespace separates words, single quotes are literal,
   * double quotes allow {@code \"} and {@code \\}, a backslash outside quotes escapes any char,
   * and {@code #} is an ordinary character.
   */
  public static List<String> split(String s) throws SplitException {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i++);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '\\') {
        if (i >= n) {
          throw new SplitException("No escaped character");
        }
        word.append(s.charAt(i++));
        inWord = true;
      } else if (c == '\'' || c == '"') {
        inWord = true;
        i = readQuoted(s, i, c, word);
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends the quoted text that starts at {@code i} and returns the index after the quote. */
  private static int readQuoted(String s, int i, char quote, StringBuilder word)
      throws SplitException {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i++);
      if (c == quote) {
        return i;
      }
      if (c == '\\' && quote == '"') {
        if (i >= n) {
          throw new SplitException("No escaped character");
        }
        char next = s.charAt(i++);
        if (next != '"' && next != '\\') {
          word.append('\\'); // inside double quotes only the quote and backslash are escapable
        }
        word.append(next);
      } else {
        word.append(c);
      }
    }
    throw new SplitException("No closing quotation");
  }

  /**
   * Splits {@code command} and finds its executable exactly as supervisord does before forking:
   * a first word without '/' is looked up on {@code searchPath} (colon separated; the first
   * entry that exists wins), then the file must exist, not be a directory, have an execute bit
   * and be executable by this process.
   *
   * @param searchPath the PATH to search: the program's environment PATH if it sets one, else
   *     the daemon's (see {@link #searchPath})
   */
  public static CommandLine resolve(String command, String searchPath)
      throws SpawnCheckException {
    List<String> argv;
    try {
      argv = split(command);
    } catch (SplitException e) {
      throw new SpawnCheckException(
          Fault.NOT_EXECUTABLE,
          "can't parse command " + PyRepr.of(command) + ": " + e.getMessage());
    }
    if (argv.isEmpty()) {
      throw new SpawnCheckException(Fault.NOT_EXECUTABLE, "command is empty");
    }
    String program = argv.get(0);
    String filename = program;
    if (program.indexOf('/') < 0) {
      for (String dir : searchPath.split(":", -1)) {
        String candidate = dir.isEmpty() ? program : dir.endsWith("/") ? dir + program : dir + "/" + program;
        if (attributes(candidate) != null) {
          filename = candidate;
          break;
        }
      }
    }
    check(filename);
    return new CommandLine(filename, argv);
  }

  /** The PATH supervisord searches: the configured one if set, else the daemon's, else a default. */
  public static String searchPath(String configuredPath, String daemonPath) {
    if (configuredPath != null) {
      return configuredPath;
    }
    return daemonPath == null || daemonPath.isEmpty() ? DEFAULT_PATH : daemonPath;
  }

  private static void check(String filename) throws SpawnCheckException {
    PosixFileAttributes attrs = attributes(filename);
    String quoted = PyRepr.of(filename);
    if (attrs == null) {
      throw new SpawnCheckException(Fault.NO_FILE, "can't find command " + quoted);
    }
    if (attrs.isDirectory()) {
      throw new SpawnCheckException(Fault.NOT_EXECUTABLE, "command at " + quoted + " is a directory");
    }
    if (attrs.permissions().stream().noneMatch(ANY_EXECUTE::contains)) {
      throw new SpawnCheckException(
          Fault.NOT_EXECUTABLE, "command at " + quoted + " is not executable");
    }
    if (!Files.isExecutable(Path.of(filename))) {
      throw new SpawnCheckException(
          Fault.NOT_EXECUTABLE, "no permission to run command " + quoted);
    }
  }

  /** stat(2) following links, or null when it fails. */
  private static PosixFileAttributes attributes(String filename) {
    try {
      return Files.readAttributes(Path.of(filename), PosixFileAttributes.class);
    } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
      return null;
    }
  }
}
