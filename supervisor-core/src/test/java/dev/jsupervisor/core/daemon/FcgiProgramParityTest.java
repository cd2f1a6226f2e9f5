package dev.jsupervisor.core.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import dev.jsupervisor.core.process.JnaPosix;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code [fcgi-program:x]} under supervisord 4.2.5 and jsupervisord with the same config: what a
 * child finds on fd 0 (the daemon's listening socket, TCP or UNIX), that it can accept and answer
 * on it, the UNIX socket file's mode, sendProcessStdin's fault, the main log's "Creating socket" /
 * "Closing socket" lines (reference-counted over the program's processes, and given back when a
 * spawn fails), getAllConfigInfo, the socket closed once every process has stopped, socket
 * ownership, update and reload, and a socket that cannot be bound at start or at an update.
 */
final class FcgiProgramParityTest {
  /**
   * Reports what fd 0, 1 and the open descriptors are, then answers every connection on fd 0
   * with its process name.
   */
  private static final String PROBE =
      """
      import os, socket, stat, sys
      def kind(fd):
          m = os.fstat(fd).st_mode
          return 'socket' if stat.S_ISSOCK(m) else 'pipe' if stat.S_ISFIFO(m) else 'other'
      s = socket.socket(fileno=0)
      fds = sorted(int(f) for f in os.listdir('/proc/self/fd'))
      print('fd0', kind(0), s.family.name, s.type.name, s.getsockname(),
            'inheritable' if os.get_inheritable(0) else 'cloexec', 'fd1', kind(1), 'fds', fds,
            flush=True)
      while True:
          c, _ = s.accept()
          c.sendall(('hello from %s\\n' % os.environ['SUPERVISOR_PROCESS_NAME']).encode())
          c.close()
      """;

  private static final String CONFIG =
      LiveDaemon.CONFIG_HEADER
          + """

          [fcgi-program:web]
          command=/usr/bin/python3 @DIR@/probe.py
          socket=tcp://127.0.0.1:@PORT@
          socket_backlog=16
          numprocs=2
          process_name=%(program_name)s_%(process_num)d
          stdout_logfile=@DIR@/%(process_num)d.out
          startsecs=0

          [fcgi-program:u]
          command=/usr/bin/python3 %(here)s/probe.py
          socket=unix://%(here)s/%(program_name)s.sock
          socket_mode=0660
          stdout_logfile=@DIR@/u.out
          startsecs=0
          """;

  private static final String MISSING_COMMAND =
      LiveDaemon.CONFIG_HEADER
          + """

          [fcgi-program:gone]
          command=@DIR@/no-such-program
          socket=tcp://127.0.0.1:@PORT@
          startretries=0
          """;

  private static final String OWNED =
      LiveDaemon.CONFIG_HEADER
          + """

          [fcgi-program:owned]
          command=/bin/sleep 1000
          socket=unix://@DIR@/owned.sock
          socket_owner=nobody:nogroup
          socket_mode=0604
          startsecs=0

          [fcgi-program:asuser]
          command=/bin/sleep 1000
          user=nobody
          socket=unix://@DIR@/asuser.sock
          startsecs=0

          [fcgi-program:tcp]
          command=/bin/sleep 1000
          socket=tcp://127.0.0.1:@PORT@
          startsecs=0
          """;

  /** sendProcessStdin to web:web_0; prints the fault or the result. */
  private static final String SEND_STDIN =
      """
      import sys, xmlrpc.client
      from supervisor.xmlrpc import SupervisorTransport
      s = xmlrpc.client.ServerProxy('http://127.0.0.1',
                                    transport=SupervisorTransport(None, None, sys.argv[1]))
      try:
          print(s.supervisor.sendProcessStdin('web:web_0', 'x'))
      except xmlrpc.client.Fault as f:
          print(f.faultCode, f.faultString)
      print(sorted(s.supervisor.getProcessInfo('web:web_0').keys()))
      print(s.supervisor.getProcessInfo('web:web_1')['group'])
      for c in s.supervisor.getAllConfigInfo():
          print(sorted(c.items()))
      """;

  private volatile boolean jdkSpawn;

  @RegisterExtension
  final LiveDaemons daemons =
      new LiveDaemons(
          d -> {
            Files.writeString(d.dir.resolve("probe.py"), PROBE);
            if (jdkSpawn) {
              d.jvmOptions.add("-Djsupervisor.spawn=jdk");
            }
          });

  @Test
  void childrenGetTheListeningSocketAsFd0AndTheSocketLivesWhileAProcessDoes() throws Exception {
    List<String> observed = new ArrayList<>();
    for (LiveDaemon d : daemons.startBoth(CONFIG)) {
      await(d.kind.name())
          .atMost(LiveDaemon.PATIENCE)
          .until(() -> Masks.count(d.mainLog(), "success: ") == 3
              && outputs(d).size() == 3);
      StringBuilder seen = new StringBuilder();
      for (String line : outputs(d)) {
        seen.append(Masks.mask(line, d).replace(", " + d.port + ")", ", PORT)")).append('\n');
      }
      // Either process may accept a connection: the kernel picks.
      seen.append(answer(new InetSocketAddress("127.0.0.1", d.port)).replaceAll("web_[01]$",
          "web_N")).append('\n');
      seen.append(answer(UnixDomainSocketAddress.of(d.dir.resolve("u.sock")))).append('\n');
      seen.append(PosixFilePermissions.toString(
          Files.getPosixFilePermissions(d.dir.resolve("u.sock")))).append('\n');
      LiveDaemon.Output rpc = d.python(SEND_STDIN, "unix://" + d.dir.resolve("s.sock"));
      seen.append(Masks.mask(rpc.stdout(), d).replaceAll("---supervisor-\\w+\\.log", "---X.log"))
          .append(rpc.stderr());

      assertEquals("web:web_0: stopped\n", d.ctl("stop", "web:web_0").stdout());
      seen.append(answer(new InetSocketAddress("127.0.0.1", d.port))).append('\n');
      assertEquals("web:web_1: stopped\n", d.ctl("stop", "web:web_1").stdout());
      assertThrows(IOException.class, () -> answer(new InetSocketAddress("127.0.0.1", d.port)),
          d.kind + ": the socket is closed once no process holds it");
      assertEquals("u: stopped\n", d.ctl("stop", "u").stdout());
      assertTrue(Files.exists(d.dir.resolve("u.sock")), d.kind + ": the file stays, as it does");
      assertThrows(IOException.class,
          () -> answer(UnixDomainSocketAddress.of(d.dir.resolve("u.sock"))));
      assertEquals("web:web_0: started\n", d.ctl("start", "web:web_0").stdout());
      await().atMost(LiveDaemon.PATIENCE)
          .until(() -> answer(new InetSocketAddress("127.0.0.1", d.port)), "hello from web_0"::equals);
      seen.append(socketLines(d));
      observed.add(seen.toString());
    }
    assertTrue(observed.get(0).contains(
        "fd0 socket AF_INET SOCK_STREAM ('127.0.0.1', PORT) inheritable fd1 pipe fds [0, 1, 2, 3]"),
        observed.get(0));
    assertTrue(observed.get(0).contains("20 NO_FILE: web:web_0"), observed.get(0));
    assertTrue(observed.get(0).contains("('group', 'web'), ('group_prio', 999), ('inuse', True)"),
        observed.get(0));
    assertEquals(observed.get(0), observed.get(1));
  }

  @Test
  void aFailedSpawnGivesTheSocketBackAfterItsSpawnerr() throws Exception {
    List<String> logs = new ArrayList<>();
    for (LiveDaemon d : daemons.startBoth(MISSING_COMMAND)) {
      await(d.kind.name()).atMost(LiveDaemon.PATIENCE)
          .until(() -> d.mainLog().contains("gave up: gone"));
      logs.add(socketLines(d));
    }
    assertEquals(
        "INFO Creating socket tcp://127.0.0.1:PORT\n"
            + "INFO Closing socket tcp://127.0.0.1:PORT\n"
            + "INFO Creating socket tcp://127.0.0.1:PORT\n"
            + "INFO spawnerr: can't find command 'DIR/no-such-program'\n"
            + "INFO Closing socket tcp://127.0.0.1:PORT\n",
        logs.get(0));
    assertEquals(logs.get(0), logs.get(1));
  }

  @Test
  void aSocketThatCannotBeBoundEndsTheStartWithItsReason() throws Exception {
    List<String> reasons = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      try (LiveDaemon d = LiveDaemon.create(kind);
          java.net.ServerSocket taken = new java.net.ServerSocket()) {
        taken.setReuseAddress(true);
        taken.bind(new InetSocketAddress("127.0.0.1", d.port));
        Files.writeString(d.dir.resolve("probe.py"), PROBE);
        d.writeConfig(CONFIG);
        IllegalStateException e = assertThrows(IllegalStateException.class, d::launch);
        assertEquals(1, d.awaitExit(LiveDaemon.PATIENCE), kind.name());
        String stderr = Masks.mask(e.getMessage(), d);
        String reason = "Could not create FastCGI socket tcp://127.0.0.1:PORT: [Errno 98] "
            + "Address already in use";
        assertTrue(stderr.contains(reason), kind + ": " + stderr);
        reasons.add(socketLines(d));
      }
    }
    assertEquals("INFO Creating socket unix://DIR/u.sock\n"
        + "INFO Closing socket unix://DIR/u.sock\n"
        + "INFO Creating socket tcp://127.0.0.1:PORT\n", reasons.get(0));
    assertTrue(reasons.get(1).startsWith(reasons.get(0)), reasons.get(1));
  }

  @Test
  void addingAGroupWhoseSocketCannotBeBoundFailsThatRequestOnly() throws Exception {
    String plain = LiveDaemon.CONFIG_HEADER + "\n[program:x]\ncommand=/bin/sleep 1000\n";
    for (LiveDaemon d : daemons.startBoth(plain)) {
      try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
        taken.setReuseAddress(true);
        taken.bind(new InetSocketAddress("127.0.0.1", d.port));
        d.writeConfig(plain + MISSING_COMMAND.substring(LiveDaemon.CONFIG_HEADER.length()));
        LiveDaemon.Output update = d.ctl("update");
        // supervisord answers HTTP 500 (a traceback in its log); jsupervisord a FAILED fault
        // with the reason. Both keep running without the group.
        assertEquals(1, update.exitCode(), d.kind + update.stdout());
        if (d.kind == Kind.JSUPERVISORD) {
          assertTrue(update.stdout().contains("<Fault 30: 'FAILED: Could not create FastCGI "
              + "socket tcp://127.0.0.1:" + d.port + ": [Errno 98] Address already in use'>"),
              update.stdout());
        }
        assertTrue(d.ctl("status").stdout().startsWith("x "), d.kind.name());
      }
    }
  }

  @Test
  void theJavaLangProcessSpawnerRefusesAnFcgiProgramWithASpawnError() throws Exception {
    jdkSpawn = true;
    LiveDaemon d = daemons.start(Kind.JSUPERVISORD, MISSING_COMMAND.replace(
        "@DIR@/no-such-program", "/usr/bin/python3 @DIR@/probe.py"));
    await().atMost(LiveDaemon.PATIENCE).until(() -> d.mainLog().contains("gave up: gone"));
    assertEquals(
        "INFO Creating socket tcp://127.0.0.1:PORT\n"
            + "INFO Closing socket tcp://127.0.0.1:PORT\n"
            + "INFO Creating socket tcp://127.0.0.1:PORT\n"
            + "INFO spawnerr: cannot pass the FastCGI socket to 'gone': children started with"
            + " java.lang.Process (jsupervisor.spawn=jdk, or posix_spawn unavailable) cannot be"
            + " given a file descriptor\n"
            + "INFO Closing socket tcp://127.0.0.1:PORT\n",
        socketLines(d));
  }

  @Test
  void unixSocketsBelongToSocketOwnerOrToTheProgramsUser() throws Exception {
    assumeTrue(JnaPosix.get().getuid() == 0, "needs root to hand sockets to other users");
    List<String> seen = new ArrayList<>();
    for (LiveDaemon d : daemons.startBoth(OWNED)) {
      await(d.kind.name()).atMost(LiveDaemon.PATIENCE)
          .until(() -> Masks.count(d.mainLog(), "success: ") == 3);
      StringBuilder out = new StringBuilder();
      for (String name : List.of("owned.sock", "asuser.sock")) {
        Path f = d.dir.resolve(name);
        out.append(name).append(' ')
            .append(Files.getAttribute(f, "unix:uid")).append(':')
            .append(Files.getAttribute(f, "unix:gid")).append(' ')
            .append(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).append('\n');
      }
      seen.add(out.toString());
    }
    int nobody = uidOf("nobody");
    assertTrue(seen.get(0).startsWith("owned.sock " + nobody + ":"), seen.get(0));
    assertTrue(seen.get(0).contains("asuser.sock " + nobody + ":"), seen.get(0));
    assertEquals(seen.get(0), seen.get(1));
  }

  @Test
  void updateWithANewSocketAndReloadMakeTheSocketsAsSupervisordDoes() throws Exception {
    List<String> logs = new ArrayList<>();
    for (LiveDaemon d : daemons.startBoth(OWNED.replace("user=nobody\n", ""))) {
      await(d.kind.name()).atMost(LiveDaemon.PATIENCE)
          .until(() -> Masks.count(d.mainLog(), "success: ") == 3);
      d.writeConfig(OWNED.replace("user=nobody\n", "")
          .replace("socket=tcp://127.0.0.1:@PORT@", "socket=unix://@DIR@/now-unix.sock")
          .replace("socket_mode=0604", "socket_mode=0600"));
      assertEquals("tcp: stopped\ntcp: updated process group\n", d.ctl("update").stdout());
      await(d.kind.name()).atMost(LiveDaemon.PATIENCE)
          .until(() -> Masks.count(d.mainLog(), "success: ") == 4);
      assertTrue(Files.exists(d.dir.resolve("now-unix.sock")));
      d.signal("HUP");
      await(d.kind.name()).atMost(LiveDaemon.PATIENCE)
          .until(() -> Masks.count(d.mainLog(), "success: ") == 7);
      // jsupervisord stops a priority tier at once, so a tier's exits (each with the close of its
      // socket) come in any order: compare each stop with its socket's close as one line.
      logs.add(Masks.sortStopRuns(socketLines(d)
          .replaceAll("(?m)^WARN stopped: (\\w+) .*\n(INFO Closing socket \\S+)$",
              "$2 after $1: stopped")));
    }
    assertTrue(logs.get(0).contains("INFO Closing socket tcp://127.0.0.1:PORT after tcp: stopped\n"
        + "INFO Creating socket unix://DIR/now-unix.sock\n"
        + "INFO Closing socket unix://DIR/now-unix.sock\n"
        + "INFO Creating socket unix://DIR/now-unix.sock\n"
        + "INFO spawned: 'tcp' with pid\n"), logs.get(0));
    assertEquals(logs.get(0), logs.get(1));
  }

  private static int uidOf(String user) throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
      String[] f = line.split(":");
      if (f[0].equals(user)) {
        return Integer.parseInt(f[2]);
      }
    }
    throw new AssertionError("no user " + user);
  }

  /** The main log's socket, spawn and stop lines, masked. */
  private static String socketLines(LiveDaemon d) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String line : Masks.mask(d.mainLog(), d).split("\n")) {
      if (line.contains(" socket ") || line.contains("spawnerr:")
          || line.contains("spawned:") || line.contains("stopped:")) {
        out.append(line.replaceAll("pid N", "pid")).append('\n');
      }
    }
    return out.toString();
  }

  private static List<String> outputs(LiveDaemon d) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String name : List.of("0.out", "1.out", "u.out")) {
      Path f = d.dir.resolve(name);
      if (Files.exists(f) && Files.readString(f).endsWith("\n")) {
        lines.add(Files.readString(f).strip());
      }
    }
    return lines;
  }

  /** Connects, reads the one answer line; IOException when nothing listens. */
  private static String answer(java.net.SocketAddress address) throws IOException {
    if (address instanceof InetSocketAddress inet) {
      try (Socket s = new Socket()) {
        s.connect(inet, 5000);
        s.setSoTimeout(10_000);
        return readLine(s.getInputStream());
      }
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(address);
      ByteBuffer buf = ByteBuffer.allocate(256);
      StringBuilder text = new StringBuilder();
      while (ch.read(buf) > 0) {
        text.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
        buf.clear();
      }
      return text.toString().strip();
    }
  }

  private static String readLine(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
  }
}
