package dev.jsupervisor.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import dev.jsupervisor.core.config.FcgiSocketConfig;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.GroupKind;
import dev.jsupervisor.core.process.JnaPosix;
import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.PosixException;
import dev.jsupervisor.core.util.FakeClock;
import dev.jsupervisor.core.util.LogLevel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fcgi sockets' reference count, creation, errors and log lines, on real sockets. */
class FcgiSocketsTest {
  @TempDir Path dir;
  private final List<String> lines = new ArrayList<>();
  private MainLog log;

  @BeforeEach
  void setUp() {
    log = new MainLog(new FakeClock(), ZoneOffset.UTC, LogLevel.INFO);
    log.addSink(line -> lines.add(line.substring(line.indexOf(' ', 11) + 1).strip()));
  }

  private static GroupConfig group(FcgiSocketConfig socket) {
    return new GroupConfig("web", GroupKind.FCGI_PROGRAM, 999, List.of(), Set.of(), 0, null,
        "x.conf", socket);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void theSocketIsOpenWhileAnyHolderHoldsIt() throws Exception {
    int port = freePort();
    GroupConfig g = group(FcgiSocketConfig.tcp("127.0.0.1", port, null));
    FcgiSockets sockets = new FcgiSockets(JnaPosix.get(), log);
    Object first = new Object();
    Object second = new Object();
    int fd = sockets.acquire(g, first);
    assertEquals(fd, sockets.acquire(g, second));
    assertTrue(accepts(port));
    sockets.release(g, first);
    sockets.release(g, first); // a second release of the same holder changes nothing
    assertTrue(sockets.isOpen("web"));
    assertTrue(accepts(port));
    sockets.release(g, second);
    assertFalse(sockets.isOpen("web"));
    assertFalse(accepts(port));
    assertEquals(List.of("INFO Creating socket tcp://127.0.0.1:" + port,
        "INFO Closing socket tcp://127.0.0.1:" + port), lines);
  }

  @Test
  void aGroupWithoutASocketGetsNone() throws Exception {
    FcgiSockets sockets = new FcgiSockets(JnaPosix.get(), log);
    GroupConfig plain = new GroupConfig("p", GroupKind.PROGRAM, 999, List.of(), Set.of(), 0,
        null, "x.conf");
    assertEquals(-1, sockets.acquire(plain, new Object()));
    sockets.probe(plain);
    assertEquals(List.of(), lines);
  }

  @Test
  void aPortInUseIsReportedInPythonsWords() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.setReuseAddress(true);
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      FcgiSockets sockets = new FcgiSockets(JnaPosix.get(), log);
      FcgiSockets.SocketError e = assertThrows(FcgiSockets.SocketError.class,
          () -> sockets.probe(group(FcgiSocketConfig.tcp("127.0.0.1", port, 5))));
      assertEquals("Could not create FastCGI socket tcp://127.0.0.1:" + port
          + ": [Errno 98] Address already in use", e.getMessage());
      assertEquals(List.of("INFO Creating socket tcp://127.0.0.1:" + port), lines);
    }
  }

  @Test
  void anUnknownHostIsReportedAsPythonsResolverDoes() {
    FcgiSockets sockets = new FcgiSockets(JnaPosix.get(), log);
    FcgiSockets.SocketError e = assertThrows(FcgiSockets.SocketError.class,
        () -> sockets.acquire(group(FcgiSocketConfig.tcp("no-such-host.invalid", 9, null)),
            new Object()));
    assertEquals("Could not create FastCGI socket tcp://no-such-host.invalid:9: [Errno -2] Name"
        + " or service not known", e.getMessage());
  }

  @Test
  void aUnixSocketReplacesAnOldFileAndGetsItsMode() throws Exception {
    Path path = dir.resolve("web.sock");
    Files.writeString(path, "stale");
    FcgiSockets sockets = new FcgiSockets(JnaPosix.get(), log);
    GroupConfig g = group(FcgiSocketConfig.unix(path.toString(), 3, null, -1, 0640));
    sockets.acquire(g, "holder");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    assertFalse(Files.isRegularFile(path), "the stale file was replaced by the socket");
    sockets.release(g, "holder");
    assertTrue(Files.exists(path), "supervisord leaves the file behind");
  }

  @Test
  void aFailedChmodClosesAndRemovesTheSocketFile() throws Exception {
    Path path = dir.resolve("web.sock");
    Posix posix = spy(JnaPosix.get());
    doThrow(new PosixException("chmod", 1)).when(posix).chmod(anyString(), anyInt());
    FcgiSockets sockets = new FcgiSockets(posix, log);
    FcgiSockets.SocketError e = assertThrows(FcgiSockets.SocketError.class,
        () -> sockets.probe(group(FcgiSocketConfig.unix(path.toString(), null, null, -1, null))));
    assertEquals("Could not create FastCGI socket unix://" + path + ": Could not change "
        + "permissions of socket file: [Errno 1] Operation not permitted: '" + path + "'",
        e.getMessage());
    assertFalse(Files.exists(path));
  }

  @Test
  void aFailedChownIsReportedWithThePath() throws Exception {
    Path path = dir.resolve("web.sock");
    Posix posix = spy(JnaPosix.get());
    doThrow(new PosixException("chown", 1)).when(posix).chown(any(), anyInt(), anyInt());
    FcgiSockets sockets = new FcgiSockets(posix, log);
    FcgiSockets.SocketError e = assertThrows(FcgiSockets.SocketError.class,
        () -> sockets.probe(group(FcgiSocketConfig.unix(path.toString(), null, 12345, -1, null))));
    assertEquals("Could not create FastCGI socket unix://" + path + ": Could not change "
        + "ownership of socket file: [Errno 1] Operation not permitted: '" + path + "'",
        e.getMessage());
    assertFalse(Files.exists(path));
  }
}
