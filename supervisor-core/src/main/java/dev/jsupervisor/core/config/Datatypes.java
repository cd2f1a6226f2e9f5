package dev.jsupervisor.core.config;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converters for supervisord's value types. Each throws {@link ConfigException} with exactly the
 * message supervisord prints for a bad value (without any section suffix).
 */
public final class Datatypes {
  private static final List<String> TRUTHY = List.of("yes", "true", "on", "1");
  private static final List<String> FALSY = List.of("no", "false", "off", "0");
  private static final List<String> LEVELS =
      List.of("critical", "error", "warn", "info", "debug", "trace", "blather");

  private Datatypes() {}

  public static boolean bool(String value) throws ConfigException {
    String lower = value.toLowerCase(Locale.ROOT);
    if (TRUTHY.contains(lower)) {
      return true;
    }
    if (FALSY.contains(lower)) {
      return false;
    }
    throw new ConfigException("not a valid boolean value: " + PyText.repr(value));
  }

  /** Python {@code int()}; values outside Java's int range are rejected. */
  public static int integer(String value) throws ConfigException {
    BigInteger parsed = bigInteger(value);
    if (parsed.bitLength() > 31) {
      throw new ConfigException("integer value " + PyText.repr(value)
          + " is out of range for jsupervisord (-2147483648..2147483647)");
    }
    return parsed.intValue();
  }

  private static BigInteger bigInteger(String value) throws ConfigException {
    BigInteger parsed = PyText.parseInt(value, 10);
    if (parsed == null) {
      throw new ConfigException(
          "invalid literal for int() with base 10: " + PyText.repr(value));
    }
    return parsed;
  }

  /** {@code 1024}, {@code 10KB}, {@code 50MB}, {@code 1GB} (case-insensitive, 1024-based). */
  public static long byteSize(String value) throws ConfigException {
    String lower = value.toLowerCase(Locale.ROOT);
    long multiplier = 1;
    String number = lower;
    if (lower.endsWith("kb")) {
      multiplier = 1024L;
    } else if (lower.endsWith("mb")) {
      multiplier = 1024L * 1024;
    } else if (lower.endsWith("gb")) {
      multiplier = 1024L * 1024 * 1024;
    }
    if (multiplier != 1) {
      number = lower.substring(0, lower.length() - 2);
    }
    BigInteger bytes = bigInteger(number).multiply(BigInteger.valueOf(multiplier));
    if (bytes.bitLength() > 63) {
      throw new ConfigException("byte size " + PyText.repr(value) + " is too large");
    }
    return bytes.longValue();
  }

  /** Python {@code int(value, 8)}: {@code 022}, {@code 0o22}, {@code 22}. */
  public static int octal(String value) throws ConfigException {
    BigInteger parsed = PyText.parseInt(value, 8);
    if (parsed == null || parsed.bitLength() > 31) {
      throw new ConfigException(value + " can not be converted to an octal type");
    }
    return parsed.intValue();
  }

  /** Comma-separated exit codes 0..255; empty gives an empty list. */
  public static List<Integer> exitCodes(String value) throws ConfigException {
    List<Integer> codes = new ArrayList<>();
    if (value.isEmpty()) {
      return codes;
    }
    for (String part : value.split(",", -1)) {
      BigInteger code = PyText.parseInt(part, 10);
      if (code == null || code.signum() < 0 || code.compareTo(BigInteger.valueOf(255)) > 0) {
        throw new ConfigException("not a valid list of exit codes: " + PyText.repr(value));
      }
      codes.add(code.intValue());
    }
    return codes;
  }

  public static AutoRestart autoRestart(String value) throws ConfigException {
    String lower = value.toLowerCase(Locale.ROOT);
    if (TRUTHY.contains(lower)) {
      return AutoRestart.TRUE;
    }
    if (FALSY.contains(lower)) {
      return AutoRestart.FALSE;
    }
    if (lower.equals("unexpected")) {
      return AutoRestart.UNEXPECTED;
    }
    throw new ConfigException("invalid 'autorestart' value " + PyText.repr(lower));
  }

  /** One of critical error warn info debug trace blather (any case), returned lower-cased. */
  public static String logLevel(String value) throws ConfigException {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(lower)) {
      throw new ConfigException("bad logging level name " + PyText.repr(value));
    }
    return lower;
  }

  /** {@code KEY=val,KEY2="v, 2"} as supervisord tokenises it. */
  public static Map<String, String> keyValuePairs(String value) throws ConfigException {
    List<String> tokens = KeyValueLexer.tokens(value);
    Map<String, String> pairs = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i += 4) {
      if (i + 3 > tokens.size() || !tokens.get(i + 1).equals("=")) {
        throw new ConfigException(
            "Unexpected end of key/value pairs in value '" + value + "'");
      }
      pairs.put(tokens.get(i), stripQuotes(tokens.get(i + 2)));
    }
    return pairs;
  }

  private static String stripQuotes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == '"' || s.charAt(start) == '\'')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == '"' || s.charAt(end - 1) == '\'')) {
      end--;
    }
    return s.substring(start, end);
  }

  /** A process or group name: no space, colon or slash (after stripping). */
  public static String processOrGroupName(String name) throws ConfigException {
    String stripped = PyText.strip(name);
    for (char c : new char[] {' ', ':', '/'}) {
      if (stripped.indexOf(c) >= 0) {
        throw new ConfigException("Invalid name: " + PyText.repr(name)
            + " because of character: " + PyText.repr(String.valueOf(c)));
      }
    }
    return stripped;
  }

  /** Python's {@code os.path.expanduser}, with the given HOME and user database. */
  public static String expandUser(String path, String home, Users users) {
    if (!path.startsWith("~")) {
      return path;
    }
    int slash = path.indexOf('/');
    int end = slash < 0 ? path.length() : slash;
    String base;
    if (end == 1) {
      if (home == null) {
        return path;
      }
      base = home;
    } else {
      Users.User user = users.byName(path.substring(1, end));
      if (user == null) {
        return path;
      }
      base = user.home();
    }
    base = base.length() > 1 && base.endsWith("/") ? base.replaceAll("/+$", "") : base;
    String result = base + path.substring(end);
    return result.isEmpty() ? "/" : result;
  }

  /** Python's {@code os.path.dirname}. */
  static String dirname(String path) {
    int slash = path.lastIndexOf('/');
    String head = path.substring(0, slash + 1);
    if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
      head = head.replaceAll("/+$", "");
    }
    return head;
  }

  /** A path whose directory must exist ({@code ~} expanded); returned expanded, not absolute. */
  public static String existingDirpath(String value, Path cwd, String home, Users users)
      throws ConfigException {
    String expanded = expandUser(value, home, users);
    String dir = dirname(expanded);
    if (dir.isEmpty() || isDirectory(cwd, dir)) {
      return expanded;
    }
    throw new ConfigException(
        "The directory named as part of the path " + value + " does not exist");
  }

  /** A directory that must exist ({@code ~} expanded). */
  public static String existingDirectory(String value, Path cwd, String home, Users users)
      throws ConfigException {
    String expanded = expandUser(value, home, users);
    if (isDirectory(cwd, expanded)) {
      return expanded;
    }
    throw new ConfigException(value + " is not an existing directory");
  }

  private static boolean isDirectory(Path cwd, String dir) {
    try {
      return !dir.isEmpty() && dir.indexOf('\0') < 0 && Files.isDirectory(cwd.resolve(dir));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Python's {@code os.path.normpath(os.path.abspath(path))} against cwd. */
  public static String absolute(String path, Path cwd) {
    String joined = path.startsWith("/") ? path : cwd.toString() + "/" + path;
    String prefix = joined.startsWith("//") && !joined.startsWith("///") ? "//" : "/";
    List<String> parts = new ArrayList<>();
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(part);
    }
    return prefix + String.join("/", parts);
  }

  /**
   * An inet server address: {@code port}, {@code host:port}, {@code *:port} or {@code :port}.
   *
   * @return host (lower-cased, empty for all interfaces) and port
   */
  public static Map.Entry<String, Integer> inetAddress(String value) throws ConfigException {
    int colon = value.lastIndexOf(':');
    String host = "";
    int port;
    if (colon >= 0) {
      host = value.substring(0, colon).toLowerCase(Locale.ROOT);
      String portText = value.substring(colon + 1);
      if (portText.isEmpty()) {
        throw new ConfigException("no port number specified in ''");
      }
      port = portNumber(portText);
    } else {
      try {
        port = portNumber(value);
      } catch (ConfigException e) {
        throw new ConfigException("not a valid port number: " + PyText.repr(value) + " ");
      }
    }
    if (host.equals("*")) {
      host = "";
    }
    return Map.entry(host, port);
  }

  static int portNumber(String value) throws ConfigException {
    BigInteger port = bigInteger(value);
    if (port.compareTo(BigInteger.ONE) < 0) {
      throw new ConfigException(port + " is below lower bound (1)");
    }
    if (port.compareTo(BigInteger.valueOf(65535)) > 0) {
      throw new ConfigException(port + " is above upper bound (65535)");
    }
    return port.intValue();
  }
}
