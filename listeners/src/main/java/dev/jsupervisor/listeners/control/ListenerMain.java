package dev.jsupervisor.listeners.control;

import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.SupervisordConfig;
import dev.jsupervisor.core.util.DefaultSelectorProvider;
import dev.jsupervisor.core.util.JnaSearchPath;
import dev.jsupervisor.listeners.sdk.EventHandler;
import dev.jsupervisor.listeners.sdk.EventListener;
import dev.jsupervisor.listeners.sdk.ListenerLog;
import java.io.IOException;
import java.io.PrintStream;

/**
 * What the ordered-startup and fast-reload launchers share: the command line, the config, and a
 * protocol loop that keeps acknowledging events even when the listener cannot act, because a
 * listener that exits is restarted by supervisord in a loop, while one that idles only logs once.
 */
public final class ListenerMain {
  /** Builds the listener's event handler once the config is read; null means "idle". */
  public interface Setup {
    EventHandler create(ListenerCommandLine commandLine, SupervisordConfig config, ListenerLog log)
        throws Exception;
  }

  private ListenerMain() {}

  /** Runs a listener; returns the exit code (0 when supervisord closes stdin). */
  public static int run(
      String program, boolean acceptsAllAtOnce, String[] args, PrintStream out, Setup setup) {
    DefaultSelectorProvider.install();
    ListenerCommandLine cl;
    try {
      cl = ListenerCommandLine.parse(program, acceptsAllAtOnce, args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(ListenerCommandLine.usage(program, acceptsAllAtOnce));
      return 2;
    }
    if (cl.help()) {
      out.print(ListenerCommandLine.usage(program, acceptsAllAtOnce));
      out.flush();
      return 0;
    }
    ListenerLog log = ListenerLog.toStderr(program);
    JnaSearchPath.useCLibraryDirectory(); // before ImmediateExit loads JNA
    ImmediateExit.onSigtermOrWarn(log);
    EventHandler handler = null;
    try {
      SupervisordConfig config = ListenerConfig.load(cl.configFile());
      handler = setup.create(cl, config, log);
    } catch (ConfigException e) {
      log.error("cannot read the supervisord config: " + e.getMessage()
          + "; acknowledging events without acting on them");
    } catch (Exception e) {
      log.error("cannot start; acknowledging events without acting on them", e);
    }
    EventHandler active = handler != null ? handler : event -> EventHandler.Result.OK;
    try {
      EventListener.runOnStdio(program, active);
      return 0;
    } catch (IOException e) {
      log.error("the event stream from supervisord failed: " + e.getMessage());
      return 1;
    }
  }
}
