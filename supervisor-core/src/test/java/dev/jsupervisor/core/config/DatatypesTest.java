package dev.jsupervisor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each datatype's accepted forms and exact rejection messages (config.md §4). */
class DatatypesTest {
  @TempDir Path dir;

  private static String error(ThrowingCall call) {
    return assertThrows(ConfigException.class, call::run).getMessage();
  }

  interface ThrowingCall {
    void run() throws ConfigException;
  }

  @Test
  void booleansAndIntegers() throws ConfigException {
    assertTrue(Datatypes.bool("YES"));
    assertFalse(Datatypes.bool("off"));
    assertEquals("not a valid boolean value: 'maybe'", error(() -> Datatypes.bool("maybe")));
    assertEquals(10, Datatypes.integer(" +1_0 "));
    assertEquals(-3, Datatypes.integer("-3"));
    assertEquals("invalid literal for int() with base 10: 'abc'",
        error(() -> Datatypes.integer("abc")));
    assertEquals("invalid literal for int() with base 10: '1__0'",
        error(() -> Datatypes.integer("1__0")));
  }

  @Test
  void byteSizesAndOctals() throws ConfigException {
    assertEquals(1024L * 1024, Datatypes.byteSize("1 MB"));
    assertEquals(5L * 1024 * 1024 * 1024, Datatypes.byteSize("5gb"));
    assertEquals(17, Datatypes.byteSize("17"));
    assertEquals("invalid literal for int() with base 10: '1k'",
        error(() -> Datatypes.byteSize("1K")));
    assertEquals(022, Datatypes.octal("022"));
    assertEquals(077, Datatypes.octal("0o77"));
    assertEquals("999 can not be converted to an octal type", error(() -> Datatypes.octal("999")));
  }

  @Test
  void signals() throws ConfigException {
    assertEquals(15, Signals.parse("TERM"));
    assertEquals(15, Signals.parse("SIGTERM"));
    assertEquals(15, Signals.parse("sigterm"));
    assertEquals(15, Signals.parse("15"));
    assertEquals(1, Signals.parse(" hup "));
    assertEquals(6, Signals.parse("IOT"));
    assertEquals("SIGKILL", Signals.name(9));
    assertEquals("signal 99", Signals.name(99));
    assertEquals("value 'FOO' is not a valid signal name", error(() -> Signals.parse("FOO")));
    assertEquals("value '99' is not a valid signal number", error(() -> Signals.parse("99")));
  }

  @Test
  void exitCodesAutorestartLevelsNames() throws ConfigException {
    assertEquals(List.of(0, 2, 255), Datatypes.exitCodes("0, 2,255"));
    assertEquals(List.of(), Datatypes.exitCodes(""));
    assertEquals("not a valid list of exit codes: '0,256'",
        error(() -> Datatypes.exitCodes("0,256")));
    assertEquals(AutoRestart.UNEXPECTED, Datatypes.autoRestart("Unexpected"));
    assertEquals(AutoRestart.TRUE, Datatypes.autoRestart("on"));
    assertEquals("invalid 'autorestart' value 'sometimes'",
        error(() -> Datatypes.autoRestart("Sometimes")));
    assertEquals("warn", Datatypes.logLevel("WARN"));
    assertEquals("bad logging level name 'warning'", error(() -> Datatypes.logLevel("warning")));
    assertEquals("Invalid name: 'a b' because of character: ' '",
        error(() -> Datatypes.processOrGroupName("a b")));
    assertEquals("", Datatypes.processOrGroupName(" "));
  }

  @Test
  void keyValuePairsFollowShlex() throws ConfigException {
    assertEquals(Map.of("A", "a b", "B", "c,d"),
        Datatypes.keyValuePairs("A=\"a b\",B='c,d'"));
    assertEquals(Map.of("A", "1", "B", "2"), Datatypes.keyValuePairs("A=1;B=2"));
    assertEquals("Unexpected end of key/value pairs in value 'A=1,B'",
        error(() -> Datatypes.keyValuePairs("A=1,B")));
    assertEquals("No closing quotation", error(() -> Datatypes.keyValuePairs("A=\"x")));
  }

  @Test
  void pathsAndPorts() throws Exception {
    Files.createDirectory(dir.resolve("logs"));
    Users users = Users.system();
    assertEquals("logs/x.log", Datatypes.existingDirpath("logs/x.log", dir, "/h", users));
    assertEquals(dir + "/x.log", Datatypes.existingDirpath("~/x.log", dir, dir.toString(), users));
    assertEquals("The directory named as part of the path /nonexist/x.log does not exist",
        error(() -> Datatypes.existingDirpath("/nonexist/x.log", dir, "/h", users)));
    assertEquals("/nonexist is not an existing directory",
        error(() -> Datatypes.existingDirectory("/nonexist", dir, "/h", users)));
    assertEquals(Map.entry("", 9001), Datatypes.inetAddress("*:9001"));
    assertEquals(Map.entry("", 9001), Datatypes.inetAddress(":9001"));
    assertEquals(Map.entry("localhost", 80), Datatypes.inetAddress("LocalHost:80"));
    assertEquals("99999 is above upper bound (65535)",
        error(() -> Datatypes.inetAddress("h:99999")));
    assertEquals("not a valid port number: '99999' ", error(() -> Datatypes.inetAddress("99999")));
    assertEquals("/a/c", Datatypes.absolute("b/../c/.", Path.of("/a")));
  }

  @Test
  void usersFromFiles() throws Exception {
    Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n"
        + "app:x:1000:1001::/home/app:/bin/sh\n");
    Path group = Files.writeString(dir.resolve("group"), "root:x:0:\napp:x:1001:\n");
    Users users = Users.fromFiles(passwd, group);
    assertEquals(1000, users.uidOf("app"));
    assertEquals(0, users.uidOf("0"));
    assertEquals("Invalid user name nosuch", error(() -> users.uidOf("nosuch")));
    assertEquals("Invalid user id 12345", error(() -> users.uidOf("12345")));
    assertEquals(1001, users.userAndGroup("app:app")[1]);
    assertEquals(-1, users.userAndGroup("app")[1]);
    assertEquals("Invalid group name nope", error(() -> users.userAndGroup("app:nope")));
  }
}
