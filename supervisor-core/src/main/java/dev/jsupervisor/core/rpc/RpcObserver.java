package dev.jsupervisor.core.rpc;

/**
 * Sees every XML-RPC request an endpoint answers (metrics): the method as resolved, how it
 * ended and how long it took. Called on the thread that completes the request; it must only
 * count and return.
 */
@FunctionalInterface
public interface RpcObserver {
  /** Observes nothing. */
  RpcObserver NONE = (method, outcome, nanos) -> {};

  /** How a request ended. */
  enum Outcome {
    /** A result (200). */
    OK,
    /** An XML-RPC fault (200). */
    FAULT,
    /** No answer but an HTTP error: unparsable body (400) or a server error (500). */
    ERROR
  }

  /**
   * @param method the method name if the endpoint knows it, {@code null} otherwise (an unknown
   *     name is the client's text: never a label)
   */
  void onRequest(String method, Outcome outcome, long nanos);
}
