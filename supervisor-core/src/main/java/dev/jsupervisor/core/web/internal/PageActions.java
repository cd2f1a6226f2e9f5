package dev.jsupervisor.core.web.internal;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.SupervisorApi;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The status page's {@code action}s, each ending in supervisord's message text once the operation
 * has finished (a start once the process is RUNNING or has failed, a stop once it has stopped).
 * Every continuation runs on the given executor, never on the daemon's loop thread.
 */
public final class PageActions {
  private static final Set<String> GLOBAL = Set.of("refresh", "stopall", "restartall");
  private static final Set<String> PER_PROCESS = Set.of("start", "stop", "restart", "clearlog");

  private final SupervisorApi api;
  private final Supplier<String> ctime;
  private final Executor executor;

  /**
   * @param ctime the current time as Python's {@code time.ctime()} writes it
   * @param executor where continuations run (a web server thread)
   */
  public PageActions(SupervisorApi api, Supplier<String> ctime, Executor executor) {
    this.api = api;
    this.ctime = ctime;
    this.executor = executor;
  }

  /**
   * Why this request cannot be carried out (one line, naming the parameter), or null when it can.
   * supervisord answers these with a 500 after logging a traceback.
   */
  public static String refusal(String action, String processname) {
    if (GLOBAL.contains(action)) {
      return null;
    }
    if (!PER_PROCESS.contains(action)) {
      return "unknown action: " + action;
    }
    return processname == null ? "action " + action + " needs a processname" : null;
  }

  /**
   * Runs an action that {@link #refusal} accepted; completes with the message to show. A fault
   * the operation ends in becomes supervisord's {@code unexpected rpc fault [code] TEXT}.
   */
  public CompletableFuture<String> run(String action, String namespec) {
    CompletableFuture<String> operation;
    try {
      operation = dispatch(action, namespec);
    } catch (RpcFault fault) {
      operation = CompletableFuture.failedFuture(fault);
    }
    return operation.exceptionallyAsync(error -> unexpected(faultOf(error)), executor);
  }

  private CompletableFuture<String> dispatch(String action, String namespec) {
    return switch (action) {
      case "refresh" -> CompletableFuture.completedFuture("Page refreshed at " + ctime.get());
      case "stopall" ->
          api.stopAllProcesses(true).thenApplyAsync(r -> "All stopped at " + ctime.get(), executor);
      case "restartall" -> api.stopAllProcesses(true)
          .thenComposeAsync(r -> api.startAllProcesses(true), executor)
          .thenApplyAsync(r -> "All restarted at " + ctime.get(), executor);
      default -> api.getAllProcessInfo()
          .thenComposeAsync(all -> exists(all, namespec)
              ? onProcess(action, namespec)
              : CompletableFuture.completedFuture("No such process named " + namespec), executor);
    };
  }

  private CompletableFuture<String> onProcess(String action, String ns) {
    return switch (action) {
      case "start" -> start(ns, "Process " + ns + " started");
      case "stop" ->
          api.stopProcess(ns, true).thenApplyAsync(r -> "Process " + ns + " stopped", executor);
      case "restart" -> restart(ns);
      case "clearlog" ->
          api.clearProcessLogs(ns).thenApplyAsync(r -> "Log for " + ns + " cleared", executor);
      default -> throw new IllegalArgumentException("not a process action: " + action);
    };
  }

  private CompletableFuture<String> start(String ns, String success) {
    return api.startProcess(ns, true).handleAsync((r, error) -> {
      if (error == null) {
        return success;
      }
      return "ERROR: Process " + ns + ": " + startFailure(faultOf(error));
    }, executor);
  }

  /**
   * Stop (a process that is not running is fine), then start, reporting what went wrong:
   * supervisord reports "restarted" whatever the two calls answered.
   */
  private CompletableFuture<String> restart(String ns) {
    return api.stopProcess(ns, true).handleAsync((r, error) -> {
      if (error == null) {
        return null;
      }
      RpcFault fault = faultOf(error);
      return fault.code() == Fault.NOT_RUNNING.code() ? null : unexpected(fault);
    }, executor).thenComposeAsync(stopError -> stopError != null
        ? CompletableFuture.completedFuture(stopError)
        : start(ns, "Process " + ns + " restarted"), executor);
  }

  private static boolean exists(List<ProcessInfo> all, String namespec) {
    Namespec ns = Namespec.parse(namespec);
    if (ns.isWholeGroup()) {
      return false;
    }
    for (ProcessInfo p : all) {
      if (p.group().equals(ns.group()) && p.name().equals(ns.process())) {
        return true;
      }
    }
    return false;
  }

  /** supervisord's short words for the faults a start can end in. */
  static String startFailure(RpcFault fault) {
    Fault known = fault.fault();
    if (known == null) {
      return unexpected(fault);
    }
    return switch (known) {
      case NO_FILE -> "no such file";
      case NOT_EXECUTABLE -> "file not executable";
      case ALREADY_STARTED -> "already started";
      case SPAWN_ERROR -> "spawn error";
      case ABNORMAL_TERMINATION -> "abnormal termination";
      default -> unexpected(fault);
    };
  }

  public static String unexpected(RpcFault fault) {
    return "unexpected rpc fault [" + fault.code() + "] " + fault.faultString();
  }

  /** The fault inside a failed future; anything else is a server bug and is rethrown. */
  public static RpcFault faultOf(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RpcFault fault) {
      return fault;
    }
    if (cause instanceof RuntimeException e) {
      throw e;
    }
    throw new CompletionException(cause);
  }
}
