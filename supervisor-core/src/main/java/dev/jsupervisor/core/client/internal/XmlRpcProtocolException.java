package dev.jsupervisor.core.client.internal;

/** An answer that is not the XML-RPC we accept; the message says what is wrong and where. */
public final class XmlRpcProtocolException extends Exception {
  public XmlRpcProtocolException(String message) {
    super(message, null, false, false);
  }
}
