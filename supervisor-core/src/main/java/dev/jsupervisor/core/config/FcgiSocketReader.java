package dev.jsupervisor.core.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code socket*} keys of an {@code [fcgi-program:x]} section in supervisord's order,
 * with its error texts (which name no file: supervisord raises them outside its per-section
 * wrapper).
 */
final class FcgiSocketReader {
  private static final Pattern TCP = Pattern.compile("tcp://([^\\s:]+):(\\d+)");
  private static final int MAX_BACKLOG = 65535;

  private final LoadRun run;

  FcgiSocketReader(LoadRun run) {
    this.run = run;
  }

  FcgiSocketConfig read(String section, String programName) throws ConfigException {
    Map<String, Object> hereOnly = Map.of("here", run.here);
    String user = run.saneget(section, "user", null, hereOnly);
    if (user != null) {
      run.loader.users.uidOf(user);
    }
    String backlogText = run.saneget(section, "socket_backlog", null, hereOnly);
    Integer backlog = null;
    if (backlogText != null) {
      backlog = Datatypes.integer(backlogText);
      if (backlog < 1 || backlog > MAX_BACKLOG) {
        throw new ConfigException("Invalid socket_backlog value " + backlog);
      }
    }
    String ownerText = run.saneget(section, "socket_owner", null, hereOnly);
    int[] owner = null;
    if (ownerText != null) {
      try {
        owner = run.loader.users.userAndGroup(ownerText);
      } catch (ConfigException e) {
        throw new ConfigException("Invalid socket_owner value " + ownerText);
      }
    }
    String modeText = run.saneget(section, "socket_mode", null, hereOnly);
    Integer mode = null;
    if (modeText != null) {
      try {
        mode = Datatypes.octal(modeText);
      } catch (ConfigException e) {
        throw new ConfigException("Invalid socket_mode value " + modeText);
      }
    }
    String socket = run.saneget(section, "socket", null,
        Map.of("here", run.here, "program_name", programName));
    if (socket == null || socket.isEmpty()) {
      throw new ConfigException("[" + section + "] section requires a \"socket\" line");
    }
    try {
      return parse(socket, backlog, owner, mode);
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage() + " in [" + section + "] socket");
    }
  }

  private FcgiSocketConfig parse(String socket, Integer backlog, int[] owner, Integer mode)
      throws ConfigException {
    if (socket.startsWith("unix://")) {
      String path = socket.substring(7);
      if (!path.startsWith("/")) {
        // supervisord passes the format and the path as two arguments: Python prints the tuple.
        throw new ConfigException("('Unix socket path %s is not an absolute path', "
            + PyText.repr(path) + ")");
      }
      String normalized = Datatypes.absolute(
          Datatypes.expandUser(path, run.home, run.loader.users), run.loader.cwd);
      return FcgiSocketConfig.unix(normalized, backlog, owner == null ? null : owner[0],
          owner == null ? -1 : owner[1], mode);
    }
    if (owner != null || mode != null) {
      throw new ConfigException("socket_owner and socket_mode params should only be used with"
          + " a Unix domain socket");
    }
    Matcher m = TCP.matcher(socket);
    if (m.matches()) {
      return FcgiSocketConfig.tcp(m.group(1), Datatypes.portNumber(m.group(2)), backlog);
    }
    throw new ConfigException("('Bad socket format %s', " + PyText.repr(socket) + ")");
  }
}
