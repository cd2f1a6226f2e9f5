package dev.jsupervisor.core.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The oracle: system.listMethods, methodSignature and the structure of methodHelp (each
 * {@code @param} type and name, the {@code @return} type) from the real supervisord 4.2.5 must
 * equal ours; the prose around them is our own.
 */
class RealSupervisordIntrospectionTest {
  private static final String DUMP = String.join("\n",
      "import re, sys, xmlrpc.client",
      "from supervisor.xmlrpc import SupervisorTransport",
      "p = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, sys.argv[1]))",
      "for m in p.system.listMethods():",
      "    h = p.system.methodHelp(m)",
      "    tags = re.findall(r'@param[ \\t]+(\\S+)[ \\t]+(\\S+)', h) + re.findall(r'@return[ \\t]+(\\S+)', h)",
      "    print(m, p.system.methodSignature(m), tags)",
      "");

  @Test
  void introspectionMatchesTheRealDaemon() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "js");
    Path socket = dir.resolve("real.sock");
    String expected;
    try (RealSupervisord real = RealSupervisord.start(dir, "[unix_http_server]\nfile=" + socket
        + "\n")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(socket));
      ServerFixture.Run oracle = ServerFixture.python(DUMP, "unix://" + socket);
      assertEquals(0, oracle.exit(), oracle.out());
      expected = oracle.out();
    }
    assertEquals(41, expected.lines().count(), expected);

    try (ServerFixture fixture = new ServerFixture()) {
      ServerFixture.Run ours = ServerFixture.python(DUMP, "unix://" + fixture.socket);
      assertEquals(0, ours.exit(), ours.out());
      assertEquals(List.of(expected.split("\n")), List.of(ours.out().split("\n")));
    }
  }
}
