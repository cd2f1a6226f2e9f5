package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.config.ConfigDiff;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.ConfigOverrides;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.LogConfig;
import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.config.Signals;
import dev.jsupervisor.core.config.SupervisordConfig;
import dev.jsupervisor.core.rpc.LogFollower;
import dev.jsupervisor.core.rpc.LogTailSource;
import dev.jsupervisor.core.rpc.SupervisorApi;
import dev.jsupervisor.core.rpc.TailResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The {@code supervisor.*} XML-RPC methods on top of {@link Supervisor}: each call hops onto the
 * supervisor loop, checks the daemon's mood (SHUTDOWN_STATE while stopping, as supervisord), and
 * answers through a future, so a waiting start or stop holds no thread.
 */
public final class SupervisorRpc implements SupervisorApi, LogTailSource {
  /** What {@code getSupervisorVersion} reports: the supervisord release this daemon matches. */
  public static final String SUPERVISOR_VERSION = "4.2.5";

  private final Supervisor supervisor;
  private final EventLoop loop;
  private final ConfigLoader loader;
  private final ConfigOverrides overrides;
  private final Runnable onShutdown;
  private final Runnable onRestart;
  private final Supplier<Path> mainLogPath;
  private final Runnable clearMainLog;
  private final LogWatch watch;
  private final long pid;

  /**
   * @param onShutdown starts a shutdown (on the loop)
   * @param onRestart starts a reload (on the loop)
   * @param mainLogPath the main log file, or null when there is none
   */
  SupervisorRpc(
      Supervisor supervisor,
      ConfigLoader loader,
      ConfigOverrides overrides,
      Runnable onShutdown,
      Runnable onRestart,
      Supplier<Path> mainLogPath,
      Runnable clearMainLog,
      LogWatch watch,
      long pid) {
    this.supervisor = supervisor;
    this.loop = supervisor.loop();
    this.loader = loader;
    this.overrides = overrides;
    this.onShutdown = onShutdown;
    this.onRestart = onRestart;
    this.mainLogPath = mainLogPath;
    this.clearMainLog = clearMainLog;
    this.watch = watch;
    this.pid = pid;
  }

  /** Runs {@code body} on the loop once the daemon is known to be RUNNING. */
  private <T> CompletableFuture<T> running(Supplier<T> body) {
    return loop.call(
        () -> {
          supervisor.requireRunning();
          return body.get();
        });
  }

  private <T> CompletableFuture<T> runningAsync(Supplier<CompletableFuture<T>> body) {
    return loop.callAsync(
        () -> {
          supervisor.requireRunning();
          return body.get();
        });
  }

  @Override
  public String getAPIVersion() {
    return "3.0";
  }

  @Override
  public String getSupervisorVersion() {
    return SUPERVISOR_VERSION;
  }

  @Override
  public String getIdentification() {
    return loop.call(() -> supervisor.config().identifier()).join();
  }

  @Override
  public int getPID() {
    return (int) pid;
  }

  @Override
  public CompletableFuture<SupervisorState> getState() {
    return running(supervisor::mood);
  }

  @Override
  public CompletableFuture<String> readLog(int offset, int length) {
    return running(
        () -> {
          Path log = mainLogPath.get();
          if (log == null || !Files.exists(log)) {
            throw new RpcFault(Fault.NO_FILE);
          }
          return LogFiles.Utf8.decodeOrFail(LogFiles.read(log, offset, length));
        });
  }

  @Override
  public CompletableFuture<Boolean> clearLog() {
    return running(
        () -> {
          if (mainLogPath.get() == null) {
            throw new RpcFault(Fault.NO_FILE);
          }
          clearMainLog.run();
          return true;
        });
  }

  @Override
  public CompletableFuture<Boolean> shutdown() {
    return running(
        () -> {
          loop.execute(onShutdown);
          return true;
        });
  }

  @Override
  public CompletableFuture<Boolean> restart() {
    return running(
        () -> {
          loop.execute(onRestart);
          return true;
        });
  }

  @Override
  public CompletableFuture<ProcessInfo> getProcessInfo(String name) {
    return running(() -> supervisor.processInfo(name));
  }

  @Override
  public CompletableFuture<List<ProcessInfo>> getAllProcessInfo() {
    return running(supervisor::allProcessInfo);
  }

  @Override
  public CompletableFuture<List<Map<String, Object>>> getAllConfigInfo() {
    return running(this::configInfo);
  }

  @Override
  public CompletableFuture<Object> startProcess(String name, boolean wait) {
    return runningAsync(
        () ->
            Supervisor.isWholeGroup(name)
                ? supervisor
                    .startProcessGroup(Namespec.parse(name).group(), wait)
                    .thenApply(r -> (Object) r)
                : supervisor.startProcess(name, wait).thenApply(r -> (Object) r));
  }

  @Override
  public CompletableFuture<List<ProcessResult>> startProcessGroup(String name, boolean wait) {
    return runningAsync(() -> supervisor.startProcessGroup(name, wait));
  }

  @Override
  public CompletableFuture<List<ProcessResult>> startAllProcesses(boolean wait) {
    return runningAsync(() -> supervisor.startAllProcesses(wait));
  }

  @Override
  public CompletableFuture<Object> stopProcess(String name, boolean wait) {
    return runningAsync(
        () ->
            Supervisor.isWholeGroup(name)
                ? supervisor
                    .stopProcessGroup(Namespec.parse(name).group(), wait)
                    .thenApply(r -> (Object) r)
                : supervisor.stopProcess(name, wait).thenApply(r -> (Object) r));
  }

  @Override
  public CompletableFuture<List<ProcessResult>> stopProcessGroup(String name, boolean wait) {
    return runningAsync(() -> supervisor.stopProcessGroup(name, wait));
  }

  @Override
  public CompletableFuture<List<ProcessResult>> stopAllProcesses(boolean wait) {
    return runningAsync(() -> supervisor.stopAllProcesses(wait));
  }

  @Override
  public CompletableFuture<Object> signalProcess(String name, String signal) {
    return running(
        () -> {
          if (Supervisor.isWholeGroup(name)) {
            return signalGroup(Namespec.parse(name).group(), signal);
          }
          supervisor.process(name);
          supervisor.signalProcess(name, signalNumber(signal));
          return Boolean.TRUE;
        });
  }

  @Override
  public CompletableFuture<List<ProcessResult>> signalProcessGroup(String name, String signal) {
    return running(() -> signalGroup(name, signal));
  }

  @Override
  public CompletableFuture<List<ProcessResult>> signalAllProcesses(String signal) {
    return running(
        () -> {
          Integer sig = signalOrNull(signal);
          return sig == null
              ? badSignalResults(supervisor.allProcessInfo(), signal)
              : supervisor.signalAllProcesses(sig);
        });
  }

  private List<ProcessResult> signalGroup(String group, String signal) {
    supervisor.group(group);
    Integer sig = signalOrNull(signal);
    if (sig == null) {
      List<ProcessInfo> members = new ArrayList<>();
      for (ProcessInfo i : supervisor.allProcessInfo()) {
        if (i.group().equals(group)) {
          members.add(i);
        }
      }
      return badSignalResults(members, signal);
    }
    return supervisor.signalProcessGroup(group, sig);
  }

  private static List<ProcessResult> badSignalResults(List<ProcessInfo> infos, String signal) {
    List<ProcessResult> out = new ArrayList<>();
    for (ProcessInfo i : infos) {
      if (i.state().isSignallable()) {
        out.add(ProcessResult.of(i.group(), i.name(), new RpcFault(Fault.BAD_SIGNAL, signal)));
      }
    }
    return out;
  }

  private static int signalNumber(String signal) {
    Integer n = signalOrNull(signal);
    if (n == null) {
      throw new RpcFault(Fault.BAD_SIGNAL, signal);
    }
    return n;
  }

  private static Integer signalOrNull(String signal) {
    try {
      return Signals.parse(signal);
    } catch (ConfigException e) {
      return null;
    }
  }

  @Override
  public CompletableFuture<Boolean> sendProcessStdin(String name, String chars) {
    return running(
        () -> {
          supervisor.sendProcessStdin(name, chars);
          return true;
        });
  }

  @Override
  public CompletableFuture<Boolean> sendRemoteCommEvent(String type, String data) {
    return loop.call(
        () -> {
          supervisor.sendRemoteCommEvent(type, data);
          return true;
        });
  }

  @Override
  public CompletableFuture<ConfigDiff> reloadConfig() {
    return running(
        () -> {
          SupervisordConfig next;
          try {
            next = loader.reread(supervisor.config().configFile(), overrides).config();
          } catch (ConfigException e) {
            throw new RpcFault(Fault.CANT_REREAD, e.getMessage());
          }
          ConfigDiff diff = ConfigDiff.between(supervisor.activeGroupConfigs(), next);
          supervisor.storeConfig(next);
          return diff;
        });
  }

  @Override
  public CompletableFuture<Boolean> addProcessGroup(String name) {
    return running(
        () -> {
          supervisor.addProcessGroup(name);
          return true;
        });
  }

  @Override
  public CompletableFuture<Boolean> removeProcessGroup(String name) {
    return running(
        () -> {
          supervisor.removeProcessGroup(name);
          return true;
        });
  }

  @Override
  public CompletableFuture<String> readProcessStdoutLog(String name, int offset, int length) {
    return running(() -> readProcessLog(name, false, offset, length));
  }

  @Override
  public CompletableFuture<String> readProcessStderrLog(String name, int offset, int length) {
    return running(() -> readProcessLog(name, true, offset, length));
  }

  private String readProcessLog(String name, boolean stderr, int offset, int length) {
    Path path = supervisor.logPath(name, stderr);
    if (!Files.exists(path)) {
      throw new RpcFault(Fault.NO_FILE, path.toString());
    }
    return LogFiles.Utf8.decodeOrFail(LogFiles.read(path, offset, length));
  }

  @Override
  public CompletableFuture<TailResult> tailProcessStdoutLog(String name, int offset, int length) {
    return running(() -> tail(name, false, offset, length));
  }

  @Override
  public CompletableFuture<TailResult> tailProcessStderrLog(String name, int offset, int length) {
    return running(() -> tail(name, true, offset, length));
  }

  private TailResult tail(String name, boolean stderr, int offset, int length) {
    supervisor.process(name);
    Path path;
    try {
      path = supervisor.logPath(name, stderr);
    } catch (RpcFault noFile) {
      return new TailResult("", 0, false);
    }
    return LogFiles.tail(path, offset, length);
  }

  @Override
  public CompletableFuture<Boolean> clearProcessLogs(String name) {
    return running(
        () -> {
          supervisor.clearProcessLogs(name);
          return true;
        });
  }

  @Override
  public CompletableFuture<List<ProcessResult>> clearAllProcessLogs() {
    return running(supervisor::clearAllProcessLogs);
  }

  // LogTailSource -------------------------------------------------------------------------------

  @Override
  public LogFollower followProcessLog(String namespec, Channel channel, int backlogBytes) {
    Path path;
    try {
      path = loop.call(() -> supervisor.logPath(namespec, channel == Channel.STDERR)).join();
    } catch (CompletionException e) {
      // The route answers an RpcFault (bad name, no file) with 404; anything else is a bug.
      if (e.getCause() instanceof RpcFault fault) {
        throw fault;
      }
      throw e;
    }
    return watch.follow(path, backlogBytes);
  }

  @Override
  public LogFollower followMainLog(int backlogBytes) {
    Path path = mainLogPath.get();
    if (path == null) {
      throw new RpcFault(Fault.NO_FILE);
    }
    return watch.follow(path, backlogBytes);
  }

  // getAllConfigInfo ----------------------------------------------------------------------------

  private List<Map<String, Object>> configInfo() {
    SupervisordConfig config = supervisor.config();
    List<Map<String, Object>> out = new ArrayList<>();
    for (GroupConfig g : config.allGroups()) {
      for (ProcessConfig p : g.processes()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autostart", p.autostart());
        m.put("directory", noneIfNull(p.directory()));
        m.put("uid", p.uid() == null ? "none" : (Object) p.uid());
        m.put("command", p.command());
        m.put("exitcodes", new ArrayList<>(p.exitCodes()));
        m.put("group", g.name());
        m.put("group_prio", g.priority());
        m.put("inuse", supervisor.isActive(g.name()));
        m.put("killasgroup", p.killAsGroup());
        m.put("name", p.name());
        m.put("process_prio", p.priority());
        m.put("redirect_stderr", p.redirectStderr());
        m.put("startretries", p.startRetries());
        m.put("startsecs", p.startSecs());
        channelInfo(m, "stdout", p.stdout(), supervisor.autoLogPath(g, p.name(), false));
        m.put("stopsignal", p.stopSignal());
        m.put("stopwaitsecs", p.stopWaitSecs());
        channelInfo(m, "stderr", p.stderr(), supervisor.autoLogPath(g, p.name(), true));
        // supervisord holds AUTO and an unset serverurl alike as None, sent as 'none'.
        m.put("serverurl", p.serverUrl() == null ? "none" : p.serverUrl());
        out.add(m);
      }
    }
    out.sort(Comparator.comparing(m -> (String) m.get("name")));
    return out;
  }

  /**
   * @param autoPath the file an AUTO log was given when this very config started its process
   *     (supervisord writes it into the config then), or null
   */
  private static void channelInfo(Map<String, Object> m, String ch, LogConfig c, String autoPath) {
    m.put(ch + "_capture_maxbytes", (int) Math.min(Integer.MAX_VALUE, c.captureMaxBytes()));
    m.put(ch + "_events_enabled", c.eventsEnabled());
    String logfile;
    if (c.logfile() == null) {
      logfile = "none";
    } else if (c.isAuto()) {
      logfile = autoPath == null ? "auto" : autoPath;
    } else {
      logfile = c.logfile();
    }
    m.put(ch + "_logfile", logfile);
    m.put(ch + "_logfile_backups", c.backups());
    m.put(ch + "_logfile_maxbytes", (int) Math.min(Integer.MAX_VALUE, c.maxBytes()));
    m.put(ch + "_syslog", c.syslog());
  }

  private static Object noneIfNull(Object o) {
    return o == null ? "none" : o;
  }
}
