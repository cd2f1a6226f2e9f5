package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.daemon.LiveDaemon.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The daemons of one test, as a JUnit extension: it skips the test unless supervisor 4.2.5 is
 * installed, starts daemons on request (the oracle in parallel), and stops them all afterwards.
 */
final class LiveDaemons implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  /** Prepares a daemon's dir (scripts...) before it starts. */
  interface Preparation {
    void prepare(LiveDaemon d) throws IOException;
  }

  private final List<LiveDaemon> daemons = new ArrayList<>();
  private final Preparation preparation;

  LiveDaemons(Preparation preparation) {
    this.preparation = preparation;
  }

  LiveDaemon start(Kind kind, String config) throws IOException {
    LiveDaemon d = LiveDaemon.create(kind);
    synchronized (daemons) {
      daemons.add(d);
    }
    preparation.prepare(d);
    d.writeConfig(config);
    d.launch();
    return d;
  }

  /** Starts the oracle in the background while ours starts here; returns [oracle, ours]. */
  List<LiveDaemon> startBoth(String config) throws IOException {
    CompletableFuture<LiveDaemon> oracle =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return start(Kind.SUPERVISORD, config);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    LiveDaemon ours = start(Kind.JSUPERVISORD, config);
    return List.of(oracle.join(), ours);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    LiveDaemon.assumeOracleInstalled();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    close();
  }

  @Override
  public void close() throws IOException {
    synchronized (daemons) {
      for (LiveDaemon d : daemons) {
        d.close();
      }
      daemons.clear();
    }
  }
}
