package dev.jsupervisor.core.metrics;

import java.util.function.Supplier;

/**
 * The one metrics page of a daemon, made on the first scrape (a daemon nobody scrapes loads none
 * of it) and shared by every server's {@code /metrics} and the open port, so the label text and
 * {@code /proc} files it keeps are kept once, and across reloads.
 */
final class LazyPage implements Supplier<MetricsPage>, AutoCloseable {
  private MetricsPage page;

  @Override
  public synchronized MetricsPage get() {
    if (page == null) {
      page = new MetricsPage();
    }
    return page;
  }

  @Override
  public synchronized void close() {
    if (page != null) {
      page.close();
      page = null;
    }
  }
}
