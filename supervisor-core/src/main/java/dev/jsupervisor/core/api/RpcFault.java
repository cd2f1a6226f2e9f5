package dev.jsupervisor.core.api;

/**
 * A supervisord XML-RPC fault: thrown by API implementations, and by clients when a server
 * answers with a fault. The message is the fault string exactly as it goes on the wire.
 */
public final class RpcFault extends RuntimeException {
  private final int code;

  public RpcFault(int code, String faultString) {
    super(faultString, null, false, false);
    this.code = code;
  }

  public RpcFault(Fault fault) {
    this(fault.code(), fault.faultString(null));
  }

  public RpcFault(Fault fault, String extra) {
    this(fault.code(), fault.faultString(extra));
  }

  public int code() {
    return code;
  }

  /** The fault string as sent, e.g. {@code BAD_NAME: foo}. */
  public String faultString() {
    return getMessage();
  }

  /** The known fault for {@link #code()}, or null. */
  public Fault fault() {
    return Fault.fromCode(code);
  }
}
