package dev.jsupervisor.core.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The controllers a command line runs on: one per server. With several servers each command
 * runs on all of them at once (their lines prefixed with the server) and a failing server does
 * not hold up the others; the exit status is the highest of theirs.
 */
final class Fleet {
  final List<Controller> controllers;
  private final ExecutorService pool;

  Fleet(List<Controller> controllers, ExecutorService pool) {
    this.controllers = controllers;
    this.pool = pool;
  }

  /** Runs {@code line} everywhere; true when the shell should end. */
  boolean onecmd(String line) {
    if (controllers.size() == 1) {
      return controllers.get(0).onecmd(line);
    }
    List<CompletableFuture<Boolean>> runs = new ArrayList<>();
    for (Controller c : controllers) {
      runs.add(CompletableFuture.supplyAsync(() -> c.onecmd(line), pool));
    }
    boolean quit = false;
    for (CompletableFuture<Boolean> r : runs) {
      quit |= r.join();
    }
    return quit;
  }

  int exitStatus() {
    int status = 0;
    for (Controller c : controllers) {
      status = Math.max(status, c.exitStatus);
    }
    return status;
  }

  void close() {
    controllers.forEach(Controller::close);
  }
}
