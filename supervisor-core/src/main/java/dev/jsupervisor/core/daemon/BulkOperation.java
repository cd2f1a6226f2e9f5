package dev.jsupervisor.core.daemon;

import dev.jsupervisor.core.api.Fault;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.RpcFault;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/**
 * A group or all-process start/stop: the operation is applied to every target at once, and the
 * answer lists one result struct per target in supervisord's order: the faults raised at once
 * first, then the rest in target order. (supervisord polls its targets in that order and lists
 * those that finish in the same poll in it; jsupervisord does not poll, so it uses that order
 * for all of them and its answer is the same bytes whatever order the processes finish in.)
 */
final class BulkOperation {
  private BulkOperation() {}

  /** Runs {@code op} on each target and completes when the last one has finished. */
  static CompletableFuture<List<ProcessResult>> run(
      List<ManagedProcess> targets,
      BiFunction<ManagedProcess, Boolean, CompletableFuture<Boolean>> op,
      boolean wait) {
    List<ProcessResult> immediate = new ArrayList<>();
    ProcessResult[] finished = new ProcessResult[targets.size()];
    CompletableFuture<List<ProcessResult>> all = new CompletableFuture<>();
    int[] left = {targets.size()};
    Runnable completeWhenLast = () -> {
      if (--left[0] == 0) {
        List<ProcessResult> results = new ArrayList<>(immediate);
        for (ProcessResult r : finished) {
          if (r != null) {
            results.add(r);
          }
        }
        all.complete(results);
      }
    };
    if (targets.isEmpty()) {
      all.complete(List.of());
      return all;
    }
    for (int i = 0; i < targets.size(); i++) {
      ManagedProcess p = targets.get(i);
      CompletableFuture<Boolean> f;
      try {
        f = op.apply(p, wait);
      } catch (RpcFault fault) {
        immediate.add(ProcessResult.of(p.group.name(), p.name(), fault));
        completeWhenLast.run();
        continue;
      }
      int slot = i;
      f.whenComplete((ok, e) -> {
        finished[slot] = result(p, e);
        completeWhenLast.run();
      });
    }
    return all;
  }

  private static ProcessResult result(ManagedProcess p, Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause == null) {
      return ProcessResult.ok(p.group.name(), p.name());
    }
    if (cause instanceof RpcFault fault) {
      return ProcessResult.of(p.group.name(), p.name(), fault);
    }
    return ProcessResult.of(p.group.name(), p.name(),
        new RpcFault(Fault.FAILED, String.valueOf(cause)));
  }
}
