package dev.jsupervisor.listeners.testkit;

import static org.awaitility.Awaitility.await;

import dev.jsupervisor.testkit.FakeSupervisor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One of the real listeners (ordered-startup or fast-reload) run as a child JVM against a
 * {@link FakeSupervisor} built from the same supervisord.conf, with each instance's stderr kept
 * in a file so tests can read what it logged.
 */
final class ListenerUnderFake implements AutoCloseable {
  /** What every config starts with; the listener pool is the one the fake plays. */
  static final String HEADER = """
      [supervisord]
      identifier=supervisor

      [eventlistener:listener]
      command=/bin/true
      events=PROCESS_STATE,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP
      buffer_size=100

      """;

  private final FakeSupervisor sup;
  private final Class<?> main;
  private final Path dir;
  private final Path config;
  private final List<String> extraArgs;
  private int instance;

  private ListenerUnderFake(FakeSupervisor sup, Class<?> main, Path dir, Path config,
      List<String> extraArgs) {
    this.sup = sup;
    this.main = main;
    this.dir = dir;
    this.config = config;
    this.extraArgs = extraArgs;
  }

  /**
   * Writes {@code HEADER + programs} to {@code dir/supervisord.conf}, builds the fake from it and
   * starts the listener reading the same file; returns once it wrote READY.
   */
  static ListenerUnderFake start(Class<?> main, Path dir, String programs, String... extraArgs)
      throws IOException {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, HEADER + programs);
    return start(main, dir, conf, conf, extraArgs);
  }

  /** As {@link #start(Class, Path, String, String...)}, with one file for the fake, one for it. */
  static ListenerUnderFake start(Class<?> main, Path dir, Path fakeConfig, Path listenerConfig,
      String... extraArgs) throws IOException {
    return start(main, dir, FakeSupervisor.builder().config(fakeConfig), listenerConfig,
        extraArgs);
  }

  /**
   * As {@link #start(Class, Path, String, String...)}, with each spawned process taking its pid
   * from {@code pids} (real helper processes of the test).
   */
  static ListenerUnderFake start(Class<?> main, Path dir, String programs, LongSupplier pids,
      String... extraArgs) throws IOException {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, HEADER + programs);
    return start(main, dir, FakeSupervisor.builder().config(conf).pids(pids), conf, extraArgs);
  }

  private static ListenerUnderFake start(Class<?> main, Path dir, FakeSupervisor.Builder fake,
      Path listenerConfig, String... extraArgs) throws IOException {
    FakeSupervisor sup = fake.build();
    ListenerUnderFake l = new ListenerUnderFake(sup, main, dir, listenerConfig, List.of(extraArgs));
    try {
      l.launch();
    } catch (IOException | RuntimeException e) {
      sup.close();
      throw e;
    }
    return l;
  }

  FakeSupervisor fake() {
    return sup;
  }

  /** What the current instance wrote to stderr so far. */
  String stderr() {
    try {
      return Files.readString(stderrFile(instance), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until the current instance's stderr contains {@code fragment}; returns all of it. */
  String awaitStderr(String fragment) {
    await("stderr of " + main.getSimpleName() + " containing '" + fragment + "'")
        .atMost(sup.timeout())
        .until(() -> stderr().contains(fragment));
    return stderr();
  }

  /**
   * Kills the listener and starts a fresh instance against the same fake (its table, clock and
   * call log kept), as supervisord restarts a listener that died; the new instance logs to its
   * own file.
   */
  void restart() throws IOException {
    stop();
    startNext();
  }

  /** Kills the listener as if it crashed; what it owed waits in the fake for the next one. */
  void stop() {
    sup.stopListener();
  }

  /** Starts the next instance after {@link #stop()}; returns once it wrote READY. */
  void startNext() throws IOException {
    launch();
  }

  private void launch() throws IOException {
    instance++;
    List<String> command = new ArrayList<>(List.of(
        "/bin/sh", "-c", "exec \"$@\" 2>>\"$0\"", stderrFile(instance).toString(),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djdk.serialFilter=!*", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        main.getName(), "-c", config.toString()));
    command.addAll(extraArgs);
    sup.startListener(command).awaitReady();
  }

  private Path stderrFile(int n) {
    return dir.resolve("listener-" + n + ".stderr");
  }

  @Override
  public void close() {
    sup.close();
  }
}
