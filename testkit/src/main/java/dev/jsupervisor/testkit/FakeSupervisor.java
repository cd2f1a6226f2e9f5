package dev.jsupervisor.testkit;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.ConfigOverrides;
import dev.jsupervisor.core.config.GroupConfig;
import dev.jsupervisor.core.config.HttpServerConfig;
import dev.jsupervisor.core.config.ProcessConfig;
import dev.jsupervisor.core.config.SupervisordConfig;
import dev.jsupervisor.core.events.Event;
import dev.jsupervisor.core.events.EventType;
import dev.jsupervisor.core.events.ListenerState;
import dev.jsupervisor.core.rpc.HttpServers;
import dev.jsupervisor.core.rpc.LogFollower;
import dev.jsupervisor.core.rpc.LogTailSource;
import dev.jsupervisor.core.rpc.ServerLog;
import dev.jsupervisor.core.util.FakeClock;
import dev.jsupervisor.testkit.internal.ChildListener;
import dev.jsupervisor.testkit.internal.InProcessListener;
import dev.jsupervisor.testkit.internal.ListenerDriver;
import dev.jsupervisor.testkit.internal.ListenerHandle;
import dev.jsupervisor.testkit.internal.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Plays supervisord's side for one event listener under test: speaks the listener protocol to
 * it (in-process or as a child process), serves a scripted {@code supervisor.*} XML-RPC API on a
 * loopback TCP port and a UNIX socket, and runs everything on a virtual clock the test moves.
 *
 * <pre>{@code
 * try (FakeSupervisor sup = FakeSupervisor.builder()
 *     .program(Program.named("web").startSecs(5)).subscribe(EventType.PROCESS_STATE).build()) {
 *   sup.startListener(List.of("/usr/bin/python3", "my_listener.py")).awaitReady();
 *   sup.processes().start("web");
 *   sup.advance(Duration.ofSeconds(5));          // web: STARTING -> RUNNING
 *   sup.calls().await("stopProcess", "web", Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class FakeSupervisor implements AutoCloseable {
  /** The default deadline of every wait. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final FakeClock clock;
  private final Timeline timeline;
  private final CallLog calls;
  private final FakeProcessTable table;
  private final ScriptedApi api;
  private final HttpServers servers;
  private final Path socketDir;
  private final Path socketPath;
  private final int port;
  private final String poolName;
  private final String identifier;
  private final Set<EventType> subscriptions;
  private final int bufferSize;
  private final boolean exportTcpUrl;
  private final Map<String, String> environment;
  private final Duration timeout;
  private final Duration endTimeout;

  private final List<Event> earlyEvents = new ArrayList<>();
  private final List<Long> earlySerials = new ArrayList<>();
  private ListenerDriver driver;
  private long nextSerial;
  /** How the current listener was started, for {@link #restartListener()}. */
  private ListenerStarter lastStart;
  /** What a stopped listener still owed, for the next one. */
  private List<ListenerDriver.Delivery> owed = List.of();
  private long nextPoolSerial;
  /**
   * True once the current listener needs no end-of-test check: it ran, was skipped, or a wait
   * already threw the listener's failure at the test.
   */
  private boolean endChecked;
  private boolean closed;

  /** Starts one listener instance. */
  private interface ListenerStarter {
    ListenerHandle start() throws IOException;
  }

  private FakeSupervisor(Builder b, List<Program> programs) throws IOException {
    this.clock = new FakeClock();
    this.timeline = new Timeline(clock);
    this.calls = new CallLog(clock::currentTimeMillis);
    this.poolName = b.poolName;
    this.identifier = b.identifier;
    this.subscriptions = Set.copyOf(b.subscriptions);
    this.bufferSize = b.bufferSize;
    this.exportTcpUrl = b.exportTcpUrl;
    this.environment = Map.copyOf(b.environment);
    this.timeout = b.timeout;
    this.endTimeout = b.endTimeout != null ? b.endTimeout : b.timeout;
    this.table = new FakeProcessTable(timeline, this::emit, calls, programs,
        b.pids != null ? b.pids : FakeProcessTable.sequentialPids());
    this.api = new ScriptedApi(table, calls, identifier);
    this.socketDir = Files.createTempDirectory(Path.of("/tmp"), "jstk");
    this.socketPath = socketDir.resolve("supervisor.sock");
    List<HttpServerConfig> configs = List.of(
        new HttpServerConfig("inet_http_server", null, "127.0.0.1", 0, 0, null, null, null, null),
        new HttpServerConfig("unix_http_server", socketPath.toString(), null, 0, 0700, null, null,
            null, null));
    try {
      this.servers = HttpServers.start(configs, api, NO_LOG_FILES, ServerLog.discard());
    } catch (IOException | RuntimeException e) {
      api.close();
      Files.deleteIfExists(socketPath);
      Files.deleteIfExists(socketDir);
      throw e;
    }
    this.port = servers.localPort("inet_http_server");
  }

  private static final LogTailSource NO_LOG_FILES = new LogTailSource() {
    @Override
    public LogFollower followProcessLog(String namespec, Channel channel, int backlogBytes) {
      throw new RpcFault(Fault.NO_FILE, namespec);
    }

    @Override
    public LogFollower followMainLog(int backlogBytes) {
      throw new RpcFault(Fault.NO_FILE);
    }
  };

  public static Builder builder() {
    return new Builder();
  }

  /** Parses a supervisord.conf as jsupervisord would. */
  public static SupervisordConfig loadConfig(Path file) throws ConfigException {
    return ConfigLoader.forCurrentProcess().load(file.toString(), ConfigOverrides.NONE).config();
  }

  // ---------------------------------------------------------------- listener

  /** Runs a Java listener in-process, on its own thread. */
  public synchronized FakeSupervisor startListener(ListenerBody body) {
    try {
      return attach(() -> new InProcessListener(poolName, body, listenerEnvironment()));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-process start does no I/O
    }
  }

  /** Runs any program as the listener, with supervisord's SUPERVISOR_* environment. */
  public FakeSupervisor startListener(List<String> command) throws IOException {
    List<String> copy = List.copyOf(command);
    synchronized (this) {
      return attach(() -> new ChildListener(copy, listenerEnvironment(), null));
    }
  }

  /** Runs {@code /bin/sh -c command} as the listener. */
  public FakeSupervisor startShellListener(String command) throws IOException {
    return startListener(List.of("/bin/sh", "-c", command));
  }

  /**
   * Kills the listener (SIGKILL for a child process, with whatever it started) as if it had
   * crashed. As in supervisord, the pool outlives it: the event it was handling and the events
   * still buffered go back to the pool, with their serials, and reach the next listener first;
   * events emitted meanwhile wait for it too. Start the next one with {@code startListener}, or
   * the same way again with {@link #restartListener()}. Nothing else happens on its own: no
   * PROCESS_STATE event is emitted for the listener itself.
   */
  public FakeSupervisor stopListener() {
    ListenerDriver d;
    synchronized (this) {
      d = driver();
      driver = null;
    }
    List<ListenerDriver.Delivery> left = d.detach();
    synchronized (this) {
      owed = left;
      nextPoolSerial = d.nextPoolSerial();
    }
    return this;
  }

  /**
   * {@link #stopListener()} (unless it is already stopped), then starts a new listener the way
   * the last one was started (same command, or same {@link ListenerBody}); call
   * {@link #awaitReady()} next. The clock, process table and call log stay those of this fake,
   * so a test sees what the new instance rebuilds from the API.
   */
  public FakeSupervisor restartListener() throws IOException {
    boolean running;
    synchronized (this) {
      if (lastStart == null) {
        throw new IllegalStateException("no listener started yet: call startListener first");
      }
      running = driver != null;
    }
    if (running) {
      stopListener();
    }
    synchronized (this) {
      return attach(lastStart);
    }
  }

  private FakeSupervisor attach(ListenerStarter how) throws IOException {
    if (driver != null) {
      throw new IllegalStateException("a listener is already running");
    }
    ListenerHandle handle = how.start();
    lastStart = how;
    driver = new ListenerDriver(poolName, identifier, subscriptions, bufferSize, handle,
        nextPoolSerial);
    endChecked = false;
    owed.forEach(driver::redeliver);
    owed = List.of();
    for (int i = 0; i < earlyEvents.size(); i++) {
      driver.offer(earlySerials.get(i), earlyEvents.get(i));
    }
    earlyEvents.clear();
    earlySerials.clear();
    driver.start();
    return this;
  }

  /** The environment a listener gets: supervisord's four variables plus any configured ones. */
  public Map<String, String> listenerEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put("SUPERVISOR_ENABLED", "1");
    env.put("SUPERVISOR_PROCESS_NAME", poolName);
    env.put("SUPERVISOR_GROUP_NAME", poolName);
    env.put("SUPERVISOR_SERVER_URL", serverUrl());
    return env;
  }

  private synchronized ListenerDriver driver() {
    if (driver == null) {
      throw new IllegalStateException("no listener started yet: call startListener first");
    }
    return driver;
  }

  /** Waits until the listener wrote its first READY. */
  public FakeSupervisor awaitReady() {
    ListenerDriver d = driver();
    seen(() -> d.awaitReady(timeout));
    return this;
  }

  /**
   * Runs a wait; a listener failure it throws has reached the test, which has dealt with it, so
   * the end-of-test check will not report it again.
   */
  private void seen(Runnable wait) {
    try {
      wait.run();
    } catch (ListenerProtocolError e) {
      synchronized (this) {
        endChecked = true;
      }
      throw e;
    }
  }

  /**
   * Sends an event to the listener as supervisord would: buffered, numbered, delivered when the
   * listener is READY. Returns its serial, or -1 when the pool does not subscribe to its type
   * (supervisord gives such an event no number).
   */
  public synchronized long emit(Event event) {
    if (subscriptions.stream().noneMatch(event.type()::isA)) {
      return -1;
    }
    long serial = nextSerial++;
    if (driver == null) {
      earlyEvents.add(event);
      earlySerials.add(serial);
    } else {
      driver.offer(serial, event);
    }
    return serial;
  }

  /** Waits for the listener's answer to an event and asserts it was {@code RESULT 2\nOK}. */
  public void awaitAck(long serial) {
    EventOutcome outcome = awaitOutcome(serial);
    if (outcome != EventOutcome.ACCEPTED) {
      throw new AssertionError("listener answered event serial " + serial + " with FAIL");
    }
  }

  /** Waits for the listener's first answer to an event. */
  public EventOutcome awaitOutcome(long serial) {
    if (serial < 0) {
      throw new IllegalArgumentException("the pool does not subscribe to that event");
    }
    ListenerDriver d = driver();
    EventOutcome[] outcome = new EventOutcome[1];
    seen(() -> outcome[0] = d.awaitOutcome(serial, timeout));
    return outcome[0];
  }

  /** Waits until every event sent so far was answered and the listener is READY again. */
  public FakeSupervisor awaitIdle() {
    ListenerDriver d = driver();
    seen(() -> d.awaitIdle(timeout));
    return this;
  }

  /**
   * The end-of-test check, which {@link #close()} runs unless it was done or skipped: waits, up
   * to {@link #endTimeout()}, until every event emitted so far was answered and the listener is
   * READY again, having checked every byte it wrote. Fails with a {@link ListenerProtocolError}
   * naming the first protocol violation, the event it left unanswered or the READY it never
   * wrote. Nothing to check when no listener runs (none started, or {@link #stopListener()}).
   */
  public FakeSupervisor verifyListener() {
    ListenerDriver d;
    synchronized (this) {
      endChecked = true;
      d = driver;
    }
    if (d != null) {
      d.awaitSettled(endTimeout);
    }
    return this;
  }

  /**
   * Leaves the current listener out of the end-of-test check, for a test that ends it mid-way on
   * purpose (a listener it restarts later is checked again).
   */
  public synchronized FakeSupervisor skipEndCheck() {
    endChecked = true;
    return this;
  }

  /** The first protocol violation (or death mid-event) of the listener, if any. */
  public Optional<String> violation() {
    ListenerDriver d;
    synchronized (this) {
      d = driver;
    }
    return d == null ? Optional.empty() : Optional.ofNullable(d.violation());
  }

  /** Fails with the listener's protocol violation, if it committed one. */
  public void assertNoViolation() {
    seen(() -> violation().ifPresent(v -> {
      throw new ListenerProtocolError(v);
    }));
  }

  /** The listener's protocol state as supervisord sees it. */
  public ListenerState listenerState() {
    return driver().state();
  }

  /** The warnings supervisord would have logged about the listener. */
  public List<String> supervisorWarnings() {
    return driver().supervisorWarnings();
  }

  // ---------------------------------------------------------------- time, table, calls

  /** Moves virtual time forward, firing every timer that falls due on the way. */
  public FakeSupervisor advance(Duration step) {
    timeline.advance(step);
    return this;
  }

  public FakeClock clock() {
    return clock;
  }

  public FakeProcessTable processes() {
    return table;
  }

  public CallLog calls() {
    return calls;
  }

  /** Ready-made sequences: supervisord start/stop, crash loops, raw state sequences. */
  public Scenarios scenarios() {
    return new Scenarios(this);
  }

  /** The deadline of every wait of this fake. */
  public Duration timeout() {
    return timeout;
  }

  /** The deadline of the end-of-test check ({@link #verifyListener()}). */
  public Duration endTimeout() {
    return endTimeout;
  }

  /** The pool (and process) name of the listener. */
  public String poolName() {
    return poolName;
  }

  /** The URL exported as SUPERVISOR_SERVER_URL: the UNIX socket unless TCP was asked for. */
  public String serverUrl() {
    return exportTcpUrl ? httpUrl() : "unix://" + socketPath;
  }

  /** The loopback TCP URL of the fake API. */
  public String httpUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Path unixSocketPath() {
    return socketPath;
  }

  /**
   * Runs the end-of-test check ({@link #verifyListener()}) unless it was done or skipped, then
   * stops the listener and the servers whatever the check found, and throws what it found. A
   * second call does nothing.
   */
  @Override
  public void close() {
    boolean check;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      check = !endChecked;
    }
    try {
      if (check) {
        verifyListener();
      }
    } finally {
      release();
    }
  }

  private void release() {
    ListenerDriver d;
    synchronized (this) {
      d = driver;
    }
    if (d != null) {
      d.close();
    }
    api.close();
    try {
      servers.close();
      Files.deleteIfExists(socketPath);
      Files.deleteIfExists(socketDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings of a {@link FakeSupervisor}; every one has a supervisord-like default. */
  public static final class Builder {
    private final List<Program> programs = new ArrayList<>();
    private SupervisordConfig config;
    private String poolName;
    private String identifier;
    private Set<EventType> subscriptions;
    private Integer bufferSizeSetting;
    private int bufferSize;
    private boolean exportTcpUrl;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration endTimeout;
    private LongSupplier pids;

    private Builder() {}

    /**
     * Where the pid of each spawned process comes from (default: 4000, 4001, ...). To test a
     * listener that signals or inspects processes, let the test start a real helper process
     * per call (a {@code sleep}, say) and return its pid: the listener then acts on real
     * processes, which are children of the test JVM, the pid {@code getPID} reports. The fake
     * never signals, waits for or stops them; the test owns them. Called on the fake's own
     * threads, once per spawn (and per {@code place} into a running state).
     */
    public Builder pids(LongSupplier pids) {
      this.pids = pids;
      return this;
    }

    /** Takes the programs, identifier and listener pool settings from a parsed config. */
    public Builder config(SupervisordConfig config) {
      this.config = config;
      return this;
    }

    /** Parses and uses a supervisord.conf. */
    public Builder config(Path file) {
      try {
        return config(loadConfig(file));
      } catch (ConfigException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }

    /** Adds a fake process. */
    public Builder program(Program program) {
      programs.add(program);
      return this;
    }

    /** Adds a fake process named {@code name}, adjusted by {@code settings}. */
    public Builder program(String name, Consumer<Program> settings) {
      Program p = Program.named(name);
      settings.accept(p);
      return program(p);
    }

    /** The listener's pool (and process) name; from a config, the [eventlistener:x] to play. */
    public Builder pool(String poolName) {
      this.poolName = poolName;
      return this;
    }

    public Builder identifier(String identifier) {
      this.identifier = identifier;
      return this;
    }

    /** The event types the listener's pool subscribes to (default: the pool's, else EVENT). */
    public Builder subscribe(EventType... types) {
      this.subscriptions = types.length == 0 ? Set.of() : EnumSet.of(types[0], types);
      return this;
    }

    /** The pool's buffer_size (default: the pool's, else 10). */
    public Builder bufferSize(int bufferSize) {
      this.bufferSizeSetting = bufferSize;
      return this;
    }

    /** Exports the TCP URL as SUPERVISOR_SERVER_URL instead of the UNIX socket. */
    public Builder exportTcpUrl() {
      this.exportTcpUrl = true;
      return this;
    }

    /** An extra variable in the listener's environment. */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** The deadline of every wait (default 5 s of real time). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * The deadline of the end-of-test check (default: {@link #timeout}): how long a listener
     * has, at the end, to answer the events still open and write READY again.
     */
    public Builder endTimeout(Duration endTimeout) {
      if (endTimeout.isNegative()) {
        throw new IllegalArgumentException("end timeout must not be negative: " + endTimeout);
      }
      this.endTimeout = endTimeout;
      return this;
    }

    /**
     * Starts the fake's HTTP servers; the listener is started separately.
     *
     * @throws IllegalArgumentException when a pool was named that the config does not have
     */
    public FakeSupervisor build() throws IOException {
      List<Program> all = new ArrayList<>();
      GroupConfig pool = null;
      if (config != null) {
        pool = choosePool(config);
        for (GroupConfig g : config.groups()) {
          if (g == pool) {
            continue;
          }
          for (ProcessConfig p : g.processes()) {
            all.add(Program.from(p, g.name(), g.priority()));
          }
        }
        if (identifier == null) {
          identifier = config.identifier();
        }
      }
      all.addAll(programs);
      if (poolName == null) {
        poolName = pool == null ? "listener" : pool.name();
      }
      if (identifier == null) {
        identifier = "supervisor";
      }
      if (subscriptions == null) {
        subscriptions = pool == null ? Set.of(EventType.EVENT) : parseEvents(pool);
      }
      bufferSize = bufferSizeSetting != null ? bufferSizeSetting
          : pool != null ? pool.bufferSize() : 10;
      if (pool != null && !pool.processes().isEmpty()) {
        pool.processes().get(0).environment().forEach(environment::putIfAbsent);
      }
      return new FakeSupervisor(this, all);
    }

    private GroupConfig choosePool(SupervisordConfig config) {
      List<GroupConfig> pools =
          config.groups().stream().filter(GroupConfig::isEventListenerPool).toList();
      if (poolName != null) {
        return pools.stream().filter(g -> g.name().equals(poolName)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(config.configFile()
                + " has no [eventlistener:" + poolName + "]"));
      }
      return pools.size() == 1 ? pools.get(0) : null;
    }

    private static Set<EventType> parseEvents(GroupConfig pool) {
      Set<EventType> types = EnumSet.noneOf(EventType.class);
      for (String name : pool.events()) {
        EventType.byName(name).ifPresent(types::add);
      }
      return types.isEmpty() ? Set.of(EventType.EVENT) : types;
    }
  }
}
