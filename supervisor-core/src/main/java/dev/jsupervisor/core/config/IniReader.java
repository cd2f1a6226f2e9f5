package dev.jsupervisor.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads INI text exactly as supervisord's parser does (Python 3 RawConfigParser with
 * {@code inline_comment_prefixes=(';','#')}, {@code strict=False}, no interpolation).
 *
 * <p>Pure: text in, {@link IniDocument} out. Errors carry Python's message texts, including the
 * multi-line "Source contains parsing errors" listing of every bad line.
 */
public final class IniReader {
  private static final String[] PREFIXES = {";", "#"};

  private IniReader() {}

  /** Parses text into a new document; {@code source} names the file in error messages. */
  public static IniDocument parse(String text, String source) throws ConfigException {
    IniDocument document = new IniDocument();
    read(text, source, document);
    return document;
  }

  /**
   * Reads text into an existing document, merging sections. As in Python, a document whose text
   * has bad lines keeps what was read before the error is thrown.
   */
  public static void read(String text, String source, IniDocument into) throws ConfigException {
    List<String> lines = splitLines(text);
    Map<String, IniDocument.Entry> section = null;
    String key = null;
    List<String> pieces = null; // pieces of the value being continued
    int keyLine = 0;
    int indentLevel = 0;
    StringBuilder errors = null;
    List<Pending> pending = new ArrayList<>();

    for (int index = 0; index < lines.size(); index++) {
      String line = lines.get(index);
      int lineNo = index + 1;
      int commentStart = inlineCommentStart(line);
      String stripped = PyText.strip(line);
      if (stripped.startsWith(";") || stripped.startsWith("#")) {
        commentStart = 0;
      }
      String value = PyText.strip(commentStart < 0 ? line : line.substring(0, commentStart));
      if (value.isEmpty()) {
        if (commentStart < 0 && section != null && hasKey(key)) {
          pieces.add("");
        }
        continue;
      }
      int indent = firstNonSpace(line);
      if (section != null && hasKey(key) && indent > indentLevel) {
        pieces.add(value);
        continue;
      }
      indentLevel = indent;
      String header = sectionHeader(value);
      if (header != null) {
        section = into.openSection(header);
        key = null;
        pieces = null;
        continue;
      }
      if (section == null) {
        throw new ConfigException("File contains no section headers.\nfile: "
            + PyText.repr(source) + ", line: " + lineNo + "\n" + PyText.repr(line));
      }
      int delimiter = firstDelimiter(value);
      if (delimiter < 0) {
        errors = appendError(errors, source, lineNo, line);
        continue;
      }
      String name = PyText.rstrip(value.substring(0, delimiter));
      if (name.isEmpty()) {
        errors = appendError(errors, source, lineNo, line);
      }
      key = name.toLowerCase(java.util.Locale.ROOT);
      keyLine = lineNo;
      pieces = new ArrayList<>();
      pieces.add(PyText.strip(value.substring(delimiter + 1)));
      pending.add(new Pending(section, key, pieces, source, keyLine));
    }
    // Values are joined once the whole text is read; a later duplicate key overwrites in place.
    for (Pending p : pending) {
      String joined = PyText.rstrip(String.join("\n", p.pieces));
      p.section.put(p.key, new IniDocument.Entry(joined, joined, p.source, p.line));
    }
    if (errors != null) {
      throw new ConfigException(errors.toString());
    }
  }

  private record Pending(
      Map<String, IniDocument.Entry> section, String key, List<String> pieces, String source,
      int line) {}

  private static boolean hasKey(String key) {
    return key != null && !key.isEmpty(); // Python tests the key name's truth: '' is false
  }

  private static StringBuilder appendError(
      StringBuilder errors, String source, int lineNo, String line) {
    if (errors == null) {
      errors = new StringBuilder("Source contains parsing errors: ").append(PyText.repr(source));
    }
    String number = lineNo < 10 ? " " + lineNo : Integer.toString(lineNo);
    return errors.append("\n\t[line ").append(number).append("]: ").append(PyText.repr(line));
  }

  /**
   * Python's search for an inline comment: each round finds the next occurrence of every prefix
   * and stops at the first round where some occurrence follows whitespace (or starts the line).
   */
  private static int inlineCommentStart(String line) {
    int[] from = {-1, -1};
    boolean[] alive = {true, true};
    while (alive[0] || alive[1]) {
      int best = Integer.MAX_VALUE;
      for (int p = 0; p < PREFIXES.length; p++) {
        if (!alive[p]) {
          continue;
        }
        int found = line.indexOf(PREFIXES[p], from[p] + 1);
        if (found < 0) {
          alive[p] = false;
          continue;
        }
        from[p] = found;
        if (found == 0 || PyText.isSpace(line.charAt(found - 1))) {
          best = Math.min(best, found);
        }
      }
      if (best != Integer.MAX_VALUE) {
        return best;
      }
    }
    return -1;
  }

  private static int firstNonSpace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (!PyText.isSpace(line.charAt(i))) {
        return i;
      }
    }
    return 0;
  }

  /** {@code \[(.+)\]} matched at the start: the header runs to the last {@code ]}. */
  private static String sectionHeader(String value) {
    if (value.charAt(0) != '[') {
      return null;
    }
    int close = value.lastIndexOf(']');
    return close >= 2 ? value.substring(1, close) : null;
  }

  private static int firstDelimiter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '=' || c == ':') {
        return i;
      }
    }
    return -1;
  }

  /** Splits like Python text-mode file iteration: universal newlines, each line keeps its \n. */
  static List<String> splitLines(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        lines.add(current.append('\n').toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      lines.add(current.toString());
    }
    return lines;
  }
}
