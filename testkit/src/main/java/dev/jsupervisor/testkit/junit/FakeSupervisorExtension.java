package dev.jsupervisor.testkit.junit;

import dev.jsupervisor.testkit.FakeSupervisor;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test (or its {@code @BeforeEach}) a ready {@link FakeSupervisor} parameter, configured
 * by {@link FakeSupervisorOptions}, and closes it after the test: listener stopped, servers and
 * socket file gone. Every parameter of one test gets the same instance. Closing runs the
 * end-of-test check ({@link FakeSupervisor#verifyListener()}), so a test whose listener left an
 * event unanswered or broke the protocol fails even if it never waited for an answer; a test that
 * failed on its own is not checked again.
 *
 * <pre>{@code
 * @ExtendWith(FakeSupervisorExtension.class)
 * class MyListenerTest {
 *   @Test
 *   void restartsCrashedPrograms(FakeSupervisor sup) { ... }
 * }
 * }</pre>
 */
public final class FakeSupervisorExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeSupervisorExtension.class);
  private static final String KEY = "fakeSupervisor";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FakeSupervisor.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    FakeSupervisor existing = store.get(KEY, FakeSupervisor.class);
    if (existing != null) {
      return existing;
    }
    FakeSupervisor created = create(options(context));
    store.put(KEY, created);
    return created;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FakeSupervisor sup = context.getStore(NAMESPACE).remove(KEY, FakeSupervisor.class);
    if (sup != null) {
      if (context.getExecutionException().isPresent()) {
        sup.skipEndCheck();
      }
      sup.close();
    }
  }

  private static FakeSupervisorOptions options(ExtensionContext context) {
    return find(context.getTestMethod())
        .or(() -> find(context.getTestClass()))
        .orElse(null);
  }

  private static Optional<FakeSupervisorOptions> find(Optional<? extends AnnotatedElement> e) {
    return e.map(element -> element.getAnnotation(FakeSupervisorOptions.class));
  }

  private static FakeSupervisor create(FakeSupervisorOptions options) {
    FakeSupervisor.Builder builder = FakeSupervisor.builder();
    if (options != null) {
      if (!options.config().isEmpty()) {
        builder.config(Path.of(options.config()));
      }
      if (!options.pool().isEmpty()) {
        builder.pool(options.pool());
      }
      if (options.exportTcpUrl()) {
        builder.exportTcpUrl();
      }
      builder.timeout(Duration.ofMillis(options.timeoutMillis()));
      if (options.endTimeoutMillis() >= 0) {
        builder.endTimeout(Duration.ofMillis(options.endTimeoutMillis()));
      }
    }
    try {
      return builder.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new ParameterResolutionException("cannot start the fake supervisor: "
          + e.getMessage(), e);
    }
  }
}
