package dev.jsupervisor.core.process;

/** {@link SpawnerTest} through {@code java.lang.Process}, the fallback mechanism. */
final class JdkSpawnerTest extends SpawnerTest {
  @Override
  Spawner.Mechanism mechanism() {
    return Spawner.Mechanism.JDK;
  }
}
