package dev.jsupervisor.core.config;

/**
 * How one output channel (stdout or stderr) of a process is logged and turned into events.
 *
 * @param logfile path of the log file as written ({@code ~} expanded; a relative path stays
 *     relative to the daemon's working directory, as in supervisord), {@link #AUTO} for a file
 *     under {@code childlogdir} named when the process is created, or {@code null} for none
 *     ({@code NONE} / {@code off})
 * @param maxBytes rotate when the file reaches this size; 0 = never rotate
 * @param backups number of rotated files kept ({@code name.1} .. {@code name.N}); 0 = truncate
 * @param captureMaxBytes above 0, enables PROCESS_COMMUNICATION capture with this buffer size
 * @param eventsEnabled emit PROCESS_LOG_STDOUT / PROCESS_LOG_STDERR events for this channel
 * @param syslog also send the output to syslog
 */
public record LogConfig(
    String logfile,
    long maxBytes,
    int backups,
    long captureMaxBytes,
    boolean eventsEnabled,
    boolean syslog) {

  /** Marker value of {@link #logfile} for supervisord's {@code AUTO} log files. */
  public static final String AUTO = "AUTO";

  public boolean isAuto() {
    return AUTO.equals(logfile);
  }
}
