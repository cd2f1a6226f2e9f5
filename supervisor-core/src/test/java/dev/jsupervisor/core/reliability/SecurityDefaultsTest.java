package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.client.ClientException;
import dev.jsupervisor.core.client.SupervisorClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Security defaults of a real jsupervisord: the UNIX socket is private unless configured, a TCP
 * server without a password is announced with a CRIT line, {SHA} passwords work, and no
 * password (plain or hashed) ever reaches a log, a child's environment or output.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SecurityDefaultsTest {
  private static final String PLAIN = "plain-Secret-1";
  private static final String HASHED = "hashed-Secret-2";

  private static String sha1Hex(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String socketMode(Path socket) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
  }

  /** Every file the daemon wrote in its directory: main log, output, child logs. */
  private static String everyLog(Jsupervisord daemon) throws IOException {
    StringBuilder all = new StringBuilder(daemon.output());
    try (Stream<Path> files = Files.list(daemon.dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  @Test
  void defaultsWithoutPasswordsAreAnnouncedAndTheSocketIsPrivate() throws Exception {
    Path dir = Jsupervisord.newDirectory();
    int port = Jsupervisord.freePort();
    try (Jsupervisord daemon = Jsupervisord.start(dir, Jsupervisord.baseConfig(dir, "")
        + "[inet_http_server]\nport=127.0.0.1:" + port + "\n")) {
      assertEquals("rwx------", socketMode(daemon.socket));
      String log = daemon.mainLogText();
      assertTrue(log.contains("CRIT Server 'inet_http_server' running without any HTTP"
          + " authentication checking"), log);
      assertTrue(log.contains("CRIT Server 'unix_http_server' running without any HTTP"
          + " authentication checking"), log);
    }
  }

  @Test
  void configuredSocketModeIsApplied() throws Exception {
    Path dir = Jsupervisord.newDirectory();
    try (Jsupervisord daemon = Jsupervisord.start(dir,
        Jsupervisord.baseConfig(dir, "chmod=0760\n"))) {
      assertEquals("rwxrw----", socketMode(daemon.socket));
    }
  }

  @Test
  void passwordsWorkPlainAndHashedAndAreNeverLogged() throws Exception {
    Path dir = Jsupervisord.newDirectory();
    int port = Jsupervisord.freePort();
    String hash = sha1Hex(HASHED);
    String config = Jsupervisord.baseConfig(dir, "username=local\npassword=" + PLAIN + "\n")
        + "[inet_http_server]\nport=127.0.0.1:" + port + "\nusername=remote\npassword={SHA}"
        + hash + "\n[program:child]\ncommand=/usr/bin/env\nstartsecs=0\nautorestart=false\n";
    try (Jsupervisord daemon = Jsupervisord.start(dir, config, "local", PLAIN)) {
      String url = "http://127.0.0.1:" + port;
      try (SupervisorClient good = SupervisorClient.builder(url).credentials("remote", HASHED)
          .build()) {
        assertEquals(SupervisorState.RUNNING, good.getState());
      }
      for (String[] wrong : new String[][] {{"remote", hash}, {"remote", "{SHA}" + hash},
          {"remote", HASHED.toUpperCase()}, {"local", PLAIN}, {"remote", ""}}) {
        try (SupervisorClient bad = SupervisorClient.builder(url).credentials(wrong[0], wrong[1])
            .build()) {
          ClientException e = assertThrows(ClientException.class, bad::getState);
          assertEquals(ClientException.Kind.UNAUTHORIZED, e.kind(), wrong[0] + ":" + wrong[1]);
        }
      }
      try (SupervisorClient unixWrong = SupervisorClient.builder("unix://" + daemon.socket)
          .credentials("local", "nope").build()) {
        assertEquals(ClientException.Kind.UNAUTHORIZED,
            assertThrows(ClientException.class, unixWrong::getState).kind());
      }
      String logs = everyLog(daemon);
      for (String secret : new String[] {PLAIN, HASHED, hash}) {
        assertFalse(logs.contains(secret), "a log contains " + secret);
      }
      assertFalse(logs.contains("running without any HTTP authentication"), logs);
    }
  }
}
