package dev.jsupervisor.core.client;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.ProcessResult;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.client.internal.HttpRequests;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed client for supervisord's XML-RPC API over {@code http://host:port} or {@code
 * unix:///path}. Thread-safe: concurrent calls each borrow their own keep-alive connection from a
 * small pool, sequential calls reuse one. Server faults are thrown as {@link RpcFault} (code and
 * exact fault string); transport failures as {@link ClientException}.
 */
public final class SupervisorClient implements AutoCloseable {
  private final Endpoint endpoint;
  private final RpcTransport rpc;
  private final String username;
  private final String password;

  private SupervisorClient(Builder b) {
    this.username = b.username;
    this.password = b.password;
    this.endpoint =
        new Endpoint(
            ServerUrl.parse(b.url),
            HttpRequests.basicAuthorization(b.username, b.password),
            (int) b.connectTimeout.toMillis(),
            (int) b.readTimeout.toMillis());
    this.rpc = new RpcTransport(endpoint);
  }

  /** Starts a client for {@code url} ({@code http://host:port} or {@code unix:///path}). */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** A client for {@code url} without credentials and with default timeouts. */
  public static SupervisorClient of(String url) {
    return builder(url).build();
  }

  /**
   * The client a child of supervisord uses: {@code SUPERVISOR_SERVER_URL}, with {@code
   * SUPERVISOR_USERNAME} / {@code SUPERVISOR_PASSWORD} (empty when unset, as supervisor's own
   * child utilities send them).
   */
  public static SupervisorClient fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** {@link #fromEnvironment()} over the given variables. */
  public static SupervisorClient fromEnvironment(Map<String, String> env) {
    return builderFromEnvironment(env).build();
  }

  /** The builder of {@link #fromEnvironment(Map)}, for other timeouts. */
  public static Builder builderFromEnvironment(Map<String, String> env) {
    String url = env.get("SUPERVISOR_SERVER_URL");
    if (url == null || url.isEmpty()) {
      throw new IllegalStateException(
          "SUPERVISOR_SERVER_URL is not set: this must run as a child of supervisord");
    }
    return builder(url)
        .credentials(
            env.getOrDefault("SUPERVISOR_USERNAME", ""),
            env.getOrDefault("SUPERVISOR_PASSWORD", ""));
  }

  /** The server URL as given. */
  public String url() {
    return endpoint.url.text();
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** A client for the same server with other credentials (pool not shared). */
  public SupervisorClient withCredentials(String user, String pass) {
    return builder(url())
        .credentials(user, pass)
        .connectTimeout(Duration.ofMillis(endpoint.connectTimeoutMillis))
        .readTimeout(Duration.ofMillis(endpoint.readTimeoutMillis))
        .build();
  }

  /** Calls {@code method} with {@code params} and returns the raw decoded value. */
  public Object call(String method, Object... params) {
    return rpc.call(method, params);
  }

  // --- system namespace -------------------------------------------------------------------

  public List<String> listMethods() {
    return strings(call("system.listMethods"));
  }

  public String methodHelp(String method) {
    return (String) call("system.methodHelp", method);
  }

  public List<String> methodSignature(String method) {
    List<String> out = new ArrayList<>();
    for (Object sig : array(call("system.methodSignature", method))) {
      out.add(sig instanceof Object[] ? Arrays.toString((Object[]) sig) : String.valueOf(sig));
    }
    return out;
  }

  /**
   * Runs {@code calls} in one request. Each result is the call's value, or an {@link RpcFault}
   * object (not thrown) for a call that faulted.
   */
  public List<Object> multicall(List<MethodCall> calls) {
    List<Object> wire = new ArrayList<>();
    for (MethodCall c : calls) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("methodName", c.method());
      m.put("params", c.params().toArray());
      wire.add(m);
    }
    List<Object> results = new ArrayList<>();
    for (Object r : array(call("system.multicall", new Object[] {wire.toArray()}))) {
      if (r instanceof Map && ((Map<?, ?>) r).containsKey("faultCode")) {
        Map<?, ?> f = (Map<?, ?>) r;
        results.add(
            new RpcFault(((Number) f.get("faultCode")).intValue(), String.valueOf(f.get("faultString"))));
      } else {
        results.add(r);
      }
    }
    return results;
  }

  /** One call of a {@link #multicall}. */
  public record MethodCall(String method, List<Object> params) {
    public static MethodCall of(String method, Object... params) {
      return new MethodCall(method, List.of(params));
    }
  }

  // --- supervisor namespace: daemon -------------------------------------------------------

  public String getAPIVersion() {
    return (String) call("supervisor.getAPIVersion");
  }

  /** Same as {@link #getAPIVersion()}; what supervisorctl's up-check calls. */
  public String getVersion() {
    return (String) call("supervisor.getVersion");
  }

  public String getSupervisorVersion() {
    return (String) call("supervisor.getSupervisorVersion");
  }

  public String getIdentification() {
    return (String) call("supervisor.getIdentification");
  }

  public SupervisorState getState() {
    int code = ((Number) map(call("supervisor.getState")).get("statecode")).intValue();
    for (SupervisorState s : SupervisorState.values()) {
      if (s.code() == code) {
        return s;
      }
    }
    throw ClientException.of(
        ClientException.Kind.IO, url() + " sent an unknown supervisor state " + code, null);
  }

  public int getPID() {
    return ((Number) call("supervisor.getPID")).intValue();
  }

  public String readLog(int offset, int length) {
    return (String) call("supervisor.readLog", offset, length);
  }

  public boolean clearLog() {
    return bool(call("supervisor.clearLog"));
  }

  public boolean shutdown() {
    return bool(call("supervisor.shutdown"));
  }

  public boolean restart() {
    return bool(call("supervisor.restart"));
  }

  /** Re-reads the daemon's config: which groups it would add, change and remove. */
  public ConfigChanges reloadConfig() {
    Object[] outer = array(call("supervisor.reloadConfig"));
    Object[] triple = array(outer[0]);
    return new ConfigChanges(strings(triple[0]), strings(triple[1]), strings(triple[2]));
  }

  /** The three group-name lists of {@link #reloadConfig()}. */
  public record ConfigChanges(List<String> added, List<String> changed, List<String> removed) {
    public boolean isEmpty() {
      return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
  }

  public boolean addProcessGroup(String name) {
    return bool(call("supervisor.addProcessGroup", name));
  }

  public boolean removeProcessGroup(String name) {
    return bool(call("supervisor.removeProcessGroup", name));
  }

  // --- processes --------------------------------------------------------------------------

  /** Starts one process ({@code name} or {@code group:name}; use the group call for {@code g:*}). */
  public boolean startProcess(String name, boolean wait) {
    return bool(call("supervisor.startProcess", name, wait));
  }

  public List<ProcessResult> startProcessGroup(String group, boolean wait) {
    return processResults(call("supervisor.startProcessGroup", group, wait));
  }

  public List<ProcessResult> startAllProcesses(boolean wait) {
    return processResults(call("supervisor.startAllProcesses", wait));
  }

  public boolean stopProcess(String name, boolean wait) {
    return bool(call("supervisor.stopProcess", name, wait));
  }

  public List<ProcessResult> stopProcessGroup(String group, boolean wait) {
    return processResults(call("supervisor.stopProcessGroup", group, wait));
  }

  public List<ProcessResult> stopAllProcesses(boolean wait) {
    return processResults(call("supervisor.stopAllProcesses", wait));
  }

  /** Sends {@code signal} (a name like {@code HUP} or a number as text). */
  public boolean signalProcess(String name, String signal) {
    return bool(call("supervisor.signalProcess", name, signal));
  }

  public List<ProcessResult> signalProcessGroup(String group, String signal) {
    return processResults(call("supervisor.signalProcessGroup", group, signal));
  }

  public List<ProcessResult> signalAllProcesses(String signal) {
    return processResults(call("supervisor.signalAllProcesses", signal));
  }

  public ProcessInfo getProcessInfo(String name) {
    return ProcessInfo.fromStruct(map(call("supervisor.getProcessInfo", name)));
  }

  /** Every process, in supervisord's order (group name, then process name). */
  public List<ProcessInfo> getAllProcessInfo() {
    List<ProcessInfo> out = new ArrayList<>();
    for (Object o : array(call("supervisor.getAllProcessInfo"))) {
      out.add(ProcessInfo.fromStruct(map(o)));
    }
    return out;
  }

  /** Every configured process (also ones not yet added), sorted by process name. */
  public List<ConfigInfo> getAllConfigInfo() {
    List<ConfigInfo> out = new ArrayList<>();
    for (Object o : array(call("supervisor.getAllConfigInfo"))) {
      out.add(ConfigInfo.fromStruct(map(o)));
    }
    return out;
  }

  /** The fields of a {@code getAllConfigInfo} entry that clients use; {@code raw} has them all. */
  public record ConfigInfo(
      String name,
      String group,
      boolean inuse,
      boolean autostart,
      int groupPriority,
      int processPriority,
      Map<String, Object> raw) {

    static ConfigInfo fromStruct(Map<?, ?> m) {
      Map<String, Object> raw = new LinkedHashMap<>();
      m.forEach((k, v) -> raw.put(String.valueOf(k), v));
      return new ConfigInfo(
          String.valueOf(m.get("name")),
          String.valueOf(m.get("group")),
          bool(m.get("inuse")),
          bool(m.get("autostart")),
          ((Number) m.get("group_prio")).intValue(),
          ((Number) m.get("process_prio")).intValue(),
          Collections.unmodifiableMap(raw));
    }
  }

  public String readProcessStdoutLog(String name, int offset, int length) {
    return (String) call("supervisor.readProcessStdoutLog", name, offset, length);
  }

  public String readProcessStderrLog(String name, int offset, int length) {
    return (String) call("supervisor.readProcessStderrLog", name, offset, length);
  }

  public LogChunk tailProcessStdoutLog(String name, int offset, int length) {
    return LogChunk.of(array(call("supervisor.tailProcessStdoutLog", name, offset, length)));
  }

  public LogChunk tailProcessStderrLog(String name, int offset, int length) {
    return LogChunk.of(array(call("supervisor.tailProcessStderrLog", name, offset, length)));
  }

  /** A {@code tailProcess*Log} answer: the text, the log size now, and whether text was cut. */
  public record LogChunk(String text, int offset, boolean overflow) {
    static LogChunk of(Object[] a) {
      return new LogChunk((String) a[0], ((Number) a[1]).intValue(), bool(a[2]));
    }
  }

  public boolean clearProcessLogs(String name) {
    return bool(call("supervisor.clearProcessLogs", name));
  }

  public List<ProcessResult> clearAllProcessLogs() {
    return processResults(call("supervisor.clearAllProcessLogs"));
  }

  public boolean sendProcessStdin(String name, String chars) {
    return bool(call("supervisor.sendProcessStdin", name, chars));
  }

  public boolean sendRemoteCommEvent(String type, String data) {
    return bool(call("supervisor.sendRemoteCommEvent", type, data));
  }

  // --- log streaming ----------------------------------------------------------------------

  /**
   * Streams {@code /logtail/<name>/<channel>} ({@code stdout} or {@code stderr}): the log's
   * last kilobyte, then whatever is appended, until the stream is closed or the reading thread
   * is interrupted. Close it to drop the connection.
   */
  public InputStream openLogTail(String name, String channel) {
    return openStream("/logtail/" + name + "/" + channel);
  }

  /** Streams {@code /mainlogtail}, the daemon's own log, like {@link #openLogTail}. */
  public InputStream openMainLogTail() {
    return openStream("/mainlogtail");
  }

  private InputStream openStream(String path) {
    Exchange exchange =
        endpoint.send(HttpRequests.get(path, endpoint.hostHeader(), endpoint.authorization));
    int status = exchange.head.status();
    if (status != 200) {
      exchange.abort();
      throw ClientException.httpStatus(endpoint.url, status, exchange.head.reason());
    }
    InputStream body = exchange.body();
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return body.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return body.read(b, off, len);
      }

      @Override
      public void close() {
        exchange.abort();
      }
    };
  }

  /** Closes idle connections; calls made afterwards open new ones. */
  @Override
  public void close() {
    endpoint.close();
  }

  // --- value decoding ---------------------------------------------------------------------

  private static Object[] array(Object o) {
    if (o instanceof Object[]) {
      return (Object[]) o;
    }
    if (o instanceof List) {
      return ((List<?>) o).toArray();
    }
    throw unexpected("an array", o);
  }

  private static Map<?, ?> map(Object o) {
    if (o instanceof Map) {
      return (Map<?, ?>) o;
    }
    throw unexpected("a struct", o);
  }

  private static boolean bool(Object o) {
    if (o instanceof Boolean) {
      return (Boolean) o;
    }
    if (o instanceof Number) {
      return ((Number) o).intValue() != 0;
    }
    throw unexpected("a boolean", o);
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object s : array(o)) {
      out.add(String.valueOf(s));
    }
    return out;
  }

  /**
   * A group or "all" call's answer (as a {@link #multicall} returns it) as one result per
   * process; a {@link ClientException} when it is not such an array.
   */
  public static List<ProcessResult> processResults(Object o) {
    List<ProcessResult> out = new ArrayList<>();
    for (Object r : array(o)) {
      out.add(ProcessResult.fromStruct(map(r)));
    }
    return out;
  }

  private static ClientException unexpected(String wanted, Object got) {
    return ClientException.of(
        ClientException.Kind.IO,
        "server answered " + (got == null ? "nothing" : got.getClass().getSimpleName())
            + " where " + wanted + " was expected",
        null);
  }

  /** Settings for a {@link SupervisorClient}. */
  public static final class Builder {
    private final String url;
    private String username;
    private String password;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ZERO;

    private Builder(String url) {
      ServerUrl.parse(url); // fail early on a bad URL
      this.url = url;
    }

    /** HTTP Basic credentials; sent only when both are non-null, as supervisorctl does. */
    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * How long to wait for each answer; zero (the default) waits without limit, since {@code
     * wait=true} starts and stops legitimately take as long as startsecs/stopwaitsecs.
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    public SupervisorClient build() {
      return new SupervisorClient(this);
    }
  }
}
