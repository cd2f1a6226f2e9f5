package dev.jsupervisor.testkit;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * A Java event listener run in-process by {@link FakeSupervisor}: it reads events from
 * {@code stdin}, writes its protocol tokens to {@code stdout} and finds the fake's XML-RPC URL in
 * {@code environment}, exactly as a child process of supervisord would. Returning ends it as if
 * the process exited.
 */
@FunctionalInterface
public interface ListenerBody {

  /** Runs the listener until it returns, throws or its stdin ends. */
  void run(InputStream stdin, OutputStream stdout, Map<String, String> environment)
      throws Exception;
}
