package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.api.RpcFault;

/**
 * Opens followers of log files for the streaming HTTP routes {@code /logtail/<namespec>[/channel]}
 * and {@code /mainlogtail} that {@code supervisorctl tail -f} and {@code maintail -f} read.
 */
public interface LogTailSource {

  /** A process log channel. */
  enum Channel {
    STDOUT,
    STDERR
  }

  /**
   * Follows a process channel's log, starting {@code backlogBytes} before its current end.
   *
   * @param namespec the name as it appeared in the URL ({@code name} or {@code group:name})
   * @throws RpcFault BAD_NAME for an unknown process, NO_FILE when the channel has no log file;
   *     both are answered with 404
   */
  LogFollower followProcessLog(String namespec, Channel channel, int backlogBytes);

  /**
   * Follows the daemon's main log, starting {@code backlogBytes} before its current end.
   *
   * @throws RpcFault NO_FILE when there is no main log file (answered with 404)
   */
  LogFollower followMainLog(int backlogBytes);
}
