package dev.jsupervisor.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.Test;

class DefaultSelectorProviderTest {
  @Test
  void namesTheProviderTheJdkWouldPickOnLinux() {
    String name = DefaultSelectorProvider.providerClassName();
    assertNotNull(name, "this JDK on Linux has the epoll provider");
    // The provider the JDK chose itself (the test JVM has opened sockets already) is this class.
    assertEquals(name, SelectorProvider.provider().getClass().getName());
  }

  @Test
  void leavesAnExplicitChoiceAlone() {
    String before = System.getProperty(DefaultSelectorProvider.PROPERTY);
    System.setProperty(DefaultSelectorProvider.PROPERTY, "some.Other");
    try {
      DefaultSelectorProvider.install();
      assertEquals("some.Other", System.getProperty(DefaultSelectorProvider.PROPERTY));
    } finally {
      if (before == null) {
        System.clearProperty(DefaultSelectorProvider.PROPERTY);
      } else {
        System.setProperty(DefaultSelectorProvider.PROPERTY, before);
      }
    }
  }
}
