package dev.jsupervisor.core.config;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Users and groups from {@code /etc/passwd} and {@code /etc/group} (or other files, in tests),
 * resolved the way supervisord's {@code user} and {@code chown} values are. The files are read
 * on the first lookup: most configs never name a user, and the CLI's start-up time counts.
 */
public final class Users {
  /** One passwd line: name, uid, primary gid, home. */
  public record User(String name, int uid, int gid, String home) {}

  private record Group(String name, int gid) {}

  private final Path passwdFile;
  private final Path groupFile;
  private List<User> users;
  private List<Group> groups;

  private Users(Path passwdFile, Path groupFile) {
    this.passwdFile = passwdFile;
    this.groupFile = groupFile;
  }

  /** The system's user and group databases. */
  public static Users system() {
    return fromFiles(Path.of("/etc/passwd"), Path.of("/etc/group"));
  }

  /** The two files, read on the first lookup; unreadable files count as empty. */
  public static Users fromFiles(Path passwd, Path group) {
    return new Users(passwd, group);
  }

  private synchronized List<User> users() {
    if (users == null) {
      List<User> read = new ArrayList<>();
      for (String[] f : fields(passwdFile)) {
        if (f.length >= 6 && isNumber(f[2]) && isNumber(f[3])) {
          read.add(new User(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]));
        }
      }
      users = read;
    }
    return users;
  }

  private synchronized List<Group> groups() {
    if (groups == null) {
      List<Group> read = new ArrayList<>();
      for (String[] f : fields(groupFile)) {
        if (f.length >= 3 && isNumber(f[2])) {
          read.add(new Group(f[0], Integer.parseInt(f[2])));
        }
      }
      groups = read;
    }
    return groups;
  }

  private static boolean isNumber(String s) {
    return s.matches("[0-9]{1,9}");
  }

  private static List<String[]> fields(Path file) {
    List<String[]> rows = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          rows.add(line.split(":", -1));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no database: every lookup fails with supervisord's "Invalid user" message
    }
    return rows;
  }

  /** The user with this name, or null. */
  public User byName(String name) {
    return users().stream().filter(u -> u.name().equals(name)).findFirst().orElse(null);
  }

  /** The first user with this uid, or null. */
  public User byUid(int uid) {
    return users().stream().filter(u -> u.uid() == uid).findFirst().orElse(null);
  }

  /** A user name or numeric uid that must exist (supervisord's {@code name_to_uid}). */
  public int uidOf(String name) throws ConfigException {
    BigInteger number = PyText.parseInt(name, 10);
    if (number == null) {
      User user = byName(name);
      if (user == null) {
        throw new ConfigException("Invalid user name " + name);
      }
      return user.uid();
    }
    if (number.bitLength() > 31 || byUid(number.intValue()) == null) {
      throw new ConfigException("Invalid user id " + name);
    }
    return number.intValue();
  }

  /** A group name or numeric gid that must exist. */
  public int gidOf(String name) throws ConfigException {
    BigInteger number = PyText.parseInt(name, 10);
    if (number == null) {
      return groups().stream().filter(g -> g.name().equals(name)).findFirst()
          .orElseThrow(() -> new ConfigException("Invalid group name " + name)).gid();
    }
    if (number.bitLength() > 31
        || groups().stream().noneMatch(g -> g.gid() == number.intValue())) {
      throw new ConfigException("Invalid group id " + name);
    }
    return number.intValue();
  }

  /** {@code user} or {@code user:group} as {uid, gid}; gid -1 when no group is given. */
  public int[] userAndGroup(String value) throws ConfigException {
    int colon = value.indexOf(':');
    if (colon < 0) {
      return new int[] {uidOf(value), -1};
    }
    return new int[] {uidOf(value.substring(0, colon)), gidOf(value.substring(colon + 1))};
  }
}
