package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.client.RealSupervisord;
import dev.jsupervisor.core.client.SupervisorClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh daemon with the subclass's programs for each test, and jsupervisorctl run in-process
 * against it; the real supervisord unless a subclass names another {@link #daemon()}.
 */
abstract class CtlAgainstOneDaemon {
  RealSupervisord sd;
  SupervisorClient client;

  /** The [program:x] and [group:x] sections of the daemon's config. */
  abstract String programs();

  /** The daemon under test. */
  List<String> daemon() {
    return List.of(RealSupervisord.SUPERVISORD);
  }

  @BeforeEach
  void startDaemon() throws Exception {
    sd = RealSupervisord.start(daemon(), programs(), 0, null, null);
    client = SupervisorClient.of(sd.url());
  }

  @AfterEach
  void stopDaemon() {
    client.close();
    sd.close();
  }

  /** {@code -c <the daemon's config>} followed by {@code words}. */
  String[] args(String... words) {
    List<String> args = new ArrayList<>(List.of("-c", sd.config().toString()));
    args.addAll(Arrays.asList(words));
    return args.toArray(String[]::new);
  }

  CtlRunner.Result ctl(String... words) {
    return CtlRunner.ours(args(words));
  }

  static List<String> lines(CtlRunner.Result r) {
    return r.output().lines().collect(Collectors.toList());
  }
}
