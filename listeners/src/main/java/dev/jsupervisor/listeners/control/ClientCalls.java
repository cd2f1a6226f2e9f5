package dev.jsupervisor.listeners.control;

import dev.jsupervisor.core.api.ProcessInfo;
import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.api.SupervisorState;
import dev.jsupervisor.core.client.ClientException;
import dev.jsupervisor.core.client.SupervisorClient;
import dev.jsupervisor.core.client.SupervisorClient.MethodCall;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link SupervisorCalls} over the real XML-RPC client built from {@code SUPERVISOR_SERVER_URL},
 * with transport failures turned into {@link UncheckedIOException} as the engines expect.
 */
public final class ClientCalls implements SupervisorCalls {
  private final SupervisorClient client;

  public ClientCalls(SupervisorClient client) {
    this.client = client;
  }

  @Override
  public void startProcess(String namespec, boolean wait) {
    call(() -> client.startProcess(namespec, wait));
  }

  /** One {@code system.multicall} of startProcess and getProcessInfo. */
  @Override
  public ProcessInfo startProcessAndRead(String namespec) {
    List<Object> results = call(() -> client.multicall(List.of(
        MethodCall.of("supervisor.startProcess", namespec, false),
        MethodCall.of("supervisor.getProcessInfo", namespec))));
    if (results.size() != 2) {
      throw new UncheckedIOException(new java.io.IOException(
          "system.multicall answered " + results.size() + " results for 2 calls"));
    }
    if (unwrap(results.get(0)) instanceof RpcFault fault) {
      throw fault;
    }
    return unwrap(results.get(1)) instanceof Map<?, ?> info ? ProcessInfo.fromStruct(info) : null;
  }

  /** A multicall result: supervisord sends bare values, the XML-RPC convention one-element arrays. */
  private static Object unwrap(Object result) {
    return result instanceof Object[] a && a.length == 1 ? a[0] : result;
  }

  @Override
  public List<ProcessInfo> getAllProcessInfo() {
    return call(client::getAllProcessInfo);
  }

  @Override
  public ProcessInfo getProcessInfo(String namespec) {
    return call(() -> client.getProcessInfo(namespec));
  }

  @Override
  public SupervisorState getState() {
    return call(client::getState);
  }

  @Override
  public String getSupervisorVersion() {
    return call(client::getSupervisorVersion);
  }

  @Override
  public String getIdentification() {
    return call(client::getIdentification);
  }

  @Override
  public int getPid() {
    return call(client::getPID);
  }

  private static <T> T call(Supplier<T> body) {
    try {
      return body.get();
    } catch (ClientException e) {
      throw new UncheckedIOException(new java.io.IOException(e.getMessage(), e));
    }
  }
}
