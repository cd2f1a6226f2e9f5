package dev.jsupervisor.testkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings of the {@link dev.jsupervisor.testkit.FakeSupervisor} that
 * {@link FakeSupervisorExtension} injects; on a test method it wins over one on the class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FakeSupervisorOptions {

  /** A supervisord.conf to build the process table from (relative to the working directory). */
  String config() default "";

  /** The [eventlistener:x] pool the listener under test plays; empty for the default. */
  String pool() default "";

  /** Export the TCP URL instead of the UNIX socket as SUPERVISOR_SERVER_URL. */
  boolean exportTcpUrl() default false;

  /** The deadline of every wait, in milliseconds. */
  long timeoutMillis() default 5000;

  /**
   * The deadline of the end-of-test check (every event answered, the listener READY again), in
   * milliseconds; negative for the same as {@link #timeoutMillis()}.
   */
  long endTimeoutMillis() default -1;
}
