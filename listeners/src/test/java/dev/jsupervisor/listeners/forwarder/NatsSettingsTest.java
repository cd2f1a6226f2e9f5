package dev.jsupervisor.listeners.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NatsSettingsTest {
  private static NatsSettings settings(String nats) {
    return ForwarderCommandLine.parse(new String[] {"--nats", nats}, Map.of()).nats();
  }

  @Test
  void userInformationInTheUrlsIsRedactedForLogsButKeptForConnecting() {
    NatsSettings s = settings("nats://alice:pw1@h1:4222, tls://T0KEN@h2,h3:4222,"
        + "nats://bob:p@ss@h4");
    assertEquals("nats://***@h1:4222, tls://***@h2,h3:4222,nats://***@h4",
        s.redactedServers());
    assertTrue(s.servers().contains("alice:pw1@h1"), "the real URL is used to connect");
    assertEquals("nats://127.0.0.1:4222", settings("nats://127.0.0.1:4222").redactedServers());
    assertEquals("***@h5:4222", settings("S3CRET@h5:4222").redactedServers());
    for (String secret : new String[] {"alice", "pw1", "T0KEN", "bob", "ss@", "S3CRET"}) {
      assertFalse(s.toString().contains(secret), s.toString());
    }
    assertEquals("Unable to connect to [nats://***@h1:4222]",
        NatsSettings.redact("Unable to connect to [nats://alice:pw1@h1:4222]"));
  }

  @Test
  void theStartLineShowsNoSecret() {
    String line = Main.startLine(ForwarderCommandLine.parse(
        new String[] {"--nats", "nats://alice:pw1@127.0.0.1:4222"}, Map.of()));
    assertTrue(line.contains("nats://***@127.0.0.1:4222"), line);
    assertFalse(line.contains("pw1") || line.contains("alice"), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nats://alice:pw1@127.0.0.1:1", "nats://pw1@127.0.0.1:1"})
  void theCannotConnectLineShowsNoSecret(String url) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = EventTail.run(new String[0], new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("NATS_URL", url));
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, text);
    assertTrue(text.contains("nats://***@127.0.0.1:1"), text);
    assertFalse(text.contains("pw1") || text.contains("alice"), text);
  }
}
