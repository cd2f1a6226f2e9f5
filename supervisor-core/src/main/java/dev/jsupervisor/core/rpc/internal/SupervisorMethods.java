package dev.jsupervisor.core.rpc.internal;

import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jsupervisor.core.rpc.SupervisorApi;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Defines the {@code supervisor.*} methods of xmlrpc-api.md §5 on top of a SupervisorApi. */
public final class SupervisorMethods {
  private static final String NAME_DOC = "Process name (or group:name)";
  private static final String NAME_OR_GROUP_DOC = "Process name (or group:name, or group:*)";
  private static final String OFFSET_DOC = "Byte offset to start reading from";
  private static final String LENGTH_DOC = "Number of bytes to read";
  private static final String RESULTS_DOC = "One result struct per process";
  private static final String TRUE_DOC = "Always true unless an error occurred";

  private SupervisorMethods() {}

  /** Adds every supervisor.* method, aliases included, to {@code set}. */
  public static void defineAll(MethodSet set, SupervisorApi api) {
    defineIdentity(set, api);
    defineDaemonControl(set, api);
    defineProcessControl(set, api);
    defineProcessLogs(set, api);
  }

  private static void defineIdentity(MethodSet set, SupervisorApi api) {
    set.define("supervisor.getAPIVersion", "Report the version of the RPC API.")
        .returns("string", "version", "The API version, e.g. 3.0")
        .invoke(a -> completedFuture(api.getAPIVersion()));
    set.define("supervisor.getVersion", "Report the version of the RPC API (same as getAPIVersion).")
        .returns("string", "version", "The API version, e.g. 3.0")
        .invoke(a -> completedFuture(api.getVersion()));
    set.define("supervisor.getSupervisorVersion", "Report the supervisord version compatible with this server.")
        .returns("string", "version", "The version, e.g. 4.2.5")
        .invoke(a -> completedFuture(api.getSupervisorVersion()));
    set.define("supervisor.getIdentification", "Report the configured identifier of this server.")
        .returns("string", "identifier", "The identifier string")
        .invoke(a -> completedFuture(api.getIdentification()));
    set.define("supervisor.getState", "Report the current state of the daemon.")
        .returns("struct", "state", "A struct with statecode and statename")
        .invoke(a -> api.getState());
    set.define("supervisor.getPID", "Report the process id of the daemon.")
        .returns("int", "pid", "The daemon's pid")
        .invoke(a -> completedFuture(api.getPID()));
  }

  private static void defineDaemonControl(MethodSet set, SupervisorApi api) {
    for (String name : new String[] {"supervisor.readLog", "supervisor.readMainLog"}) {
      boolean alias = name.endsWith("MainLog");
      set.define(name, "Read length bytes of the main log, starting at offset.")
          .param("int", "offset", OFFSET_DOC)
          .param("int", "length", LENGTH_DOC)
          .returns("string", "result", "The bytes read")
          .invoke(a -> alias
              ? api.readMainLog(a.integer(0), a.integer(1))
              : api.readLog(a.integer(0), a.integer(1)));
    }
    set.define("supervisor.clearLog", "Clear the main log.")
        .returns("boolean", "result", TRUE_DOC)
        .invoke(a -> api.clearLog());
    set.define("supervisor.shutdown", "Shut the daemon down.")
        .returns("boolean", "result", TRUE_DOC)
        .invoke(a -> api.shutdown());
    set.define("supervisor.restart", "Restart the daemon.")
        .returns("boolean", "result", TRUE_DOC)
        .invoke(a -> api.restart());
    set.define("supervisor.reloadConfig", "Re-read the configuration and report the group changes.")
        .returns("array", "result", "[[added group names, changed group names, removed group names]]")
        .invoke(a -> api.reloadConfig());
    set.define("supervisor.addProcessGroup", "Activate a process group from the configuration.")
        .param("string", "name", "Name of the group to add")
        .returns("boolean", "result", "True if the group was added")
        .invoke(a -> api.addProcessGroup(a.string(0)));
    set.define("supervisor.removeProcessGroup", "Remove a stopped process group.")
        .param("string", "name", "Name of the group to remove")
        .returns("boolean", "result", "True if the group was removed")
        .invoke(a -> api.removeProcessGroup(a.string(0)));
    set.define("supervisor.sendRemoteCommEvent", "Emit a REMOTE_COMMUNICATION event.")
        .param("string", "type", "The event type string")
        .param("string", "data", "The event payload")
        .returns("boolean", "result", TRUE_DOC)
        .invoke(a -> api.sendRemoteCommEvent(a.string(0), a.string(1)));
  }

  private static void defineProcessControl(MethodSet set, SupervisorApi api) {
    set.define("supervisor.getProcessInfo", "Report information about one process.")
        .param("string", "name", NAME_DOC)
        .returns("struct", "result", "A process info struct")
        .invoke(a -> api.getProcessInfo(a.string(0)));
    set.define("supervisor.getAllProcessInfo", "Report information about every process.")
        .returns("array", "result", "Process info structs, by group then process name")
        .invoke(a -> api.getAllProcessInfo());
    set.define("supervisor.getAllConfigInfo", "Report the configuration of every process.")
        .returns("array", "result", "Config info structs, by process name")
        .invoke(a -> api.getAllConfigInfo());
    defineLifecycle(set, "start", "started", api::startProcess, api::startProcessGroup,
        api::startAllProcesses);
    defineLifecycle(set, "stop", "stopped", api::stopProcess, api::stopProcessGroup,
        api::stopAllProcesses);
    set.define("supervisor.signalProcess", "Send a signal to a process.")
        .param("string", "name", NAME_OR_GROUP_DOC)
        .param("string", "signal", "Signal name (HUP, SIGHUP) or number")
        .returns("boolean", "result", TRUE_DOC)
        .invoke(a -> api.signalProcess(a.string(0), a.signal(1)));
    set.define("supervisor.signalProcessGroup", "Send a signal to every process of a group.")
        .param("string", "name", "The group name")
        .param("string", "signal", "Signal name (HUP, SIGHUP) or number")
        .returns("array", "result", RESULTS_DOC)
        .invoke(a -> api.signalProcessGroup(a.string(0), a.signal(1)));
    set.define("supervisor.signalAllProcesses", "Send a signal to every process.")
        .param("string", "signal", "Signal name (HUP, SIGHUP) or number")
        .returns("array", "result", RESULTS_DOC)
        .invoke(a -> api.signalAllProcesses(a.signal(0)));
    set.define("supervisor.sendProcessStdin", "Write text to the stdin of a process.")
        .param("string", "name", NAME_DOC)
        .param("string", "chars", "The text to write (sent UTF-8 encoded)")
        .returns("boolean", "result", TRUE_DOC)
        .invoke(a -> {
          String chars = a.stdinChars(1);
          return api.sendProcessStdin(a.string(0), chars);
        });
  }

  /** startProcess/startProcessGroup/startAllProcesses and the stop equivalents. */
  private static void defineLifecycle(MethodSet set, String verb, String done,
      BiFunction<String, Boolean, CompletableFuture<?>> one,
      BiFunction<String, Boolean, CompletableFuture<?>> group,
      Function<Boolean, CompletableFuture<?>> all) {
    String capital = Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
    set.define("supervisor." + verb + "Process", capital + " a process.")
        .param("string", "name", NAME_OR_GROUP_DOC)
        .optional("boolean", "wait", "Wait until the process is fully " + done)
        .returns("boolean", "result", TRUE_DOC)
        .invoke(a -> one.apply(a.string(0), a.flag(1)));
    set.define("supervisor." + verb + "ProcessGroup", capital + " every process of a group.")
        .param("string", "name", "The group name")
        .optional("boolean", "wait", "Wait until each process is fully " + done)
        .returns("array", "result", RESULTS_DOC)
        .invoke(a -> group.apply(a.string(0), a.flag(1)));
    set.define("supervisor." + verb + "AllProcesses", capital + " every process of every group.")
        .optional("boolean", "wait", "Wait until each process is fully " + done)
        .returns("array", "result", RESULTS_DOC)
        .invoke(a -> all.apply(a.flag(0)));
  }

  private static void defineProcessLogs(MethodSet set, SupervisorApi api) {
    for (String name : new String[] {
        "supervisor.readProcessStdoutLog", "supervisor.readProcessLog",
        "supervisor.readProcessStderrLog"}) {
      String channel = name.contains("Stderr") ? "stderr" : "stdout";
      set.define(name, "Read length bytes of a process's " + channel + " log, starting at offset.")
          .param("string", "name", NAME_DOC)
          .param("int", "offset", OFFSET_DOC)
          .param("int", "length", LENGTH_DOC)
          .returns("string", "result", "The bytes read")
          .invoke(a -> switch (name) {
            case "supervisor.readProcessLog" -> api.readProcessLog(a.string(0), a.integer(1), a.integer(2));
            case "supervisor.readProcessStderrLog" -> api.readProcessStderrLog(a.string(0), a.integer(1), a.integer(2));
            default -> api.readProcessStdoutLog(a.string(0), a.integer(1), a.integer(2));
          });
    }
    for (String name : new String[] {
        "supervisor.tailProcessStdoutLog", "supervisor.tailProcessLog",
        "supervisor.tailProcessStderrLog"}) {
      String channel = name.contains("Stderr") ? "stderr" : "stdout";
      set.define(name, "Read the end of a process's " + channel + " log, skipping what does not fit.")
          .param("string", "name", NAME_DOC)
          .param("int", "offset", OFFSET_DOC)
          .param("int", "length", "Maximum number of bytes to return")
          .returns("array", "result", "[bytes, next offset, overflow flag]")
          .invoke(a -> switch (name) {
            case "supervisor.tailProcessLog" -> api.tailProcessLog(a.string(0), a.integer(1), a.integer(2));
            case "supervisor.tailProcessStderrLog" -> api.tailProcessStderrLog(a.string(0), a.integer(1), a.integer(2));
            default -> api.tailProcessStdoutLog(a.string(0), a.integer(1), a.integer(2));
          });
    }
    for (String name : new String[] {"supervisor.clearProcessLogs", "supervisor.clearProcessLog"}) {
      boolean alias = name.endsWith("Log");
      set.define(name, "Clear the stdout and stderr logs of a process.")
          .param("string", "name", NAME_DOC)
          .returns("boolean", "result", TRUE_DOC)
          .invoke(a -> alias ? api.clearProcessLog(a.string(0)) : api.clearProcessLogs(a.string(0)));
    }
    set.define("supervisor.clearAllProcessLogs", "Clear the logs of every process.")
        .returns("array", "result", RESULTS_DOC)
        .invoke(a -> api.clearAllProcessLogs());
  }
}
