package dev.jsupervisor.core.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsupervisor.core.config.HttpServerConfig;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating, protecting, refusing and removing the servers' sockets, as supervisord does. */
@SuppressWarnings("try") // servers are opened for their side effects, closed by try
class SocketLifecycleTest {
  private Path dir;
  private Path socket;

  @BeforeEach
  void dir() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "js");
    socket = dir.resolve("s.sock");
  }

  @AfterEach
  void clean() throws IOException {
    Files.deleteIfExists(socket);
    Files.deleteIfExists(dir);
  }

  private static HttpServerConfig unix(Path path, int mode, Integer uid, Integer gid) {
    return new HttpServerConfig("unix_http_server", path.toString(), "", 0, mode, uid, gid, null, null);
  }

  private static HttpServers start(HttpServerConfig config) throws IOException {
    return HttpServers.start(List.of(config), new FakeSupervisorApi(), new ServerFixture.FakeLogTails(),
        ServerLog.discard());
  }

  private ServerFixture.Run ctlVersion() throws Exception {
    return ServerFixture.run(List.of("/usr/bin/supervisorctl", "-s", "unix://" + socket, "version"));
  }

  @Test
  void socketIsCreatedWithModeAndRemovedOnStop() throws Exception {
    try (HttpServers servers = start(unix(socket, 0700, null, null))) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
      assertEquals(new ServerFixture.Run(0, "4.2.5\n"), ctlVersion());
      try (var files = Files.list(dir)) {
        assertEquals(List.of(socket), files.toList(), "no temporary file is left beside the socket");
      }
    }
    assertFalse(Files.exists(socket));
  }

  @Test
  void modeAndOwnerAreApplied() throws Exception {
    int uid = (Integer) Files.getAttribute(dir, "unix:uid");
    boolean root = uid == 0;
    int owner = root ? 65534 : uid;
    try (HttpServers servers = start(unix(socket, 0760, owner, null))) {
      assertEquals("rwxrw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
      assertEquals(owner, Files.getAttribute(socket, "unix:uid"));
    }
  }

  @Test
  void staleSocketFileIsReplaced() throws Exception {
    try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      old.bind(UnixDomainSocketAddress.of(socket));
    } // closed without unlinking: a stale socket file, as after a crash
    assertTrue(Files.exists(socket));
    try (HttpServers servers = start(unix(socket, 0700, null, null))) {
      assertEquals(new ServerFixture.Run(0, "4.2.5\n"), ctlVersion());
    }
  }

  @Test
  void liveSocketIsNeverTakenOver() throws Exception {
    try (HttpServers first = start(unix(socket, 0700, null, null))) {
      IOException e = assertThrows(IOException.class, () -> start(unix(socket, 0700, null, null)));
      assertEquals("Another program is already listening on a port that one of our HTTP servers is "
          + "configured to use.  Shut this program down first before starting supervisord.", e.getMessage());
      assertEquals(new ServerFixture.Run(0, "4.2.5\n"), ctlVersion(), "the first server still answers");
    }
  }

  @Test
  void busyTcpPortIsRefusedWithSupervisordsMessage() throws Exception {
    HttpServerConfig any = new HttpServerConfig("inet_http_server", null, "127.0.0.1", 0, 0, null, null, null, null);
    try (HttpServers first = HttpServers.start(List.of(any), new FakeSupervisorApi(),
        new ServerFixture.FakeLogTails(), ServerLog.discard())) {
      int port = first.localPort("inet_http_server");
      HttpServerConfig same = new HttpServerConfig("inet_http_server", null, "127.0.0.1", port, 0, null, null, null, null);
      IOException e = assertThrows(IOException.class, () -> HttpServers.start(List.of(same),
          new FakeSupervisorApi(), new ServerFixture.FakeLogTails(), ServerLog.discard()));
      assertTrue(e.getMessage().startsWith("Another program is already listening"), e.getMessage());
    }
  }
}
