package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.config.ConfigDiff;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.SupervisorState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code supervisor.*} XML-RPC namespace as a Java interface (xmlrpc-api.md §5); the daemon
 * implements it, {@link XmlRpcEndpoint} serves it.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Faults are {@link dev.jsupervisor.core.api.RpcFault}s, either thrown or completing the
 *       returned future exceptionally; the endpoint sends them unchanged (code and string). The
 *       SHUTDOWN_STATE check is the implementation's business.
 *   <li>Everything that reads or changes daemon/process state returns a {@link CompletableFuture}
 *       so the implementation can answer from its own loop thread without ever blocking it; a
 *       request waits for the future, there is no server-side timeout (as in supervisord).
 *   <li>Name arguments are passed exactly as the client sent them; BAD_NAME faults must carry
 *       that text.
 *   <li>Any other exception is a server bug and becomes {@code 500 Internal Server Error}.
 * </ul>
 */
public interface SupervisorApi {

  /** {@code "3.0"}; supervisorctl refuses any other value. */
  String getAPIVersion();

  /** Alias of {@link #getAPIVersion()}, the call supervisorctl's upcheck makes. */
  default String getVersion() {
    return getAPIVersion();
  }

  /** The supervisord version this daemon mimics, {@code "4.2.5"}. */
  String getSupervisorVersion();

  /** The configured {@code identifier}. */
  String getIdentification();

  /** The daemon pid. */
  int getPID();

  /** The daemon mood; sent as {@code {statecode, statename}}. */
  CompletableFuture<SupervisorState> getState();

  /** A slice of the main log (readLog offset/length rules of xmlrpc-api.md §5). */
  CompletableFuture<String> readLog(int offset, int length);

  /** Alias of {@link #readLog(int, int)}. */
  default CompletableFuture<String> readMainLog(int offset, int length) {
    return readLog(offset, length);
  }

  CompletableFuture<Boolean> clearLog();

  /** Sets the SHUTDOWN mood and answers true at once. */
  CompletableFuture<Boolean> shutdown();

  /** Sets the RESTARTING mood and answers true at once. */
  CompletableFuture<Boolean> restart();

  CompletableFuture<ProcessInfo> getProcessInfo(String name);

  /** Sorted by group name, then process name. */
  CompletableFuture<List<ProcessInfo>> getAllProcessInfo();

  /**
   * One struct per configured process, sorted by process name, members as in xmlrpc-api.md §4
   * (values: String, Integer, Boolean or List of Integer; unset values as {@code "none"}).
   */
  CompletableFuture<List<Map<String, Object>>> getAllConfigInfo();

  /**
   * Starts one process. Completes with {@code Boolean.TRUE}, or, for a whole-group namespec
   * ({@code group:*}), with the {@code List<ProcessResult>} of startProcessGroup.
   */
  CompletableFuture<Object> startProcess(String name, boolean wait);

  /** Faults raised at once first, then the rest in process order (as supervisord lists them); only processes that were not running appear. */
  CompletableFuture<List<ProcessResult>> startProcessGroup(String name, boolean wait);

  CompletableFuture<List<ProcessResult>> startAllProcesses(boolean wait);

  /** As {@link #startProcess(String, boolean)}: TRUE, or a result list for {@code group:*}. */
  CompletableFuture<Object> stopProcess(String name, boolean wait);

  CompletableFuture<List<ProcessResult>> stopProcessGroup(String name, boolean wait);

  CompletableFuture<List<ProcessResult>> stopAllProcesses(boolean wait);

  /**
   * Signals one process; {@code signal} is a name ({@code HUP}, {@code SIGHUP}) or a number in
   * text form. TRUE, or a result list for {@code group:*}.
   */
  CompletableFuture<Object> signalProcess(String name, String signal);

  CompletableFuture<List<ProcessResult>> signalProcessGroup(String name, String signal);

  CompletableFuture<List<ProcessResult>> signalAllProcesses(String signal);

  /** Writes {@code chars} UTF-8 encoded to the child's stdin. */
  CompletableFuture<Boolean> sendProcessStdin(String name, String chars);

  /** Emits REMOTE_COMMUNICATION; works even while shutting down. */
  CompletableFuture<Boolean> sendRemoteCommEvent(String type, String data);

  /** Re-reads the config and reports the group changes without applying them. */
  CompletableFuture<ConfigDiff> reloadConfig();

  CompletableFuture<Boolean> addProcessGroup(String name);

  CompletableFuture<Boolean> removeProcessGroup(String name);

  CompletableFuture<String> readProcessStdoutLog(String name, int offset, int length);

  /** Alias of {@link #readProcessStdoutLog(String, int, int)}. */
  default CompletableFuture<String> readProcessLog(String name, int offset, int length) {
    return readProcessStdoutLog(name, offset, length);
  }

  CompletableFuture<String> readProcessStderrLog(String name, int offset, int length);

  CompletableFuture<TailResult> tailProcessStdoutLog(String name, int offset, int length);

  /** Alias of {@link #tailProcessStdoutLog(String, int, int)}. */
  default CompletableFuture<TailResult> tailProcessLog(String name, int offset, int length) {
    return tailProcessStdoutLog(name, offset, length);
  }

  CompletableFuture<TailResult> tailProcessStderrLog(String name, int offset, int length);

  CompletableFuture<Boolean> clearProcessLogs(String name);

  /** Alias of {@link #clearProcessLogs(String)}. */
  default CompletableFuture<Boolean> clearProcessLog(String name) {
    return clearProcessLogs(name);
  }

  CompletableFuture<List<ProcessResult>> clearAllProcessLogs();
}
