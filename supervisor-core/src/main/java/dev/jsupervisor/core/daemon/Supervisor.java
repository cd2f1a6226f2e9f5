package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.ProcessState;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.LogConfig;
import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.config.SupervisordConfig;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventBus;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.ListenerPool;
import dev.jsupervisor.core.events.TickSchedule;
import dev.jsupervisor.core.process.AutoLogNames;
import dev.jsupervisor.core.process.ChannelRecorder;
import dev.jsupervisor.core.process.ExitStatus;
import dev.jsupervisor.core.process.OutputPump;
import dev.jsupervisor.core.process.Posix;
import dev.jsupervisor.core.process.RotatingLogFile;
import dev.jsupervisor.core.process.SpawnCheckException;
import dev.jsupervisor.core.process.SpawnedChild;
import dev.jsupervisor.core.process.Spawner;
import dev.jsupervisor.core.process.Subprocess;
import dev.jsupervisor.core.util.LogLevel;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The daemon's state: every process group, listener pool and process, the event bus and the
 * daemon's mood. Every method runs on the {@link EventLoop}'s thread (callers on other threads
 * go through {@link EventLoop#call}); that thread is the only one that changes process state.
 *
 * <p>Bulk work is concurrent: a group or "all" start spawns every process at once and its
 * future completes the moment the last one is RUNNING; shutdown and reload signal every process
 * of a priority tier at once, highest priority number first, and move to the next tier the
 * moment the last process of the current one has exited. Nothing polls: state changes complete
 * waiters directly, and timers fire when a process's own deadline comes.
 */
public final class Supervisor {
  /** How long an exited child's pipes may take to drain before its exit is reported anyway. */
  private static final long DRAIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private static final long STOP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** Output bytes one pipe may have waiting for the loop before its pump stops reading. */
  private static final int PUMP_BYTES_IN_FLIGHT = 1024 * 1024;

  /** Why the supervisor stopped running its processes. */
  public enum StopReason {
    SHUTDOWN,
    RELOAD
  }

  private final EventLoop loop;
  /**
   * Starts each {@code java.lang.Process} child's pipe reader threads and exit watch, in spawn
   * order, off the loop: starting a thread waits until the new thread has been scheduled, which
   * on a busy machine costs milliseconds per thread, and the loop would pay them right when a
   * start's caller waits for its answer. The watches themselves only post to the loop. Null
   * with posix_spawn children: the shared poll thread watches them, and the loop hands them to
   * it at once.
   */
  private final ThreadPoolExecutor watchStarter;
  private final Posix posix;
  private final MainLog log;
  private final ZoneId zone;
  private final Map<String, String> daemonEnvironment;
  private final String serverUrl;
  private final EventBus bus = new EventBus();
  private final SecureRandom random = new SecureRandom();
  private final FcgiSockets fcgiSockets;
  private LogWatch watch = new LogWatch();
  private Syslog syslog;

  private SupervisordConfig config;
  private Spawner spawner;
  /** Active groups by name. */
  private final Map<String, ManagedGroup> groups = new LinkedHashMap<>();

  private SupervisorState mood = SupervisorState.RUNNING;
  /** Processes a stop failed on during shutdown: the stop goes on without them. */
  private final java.util.Set<ManagedProcess> abandoned = new java.util.HashSet<>();
  private CompletableFuture<StopReason> stopped = new CompletableFuture<>();
  private TickSchedule ticks;
  private EventLoop.Timer tickTimer;

  /**
   * @param daemonEnvironment the daemon's own environment (the children's base)
   * @param serverUrl this daemon's URL for children's {@code SUPERVISOR_SERVER_URL}, or null
   */
  public Supervisor(
      EventLoop loop,
      Posix posix,
      MainLog log,
      ZoneId zone,
      SupervisordConfig config,
      Map<String, String> daemonEnvironment,
      String serverUrl,
      FcgiSockets fcgiSockets) {
    this.loop = loop;
    this.fcgiSockets = fcgiSockets;
    this.posix = posix;
    this.log = log;
    this.zone = zone;
    this.daemonEnvironment = Map.copyOf(daemonEnvironment);
    this.serverUrl = serverUrl;
    useConfig(config);
    watchStarter = spawner.mechanism() == Spawner.Mechanism.JDK ? newWatchStarter() : null;
  }

  private void useConfig(SupervisordConfig newConfig) {
    this.config = newConfig;
    this.spawner = new Spawner(posix, daemonEnvironment, newConfig.environment(), serverUrl);
  }

  /** Where log writes are announced to {@code tail -f} followers. */
  void setLogWatch(LogWatch watch) {
    this.watch = watch;
  }

  /** Where {@code stdout_syslog} / {@code stderr_syslog} output goes. */
  void setSyslog(Syslog syslog) {
    this.syslog = syslog;
  }

  public SupervisordConfig config() {
    return config;
  }

  public SupervisorState mood() {
    return mood;
  }

  public EventLoop loop() {
    return loop;
  }

  public MainLog log() {
    return log;
  }

  /** Completes when a shutdown or reload has stopped every process. */
  public CompletableFuture<StopReason> stopped() {
    return stopped;
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Activates every configured group (pools first, by priority), announces RUNNING, and lets
   * autostart processes spawn. Call on the loop.
   */
  public void start() {
    mood = SupervisorState.RUNNING;
    abandoned.clear();
    stopped = new CompletableFuture<>();
    for (GroupConfig g : config.groups()) {
      addGroup(g);
    }
    publish(Event.supervisorStateChange(SupervisorState.RUNNING));
    for (ManagedGroup g : sortedGroups()) {
      for (ManagedProcess p : g.processes) {
        reschedule(p);
      }
    }
    ticks = new TickSchedule();
    ticks.due(loop.clock().currentTimeMillis());
    armTickTimer();
  }

  /** TERM/INT or {@code supervisor.shutdown}: stop everything, then exit. */
  public void shutdown() {
    beginStop(SupervisorState.SHUTDOWN);
  }

  /** HUP or {@code supervisor.restart}: stop everything, then re-read the config and start. */
  public void reload() {
    if (mood != SupervisorState.RUNNING) {
      log.warn("ignored SIGHUP: already shutting down");
      return;
    }
    beginStop(SupervisorState.RESTARTING);
  }

  /**
   * After a reload stopped everything: drops the old groups and starts afresh on {@code next}.
   * The global event serial goes on; pools are new (their serials restart at 0).
   */
  public void restartWith(SupervisordConfig next) {
    for (ManagedGroup g : new ArrayList<>(groups.values())) {
      discardGroup(g);
    }
    useConfig(next);
    start();
  }

  /** SIGUSR2: reopen every child log file (for external log rotation). */
  public void reopenLogs() {
    for (ManagedGroup g : groups.values()) {
      for (ManagedProcess p : g.processes) {
        if (p.stdoutLog != null) {
          p.stdoutLog.reopen();
        }
        if (p.stderrLog != null) {
          p.stderrLog.reopen();
        }
      }
    }
  }

  private void beginStop(SupervisorState newMood) {
    if (mood != SupervisorState.RUNNING) {
      return;
    }
    mood = newMood;
    if (tickTimer != null) {
      tickTimer.cancel();
      tickTimer = null;
    }
    publish(Event.supervisorStateChange(SupervisorState.SHUTDOWN));
    for (ManagedGroup g : groups.values()) {
      for (ManagedProcess p : g.processes) {
        p.subprocess.setDaemonStopping(true);
        reschedule(p);
      }
    }
    stopNextTier();
  }

  /**
   * Signals every unstopped process whose group has the highest remaining priority, and comes
   * back here the moment the last of them has stopped.
   */
  private void stopNextTier() {
    Integer tierPriority = null;
    for (ManagedGroup g : groups.values()) {
      if (hasUnstopped(g) && (tierPriority == null || g.priority() > tierPriority)) {
        tierPriority = g.priority();
      }
    }
    if (tierPriority == null) {
      stopped.complete(
          mood == SupervisorState.RESTARTING ? StopReason.RELOAD : StopReason.SHUTDOWN);
      return;
    }
    List<ManagedProcess> tier = new ArrayList<>();
    for (ManagedGroup g : sortedGroups()) {
      if (g.priority() == tierPriority) {
        for (ManagedProcess p : g.processes) {
          if (!p.state().isStopped() && !abandoned.contains(p)) {
            tier.add(p);
          }
        }
      }
    }
    for (ManagedProcess p : tier) {
      try {
        if (p.state() == ProcessState.BACKOFF) {
          p.subprocess.giveUp();
        } else if (p.state() != ProcessState.STOPPING) {
          p.subprocess.stop();
        }
        reschedule(p);
      } catch (RuntimeException | LinkageError e) {
        // One process that cannot be stopped must not hold the whole shutdown forever.
        log.critical("could not stop " + p.name() + " during shutdown: " + e);
        abandoned.add(p);
      }
    }
    List<ManagedProcess> waiting = new ArrayList<>();
    for (ManagedProcess p : tier) {
      if (!p.state().isStopped() && !abandoned.contains(p)) {
        waiting.add(p);
      }
    }
    if (waiting.isEmpty()) {
      loop.execute(this::stopNextTier);
      return;
    }
    log.info("waiting for " + names(waiting) + " to die");
    int[] left = {waiting.size()};
    for (ManagedProcess p : waiting) {
      p.await(
          ProcessState::isStopped,
          () -> {
            if (--left[0] == 0) {
              stopNextTier();
            }
          });
    }
  }

  private boolean hasUnstopped(ManagedGroup g) {
    for (ManagedProcess p : g.processes) {
      if (!p.state().isStopped() && !abandoned.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private static String names(List<ManagedProcess> ps) {
    List<String> n = new ArrayList<>();
    for (ManagedProcess p : ps) {
      n.add(p.name());
    }
    return String.join(", ", n);
  }

  // ---------------------------------------------------------------------------------------------
  // Groups

  /**
   * Groups sorted by priority, ties in activation order (the config's order, then groups added
   * later at the end): the order supervisord acts in.
   */
  List<ManagedGroup> sortedGroups() {
    List<ManagedGroup> list = new ArrayList<>(groups.values());
    list.sort(Comparator.comparingInt(ManagedGroup::priority));
    return list;
  }

  public boolean isActive(String groupName) {
    return groups.containsKey(groupName);
  }

  /**
   * Activates a group: creates its processes and log files, subscribes its pool, emits
   * PROCESS_GROUP_ADDED. Autostart processes spawn once {@link #reschedule} runs for them.
   */
  private ManagedGroup addGroup(GroupConfig gc) {
    ManagedGroup g = new ManagedGroup(gc);
    for (ProcessConfig pc : gc.processes()) {
      ManagedProcess p = new ManagedProcess(g, pc);
      p.subprocess = new Subprocess(pc, gc.name(), loop.clock(),
          new ProcessEffects(p, () -> spawner, fcgiSockets, this::attachChild, posix, log,
              this::publish, loop));
      openLogs(p);
      g.processes.add(p);
    }
    if (gc.isEventListenerPool()) {
      List<EventType> types = new ArrayList<>();
      for (String name : gc.events()) {
        types.add(
            EventType.byName(name)
                .orElseThrow(() -> new IllegalStateException("unknown event type " + name)));
      }
      List<String> listenerNames = new ArrayList<>();
      for (ManagedProcess p : g.processes) {
        listenerNames.add(p.name());
      }
      g.pool =
          new ListenerPool(
              gc.name(),
              gc.priority(),
              gc.bufferSize(),
              types,
              listenerNames,
              config.identifier(),
              new PoolOutput(g, log));
      bus.subscribe(g.pool);
    }
    groups.put(gc.name(), g);
    publish(Event.groupAdded(gc.name()));
    return g;
  }

  /** Forgets a stopped group: unsubscribes its pool and closes its logs (no event). */
  private void discardGroup(ManagedGroup g) {
    groups.remove(g.name());
    if (g.pool != null) {
      bus.unsubscribe(g.pool);
    }
    for (ManagedProcess p : g.processes) {
      if (p.transitionTimer != null) {
        p.transitionTimer.cancel();
      }
      closeLogs(p);
    }
  }

  private void openLogs(ManagedProcess p) {
    ProcessConfig pc = p.config;
    p.stdoutLog = openLog(pc, pc.stdout(), "stdout");
    p.stdoutLogPath = p.stdoutLog == null ? "" : p.stdoutLog.path().toString();
    if (pc.redirectStderr()) {
      p.stderrLog = null;
      p.stderrLogPath = "";
    } else {
      p.stderrLog = openLog(pc, pc.stderr(), "stderr");
      p.stderrLogPath = p.stderrLog == null ? "" : p.stderrLog.path().toString();
    }
  }

  private RotatingLogFile openLog(ProcessConfig pc, LogConfig lc, String channel) {
    if (lc.logfile() == null) {
      return null;
    }
    Path path;
    if (lc.isAuto()) {
      try {
        path =
            AutoLogNames.create(
                Path.of(config.childlogdir()), pc.name(), channel, config.identifier(), random);
      } catch (IOException e) {
        log.error("cannot create AUTO " + channel + " log for " + pc.name() + ": " + e.getMessage());
        return null;
      }
    } else {
      path = Path.of(lc.logfile());
    }
    return new RotatingLogFile(
        path,
        lc.maxBytes(),
        lc.backups(),
        e -> log.error("error writing " + channel + " log of " + pc.name() + ": " + e.getMessage()));
  }

  private static void closeLogs(ManagedProcess p) {
    if (p.stdoutLog != null) {
      p.stdoutLog.close();
    }
    if (p.stderrLog != null) {
      p.stderrLog.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Process driving

  /** Arms the process's timer for its next deadline (or disarms it when it has none). */
  private void reschedule(ManagedProcess p) {
    if (p.transitionTimer != null) {
      p.transitionTimer.cancel();
      p.transitionTimer = null;
    }
    OptionalLong deadline = p.subprocess.nextDeadline();
    if (deadline.isPresent()) {
      p.transitionTimer =
          loop.schedule(
              deadline.getAsLong(),
              () -> {
                p.transitionTimer = null;
                p.subprocess.transition();
                reschedule(p);
              });
    }
  }

  private void attachChild(ManagedProcess p, SpawnedChild child) {
    StdinWriter stdin =
        new StdinWriter(
            p.name(),
            child.stdin(),
            e -> log.debug("error writing to stdin of " + p.name() + ": " + e.getMessage()));
    int pid = child.pid();
    ChannelRecorder out =
        p.isListener()
            ? null
            : new ChannelRecorder(
                p.config.stdout(), config.stripAnsi(), new Recording(p, pid, Event.Channel.STDOUT));
    ChannelRecorder err =
        new ChannelRecorder(
            p.config.stderr(), config.stripAnsi(), new Recording(p, pid, Event.Channel.STDERR));
    ChildIo io = new ChildIo(child, stdin, out, err);
    p.io = io;
    // Nothing is missed until the watch starts: the pipes buffer, and the exit future completes
    // even for a child already gone.
    if (watchStarter == null) {
      watchChild(p, io, child); // a queue entry and an eventfd write for the poll thread
    } else {
      watchStarter.execute(() -> watchChild(p, io, child));
    }
  }

  private static ThreadPoolExecutor newWatchStarter() {
    ThreadPoolExecutor starter =
        new ThreadPoolExecutor(
            1,
            1,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(task, "child-watch-starter");
              t.setDaemon(true);
              return t;
            });
    starter.allowCoreThreadTimeOut(true); // an idle daemon (or a test's) keeps no thread for it
    starter.prestartCoreThread();
    return starter;
  }

  private void watchChild(ManagedProcess p, ChildIo io, SpawnedChild child) {
    pump(p, io, child.stdout(), Event.Channel.STDOUT);
    if (child.stderrSeparate()) {
      pump(p, io, child.stderr(), Event.Channel.STDERR);
    }
    child.exit().thenAccept(status -> loop.execute(() -> childExited(p, io, status)));
  }

  private void pump(ManagedProcess p, ChildIo io, java.io.InputStream in, Event.Channel channel) {
    // Backpressure: a pipe may have at most this much posted and not yet handled by the loop;
    // past it the pump stops reading, the pipe fills, and the child blocks (as under supervisord).
    OutputPump.start(
        p.name() + "-" + channel.wireName(),
        in,
        PUMP_BYTES_IN_FLIGHT,
        new OutputPump.Listener() {
          @Override
          public void onChunk(byte[] chunk, Runnable release) {
            loop.execute(
                () -> {
                  try {
                    output(p, io, channel, chunk);
                  } finally {
                    release.run();
                  }
                });
          }

          @Override
          public void onEof() {
            loop.execute(() -> pipeClosed(p, io));
          }
        });
  }

  private void output(ManagedProcess p, ChildIo io, Event.Channel channel, byte[] chunk) {
    if (channel == Event.Channel.STDOUT && p.isListener()) {
      if (p.stdoutLog != null) {
        p.stdoutLog.write(chunk);
        watch.touched(p.stdoutLog.path());
      }
      if (p.io == io && !io.exitReported) {
        p.group.pool.listenerOutput(p.name(), chunk, 0, chunk.length);
      }
      return;
    }
    (channel == Event.Channel.STDOUT ? io.stdoutRecorder : io.stderrRecorder).accept(chunk);
  }

  private void pipeClosed(ManagedProcess p, ChildIo io) {
    io.openPipes--;
    if (io.openPipes == 0 && io.exit != null) {
      reportExit(p, io);
    }
  }

  private void childExited(ManagedProcess p, ChildIo io, ExitStatus status) {
    io.exit = status;
    if (io.openPipes == 0) {
      reportExit(p, io);
    } else {
      // Output the child wrote just before exiting may still be in the pipe: a listener's last
      // RESULT must be parsed before its death is reported, or the event is sent twice.
      io.drainTimer = loop.scheduleAfter(DRAIN_GRACE_NANOS, () -> reportExit(p, io));
    }
  }

  private void reportExit(ManagedProcess p, ChildIo io) {
    if (io.exitReported) {
      return;
    }
    io.exitReported = true;
    if (io.drainTimer != null) {
      io.drainTimer.cancel();
    }
    io.stdin.close();
    if (p.io == io) {
      p.io = null;
    }
    if (p.state() == ProcessState.STARTING) {
      // supervisord runs state transitions before it reaps: a child that outlived startsecs is
      // reported RUNNING ("success") before its exit even when both are noticed at once.
      p.subprocess.transition();
    }
    p.subprocess.onExit(io.pid(), io.exit);
    fcgiSockets.release(p.group.config, p);
    reschedule(p);
  }

  /** Where a non-listener channel's recorded output goes. */
  private final class Recording implements ChannelRecorder.Sink {
    private final ManagedProcess p;
    private final int pid;
    private final Event.Channel channel;

    Recording(ManagedProcess p, int pid, Event.Channel channel) {
      this.p = p;
      this.pid = pid;
      this.channel = channel;
    }

    @Override
    public void logWrite(byte[] data) {
      RotatingLogFile f =
          channel == Event.Channel.STDOUT || p.config.redirectStderr() ? p.stdoutLog : p.stderrLog;
      if (f != null) {
        f.write(data);
        watch.touched(f.path());
      }
      LogConfig lc = channel == Event.Channel.STDOUT ? p.config.stdout() : p.config.stderr();
      if (lc.syslog() && syslog != null) {
        syslog.childOutput(p.name(), data);
      }
    }

    @Override
    public void logEvent(byte[] data) {
      publish(
          Event.processLog(
              channel, p.name(), p.group.name(), pid, ChannelRecorder.decodeOrRepr(data)));
    }

    @Override
    public void communicationEvent(byte[] data) {
      publish(
          Event.processCommunication(
              channel, p.name(), p.group.name(), pid, ChannelRecorder.decodeOrRepr(data)));
    }

    @Override
    public void recorded(byte[] data) {
      if (log.isEnabled(LogLevel.DEBUG)) {
        log.debug(ChannelRecorder.mainLogLine(p.name(), channel.wireName(), data));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  /** The bus every event goes through; in-process surfaces observe it (never from a pool). */
  public EventBus eventBus() {
    return bus;
  }

  /** Offers an event to every subscribed pool (no serial is used when none subscribes). */
  public void publish(Event event) {
    bus.publish(event);
  }

  private void armTickTimer() {
    long millis = TickSchedule.millisUntilNextBoundary(loop.clock().currentTimeMillis());
    tickTimer =
        loop.scheduleAfter(
            TimeUnit.MILLISECONDS.toNanos(Math.max(1, millis)),
            () -> {
              for (Event e : ticks.due(loop.clock().currentTimeMillis())) {
                publish(e);
              }
              if (mood == SupervisorState.RUNNING) {
                armTickTimer();
              }
            });
  }

  // ---------------------------------------------------------------------------------------------
  // The operations behind the XML-RPC API. All run on the loop and throw RpcFault.

  /** Fails with SHUTDOWN_STATE unless the daemon is running (every supervisor.* call does). */
  public void requireRunning() {
    if (mood != SupervisorState.RUNNING) {
      throw new RpcFault(Fault.SHUTDOWN_STATE);
    }
  }

  /** Every process, ordered by group name then process name. */
  public List<ProcessInfo> allProcessInfo() {
    List<ProcessInfo> out = new ArrayList<>();
    for (ManagedProcess p : allProcessesByName()) {
      out.add(p.info(zone));
    }
    return out;
  }

  public ProcessInfo processInfo(String namespec) {
    ManagedProcess p = process(namespec);
    return p.info(zone);
  }

  private List<ManagedProcess> allProcessesByName() {
    List<ManagedGroup> byName = new ArrayList<>(groups.values());
    byName.sort(Comparator.comparing(ManagedGroup::name));
    List<ManagedProcess> out = new ArrayList<>();
    for (ManagedGroup g : byName) {
      List<ManagedProcess> ps = new ArrayList<>(g.processes);
      ps.sort(Comparator.comparing(ManagedProcess::name));
      out.addAll(ps);
    }
    return out;
  }

  /** The process named by {@code group:name} or {@code name}, or BAD_NAME with the spec. */
  ManagedProcess process(String namespec) {
    dev.jsupervisor.core.api.Namespec spec = dev.jsupervisor.core.api.Namespec.parse(namespec);
    ManagedGroup g = groups.get(spec.group());
    ManagedProcess p = g == null || spec.process() == null ? null : g.process(spec.process());
    if (p == null) {
      throw new RpcFault(Fault.BAD_NAME, namespec);
    }
    return p;
  }

  ManagedGroup group(String name) {
    ManagedGroup g = groups.get(name);
    if (g == null) {
      throw new RpcFault(Fault.BAD_NAME, name);
    }
    return g;
  }

  /** True when the namespec names a whole group ({@code g:*} or {@code g:}). */
  static boolean isWholeGroup(String namespec) {
    return dev.jsupervisor.core.api.Namespec.parse(namespec).isWholeGroup();
  }

  /**
   * supervisor.startProcess: checks in supervisord's order, spawns, and (with {@code wait})
   * completes when the process is RUNNING, with SPAWN_ERROR or ABNORMAL_TERMINATION if it
   * leaves STARTING any other way.
   */
  public CompletableFuture<Boolean> startProcess(String namespec, boolean wait) {
    ManagedProcess p = process(namespec);
    try {
      spawner.check(p.config);
    } catch (SpawnCheckException e) {
      throw new RpcFault(e.fault(), e.getMessage());
    }
    if (p.state().isRunning()) {
      throw new RpcFault(Fault.ALREADY_STARTED, namespec);
    }
    if (p.state() == ProcessState.UNKNOWN) {
      throw new RpcFault(Fault.FAILED, p.name() + " is in an unknown process state");
    }
    p.subprocess.spawn();
    reschedule(p);
    if (p.state() == ProcessState.BACKOFF && !p.subprocess.spawnerr().isEmpty()) {
      throw new RpcFault(Fault.SPAWN_ERROR, namespec);
    }
    if (p.state() == ProcessState.STARTING) {
      // As supervisord does: a startsecs=0 program is RUNNING by the time the call answers.
      p.subprocess.transition();
      reschedule(p);
    }
    if (!wait || p.state() == ProcessState.RUNNING) {
      return CompletableFuture.completedFuture(true);
    }
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    p.await(
        s -> s != ProcessState.STARTING,
        () -> {
          if (p.state() == ProcessState.RUNNING) {
            done.complete(true);
          } else if (!p.subprocess.spawnerr().isEmpty()) {
            done.completeExceptionally(new RpcFault(Fault.SPAWN_ERROR, namespec));
          } else {
            done.completeExceptionally(new RpcFault(Fault.ABNORMAL_TERMINATION, namespec));
          }
        });
    return done;
  }

  /** supervisor.stopProcess: signals, and (with {@code wait}) completes once it has stopped. */
  public CompletableFuture<Boolean> stopProcess(String namespec, boolean wait) {
    ManagedProcess p = process(namespec);
    if (!p.state().isRunning()) {
      throw new RpcFault(Fault.NOT_RUNNING, namespec);
    }
    String error = p.subprocess.stop();
    reschedule(p);
    if (error != null) {
      throw new RpcFault(Fault.FAILED, error);
    }
    if (!wait || p.state().isStopped()) {
      return CompletableFuture.completedFuture(true);
    }
    p.subprocess.stopReport();
    EventLoop.Timer[] report = {null};
    report[0] = stopReportTimer(p, report);
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    p.await(
        ProcessState::isStopped,
        () -> {
          report[0].cancel();
          done.complete(true);
        });
    return done;
  }

  private EventLoop.Timer stopReportTimer(ManagedProcess p, EventLoop.Timer[] holder) {
    return loop.scheduleAfter(
        STOP_REPORT_NANOS,
        () -> {
          p.subprocess.stopReport();
          holder[0] = stopReportTimer(p, holder);
        });
  }

  /** supervisor.signalProcess: BAD_SIGNAL is the caller's check; NOT_RUNNING, FAILED here. */
  public void signalProcess(String namespec, int signal) {
    ManagedProcess p = process(namespec);
    if (!p.state().isSignallable()) {
      throw new RpcFault(Fault.NOT_RUNNING, namespec);
    }
    String error = p.subprocess.signal(signal);
    reschedule(p);
    if (error != null) {
      throw new RpcFault(Fault.FAILED, error);
    }
  }

  public CompletableFuture<List<ProcessResult>> startProcessGroup(String name, boolean wait) {
    return forEach(sortedForGroupOp(group(name)), p -> !p.state().isRunning(), this::startOne, wait);
  }

  public CompletableFuture<List<ProcessResult>> stopProcessGroup(String name, boolean wait) {
    return forEach(sortedForGroupOp(group(name)), p -> p.state().isRunning(), this::stopOne, wait);
  }

  public CompletableFuture<List<ProcessResult>> startAllProcesses(boolean wait) {
    return forEach(allForAllOp(), p -> !p.state().isRunning(), this::startOne, wait);
  }

  public CompletableFuture<List<ProcessResult>> stopAllProcesses(boolean wait) {
    return forEach(allForAllOp(), p -> p.state().isRunning(), this::stopOne, wait);
  }

  public List<ProcessResult> signalProcessGroup(String name, int signal) {
    return signalEach(sortedForGroupOp(group(name)), signal);
  }

  public List<ProcessResult> signalAllProcesses(int signal) {
    return signalEach(allForAllOp(), signal);
  }

  private List<ProcessResult> signalEach(List<ManagedProcess> ps, int signal) {
    List<ProcessResult> out = new ArrayList<>();
    for (ManagedProcess p : ps) {
      if (!p.state().isSignallable()) {
        continue;
      }
      try {
        signalProcess(spec(p), signal);
        out.add(ProcessResult.ok(p.group.name(), p.name()));
      } catch (RpcFault f) {
        out.add(ProcessResult.of(p.group.name(), p.name(), f));
      }
    }
    return out;
  }

  private CompletableFuture<Boolean> startOne(ManagedProcess p, boolean wait) {
    return startProcess(spec(p), wait);
  }

  private CompletableFuture<Boolean> stopOne(ManagedProcess p, boolean wait) {
    return stopProcess(spec(p), wait);
  }

  private static String spec(ManagedProcess p) {
    return p.group.name() + ":" + p.name();
  }

  /**
   * A group's processes in supervisord's order for group operations: by priority, ties in the
   * group's config order (a [group:x] section's programs= order), not by name.
   */
  private static List<ManagedProcess> sortedForGroupOp(ManagedGroup g) {
    List<ManagedProcess> ps = new ArrayList<>(g.processes);
    ps.sort(Comparator.comparingInt((ManagedProcess p) -> p.config.priority()));
    return ps;
  }

  private List<ManagedProcess> allForAllOp() {
    List<ManagedProcess> out = new ArrayList<>();
    for (ManagedGroup g : sortedGroups()) {
      out.addAll(sortedForGroupOp(g));
    }
    return out;
  }

  /** Runs {@code op} on every process that {@code applies}, all at once (see BulkOperation). */
  private CompletableFuture<List<ProcessResult>> forEach(
      List<ManagedProcess> ps,
      Predicate<ManagedProcess> applies,
      BiFunction<ManagedProcess, Boolean, CompletableFuture<Boolean>> op,
      boolean wait) {
    return BulkOperation.run(ps.stream().filter(applies).toList(), op, wait);
  }

  /** supervisor.sendProcessStdin. */
  public void sendProcessStdin(String namespec, String chars) {
    ManagedProcess p = process(namespec);
    if (p.io == null || p.state() == ProcessState.STOPPING || !p.state().isRunning()) {
      throw new RpcFault(Fault.NOT_RUNNING, namespec);
    }
    if (p.group.config.socket() != null) {
      throw new RpcFault(Fault.NO_FILE, namespec); // fd 0 is the socket, as in supervisord
    }
    if (!p.io.stdin.write(chars.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      throw new RpcFault(
          Fault.FAILED, namespec + ": stdin is not being read; " + StdinWriter.MAX_QUEUED_BYTES
              + " bytes are already waiting");
    }
  }

  /** supervisor.sendRemoteCommEvent (works while stopping, as in supervisord). */
  public void sendRemoteCommEvent(String type, String data) {
    publish(Event.remoteCommunication(type, data));
  }

  /** The stdout or stderr log file path of a process, or NO_FILE. */
  public Path logPath(String namespec, boolean stderr) {
    ManagedProcess p = process(namespec);
    RotatingLogFile f = stderr ? p.stderrLog : p.stdoutLog;
    if (f == null) {
      throw new RpcFault(Fault.NO_FILE, namespec);
    }
    return f.path();
  }

  /** Clears both log files of a process. */
  public void clearProcessLogs(String namespec) {
    ManagedProcess p = process(namespec);
    if (p.stdoutLog != null) {
      p.stdoutLog.clear();
      watch.touched(p.stdoutLog.path());
    }
    if (p.stderrLog != null) {
      p.stderrLog.clear();
      watch.touched(p.stderrLog.path());
    }
  }

  public List<ProcessResult> clearAllProcessLogs() {
    List<ProcessResult> out = new ArrayList<>();
    for (ManagedProcess p : allForAllOp()) {
      clearProcessLogs(spec(p));
      out.add(ProcessResult.ok(p.group.name(), p.name()));
    }
    return out;
  }

  /** Adds a group from the stored config (addProcessGroup); autostart processes spawn. */
  public void addProcessGroup(String name) {
    for (GroupConfig gc : config.groups()) {
      if (gc.name().equals(name)) {
        if (groups.containsKey(name)) {
          throw new RpcFault(Fault.ALREADY_ADDED, name);
        }
        try {
          fcgiSockets.probe(gc);
        } catch (FcgiSockets.SocketError e) {
          throw new RpcFault(Fault.FAILED, e.getMessage());
        }
        ManagedGroup g = addGroup(gc);
        for (ManagedProcess p : g.processes) {
          reschedule(p);
        }
        return;
      }
    }
    throw new RpcFault(Fault.BAD_NAME, name);
  }

  /** Removes a group whose processes are all stopped (removeProcessGroup). */
  public void removeProcessGroup(String name) {
    ManagedGroup g = groups.get(name);
    if (g == null) {
      throw new RpcFault(Fault.BAD_NAME, name);
    }
    for (ManagedProcess p : g.processes) {
      if (!p.state().isStopped()) {
        throw new RpcFault(Fault.STILL_RUNNING, name);
      }
    }
    discardGroup(g);
    publish(Event.groupRemoved(name));
  }

  /** Replaces the stored config (reloadConfig stores it; groups change only on add/remove). */
  public void storeConfig(SupervisordConfig next) {
    useConfig(next);
  }

  /** The group configs of the active groups, for the reread diff. */
  public List<GroupConfig> activeGroupConfigs() {
    List<GroupConfig> out = new ArrayList<>();
    for (ManagedGroup g : sortedGroups()) {
      out.add(g.config);
    }
    return out;
  }

  /**
   * The AUTO log file of a process, if its group is active and was started from this very config
   * object: supervisord writes the chosen file name into the config it starts a group from, so
   * getAllConfigInfo shows it until a reread replaces that config. Null otherwise.
   */
  public String autoLogPath(GroupConfig config, String processName, boolean stderr) {
    ManagedGroup g = groups.get(config.name());
    if (g == null || g.config != config) {
      return null;
    }
    ManagedProcess p = g.process(processName);
    if (p == null) {
      return null;
    }
    RotatingLogFile f = stderr ? p.stderrLog : p.stdoutLog;
    return f == null ? null : f.path().toString();
  }

  /** Names of active groups, sorted. */
  public Set<String> activeGroupNames() {
    return new TreeSet<>(groups.keySet());
  }

  /** Pids of every running child, for the shutdown check and tests. */
  public List<Integer> childPids() {
    List<Integer> out = new ArrayList<>();
    for (ManagedGroup g : groups.values()) {
      for (ManagedProcess p : g.processes) {
        if (p.subprocess.pid() != 0) {
          out.add(p.subprocess.pid());
        }
      }
    }
    return out;
  }
}
