package dev.jsupervisor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LazyPageTest {
  @Test
  void everyCallerGetsTheOnePageUntilItIsClosed() {
    LazyPage lazy = new LazyPage();
    MetricsPage page = lazy.get();
    assertSame(page, lazy.get());
    lazy.close();
    assertNotSame(page, lazy.get());
    lazy.close();
    lazy.close(); // closing twice is harmless
  }
}
