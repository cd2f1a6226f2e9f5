package dev.jsupervisor.core.web.live.internal;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.Namespec;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.rpc.SupervisorApi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Carries out an {@link ActionRequest} through {@link SupervisorApi}: all names of a request at
 * once (each {@code group:*} through the daemon's group call), and reports every failure, one
 * outcome per process or name. A restart stops, then starts, and reports what the start did.
 */
public final class ActionRunner {

  /** What happened to one name or process: ok, or the daemon's fault text. */
  public record Outcome(String name, boolean ok, String error) {}

  private final SupervisorApi api;

  public ActionRunner(SupervisorApi api) {
    this.api = api;
  }

  public CompletableFuture<List<Outcome>> run(ActionRequest request) {
    return switch (request.action()) {
      case "start" -> each(request.names(), this::start);
      case "stop" -> each(request.names(), this::stop);
      case "restart" -> each(request.names(), n -> stop(n).thenCompose(stopped -> start(n)));
      case "clearlog" -> each(request.names(), n -> single(n, api.clearProcessLogs(n)));
      case "startall" -> results(api.startAllProcesses(true));
      case "stopall" -> results(api.stopAllProcesses(true));
      case "restartall" -> results(api.stopAllProcesses(true))
          .thenCompose(stopped -> results(api.startAllProcesses(true))
              .thenApply(started -> failuresThenOk(stopped, started)));
      default -> CompletableFuture.failedFuture(
          new IllegalArgumentException("unknown action " + request.action()));
    };
  }

  private CompletableFuture<List<Outcome>> start(String name) {
    if (isGroup(name)) {
      return results(api.startProcessGroup(groupOf(name), true));
    }
    return single(name, api.startProcess(name, true), Fault.ALREADY_STARTED);
  }

  private CompletableFuture<List<Outcome>> stop(String name) {
    if (isGroup(name)) {
      return results(api.stopProcessGroup(groupOf(name), true));
    }
    return single(name, api.stopProcess(name, true), Fault.NOT_RUNNING);
  }

  private static boolean isGroup(String name) {
    return name.endsWith(":*");
  }

  private static String groupOf(String name) {
    return name.substring(0, name.length() - 2);
  }

  private static CompletableFuture<List<Outcome>> each(List<String> names,
      Function<String, CompletableFuture<List<Outcome>>> action) {
    List<CompletableFuture<List<Outcome>>> all = new ArrayList<>();
    for (String name : names) {
      CompletableFuture<List<Outcome>> one;
      try {
        one = action.apply(name);
      } catch (RuntimeException e) {
        one = CompletableFuture.failedFuture(e);
      }
      all.add(one.exceptionally(e -> List.of(failure(name, e))));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<Outcome> outcomes = new ArrayList<>();
      all.forEach(f -> outcomes.addAll(f.join()));
      return outcomes;
    });
  }

  /** A single-process call; {@code harmless} faults (already in the wanted state) count as ok. */
  private static CompletableFuture<List<Outcome>> single(String name,
      CompletableFuture<?> call, Fault... harmless) {
    return call.handle((value, error) -> {
      if (error == null) {
        return List.of(new Outcome(name, true, ""));
      }
      Throwable cause = unwrap(error);
      if (cause instanceof RpcFault fault) {
        for (Fault h : harmless) {
          if (fault.code() == h.code()) {
            return List.of(new Outcome(name, true, ""));
          }
        }
      }
      return List.of(failure(name, cause));
    });
  }

  private static CompletableFuture<List<Outcome>> results(
      CompletableFuture<List<ProcessResult>> call) {
    return call.thenApply(list -> {
      List<Outcome> outcomes = new ArrayList<>();
      for (ProcessResult r : list) {
        boolean ok = r.status() == Fault.SUCCESS.code();
        outcomes.add(new Outcome(Namespec.display(r.group(), r.name()), ok, ok ? "" : r.description()));
      }
      return outcomes;
    });
  }

  /** restartall: a process that failed to stop or to start is reported once, with its failure. */
  private static List<Outcome> failuresThenOk(List<Outcome> stopped, List<Outcome> started) {
    List<Outcome> all = new ArrayList<>();
    stopped.stream().filter(o -> !o.ok()).forEach(all::add);
    all.addAll(started);
    return all;
  }

  private static Outcome failure(String name, Throwable error) {
    Throwable cause = unwrap(error);
    String text = cause instanceof RpcFault fault
        ? fault.getMessage()
        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return new Outcome(name, false, text);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
