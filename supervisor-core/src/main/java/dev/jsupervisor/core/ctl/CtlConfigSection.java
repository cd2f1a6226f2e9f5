package dev.jsupervisor.core.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code [supervisorctl]} section of a supervisord config file: serverurl, username,
 * password, prompt, history_file, with {@code %(here)s} and {@code %(ENV_X)s} expanded.
 *
 * <p>A deliberately small reader of that one section (ConfigParser rules: {@code key = value}
 * or {@code key: value}, full-line and whitespace-preceded inline {@code ;}/{@code #} comments,
 * indented continuation lines). It is meant to give way to the project's full ConfigLoader.
 */
record CtlConfigSection(
    String serverUrl, String username, String password, String prompt, String historyFile) {

  /** A config file problem, worded as supervisorctl's usage error. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** Reads {@code file}; environment variables come from {@code env}. */
  static CtlConfigSection read(Path file, Map<String, String> env) throws Invalid {
    if (!Files.exists(file)) {
      throw new Invalid("could not find config file " + file);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Invalid("could not read config file " + file);
    }
    Map<String, String> section = section(text, "supervisorctl");
    if (section == null) {
      throw new Invalid(".ini file does not include supervisorctl section");
    }
    String here = file.toAbsolutePath().normalize().getParent().toString();
    Map<String, String> vars = new LinkedHashMap<>();
    env.forEach((k, v) -> vars.put("ENV_" + k, v));
    Map<String, String> withHere = new LinkedHashMap<>(vars);
    withHere.put("here", here);

    String url = expand(section.getOrDefault("serverurl", "http://localhost:9001"), withHere, "serverurl");
    if (url.startsWith("unix://")) {
      url = "unix://" + normalize(url.substring("unix://".length()));
    }
    String history = section.get("history_file");
    history = history == null ? null : expand(history, withHere, "history_file");
    return new CtlConfigSection(
        url,
        optional(section, "username", vars),
        optional(section, "password", vars),
        section.containsKey("prompt") ? expand(section.get("prompt"), vars, "prompt") : "supervisor",
        history == null || history.isEmpty() ? null : normalize(history));
  }

  private static String optional(Map<String, String> section, String key, Map<String, String> vars)
      throws Invalid {
    String v = section.get(key);
    return v == null ? null : expand(v, vars, key);
  }

  private static String normalize(String path) {
    String p = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    return Path.of(p).toAbsolutePath().normalize().toString();
  }

  /** The options of {@code [name]}, lower-cased keys, or null when the section is absent. */
  static Map<String, String> section(String text, String name) {
    Map<String, String> options = null;
    boolean inside = false;
    String lastKey = null;
    for (String raw : text.split("\r?\n", -1)) {
      String stripped = raw.strip();
      if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
        lastKey = stripped.isEmpty() ? null : lastKey;
        continue;
      }
      boolean indented = Character.isWhitespace(raw.charAt(0));
      if (indented && lastKey != null && inside) {
        options.put(lastKey, options.get(lastKey) + "\n" + stripComment(stripped));
        continue;
      }
      if (stripped.startsWith("[") && stripped.contains("]")) {
        String header = stripped.substring(1, stripped.indexOf(']'));
        inside = header.equals(name);
        if (inside && options == null) {
          options = new LinkedHashMap<>();
        }
        lastKey = null;
        continue;
      }
      if (!inside) {
        lastKey = null;
        continue;
      }
      int eq = indexOfSeparator(stripped);
      if (eq <= 0) {
        lastKey = null;
        continue;
      }
      lastKey = stripped.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      options.put(lastKey, stripComment(stripped.substring(eq + 1).strip()));
    }
    return options;
  }

  private static int indexOfSeparator(String line) {
    int eq = line.indexOf('=');
    int colon = line.indexOf(':');
    if (eq < 0) {
      return colon;
    }
    return colon < 0 ? eq : Math.min(eq, colon);
  }

  /** Drops an inline comment: {@code ;} or {@code #} preceded by whitespace. */
  private static String stripComment(String value) {
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c == ';' || c == '#') && Character.isWhitespace(value.charAt(i - 1))) {
        return value.substring(0, i).strip();
      }
    }
    return value;
  }

  /** Expands {@code %(name)s} and {@code %%}; an unknown name is an error naming the option. */
  static String expand(String value, Map<String, String> vars, String option) throws Invalid {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      if (value.startsWith("%%", i)) {
        out.append('%');
        i += 2;
        continue;
      }
      int close = value.indexOf(")s", i);
      if (!value.startsWith("%(", i) || close < 0) {
        throw new Invalid("Format string " + PythonText.repr(value) + " for "
            + PythonText.repr(option) + " is badly formatted");
      }
      String key = value.substring(i + 2, close);
      String replacement = vars.get(key);
      if (replacement == null) {
        throw new Invalid("Format string " + PythonText.repr(value) + " for "
            + PythonText.repr(option) + " contains names (" + key + ") which cannot be expanded");
      }
      out.append(replacement);
      i = close + 2;
    }
    return out.toString();
  }
}
