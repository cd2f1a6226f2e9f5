package dev.jsupervisor.core.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The warm-up's sample traffic is well-formed, so every round runs to its end. */
class CodecWarmUpTest {

  @Test
  void everySampleCallParsesInEveryRound() {
    assertEquals(3 * 4, CodecWarmUp.run(4));
  }
}
