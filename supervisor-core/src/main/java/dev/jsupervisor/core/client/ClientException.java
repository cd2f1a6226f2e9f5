package dev.jsupervisor.core.client;

/**
 * A call that never got a proper XML-RPC answer: the server was unreachable, refused us, or
 * answered something that is not XML-RPC. Faults the server sends are {@code RpcFault} instead.
 * {@link #getMessage()} says what happened in supervisorctl's words.
 */
public final class ClientException extends RuntimeException {

  /** What went wrong, coarse enough for a caller to pick its exit code or message. */
  public enum Kind {
    /** TCP connection refused, or a UNIX socket file with nobody listening. */
    REFUSED,
    /** The UNIX socket file does not exist. */
    NO_SUCH_FILE,
    /** HTTP 401: credentials missing or wrong. */
    UNAUTHORIZED,
    /** Any other HTTP status than 200. */
    HTTP_STATUS,
    /** No connection or no answer within the configured time. */
    TIMEOUT,
    /** The connection broke, or the answer was not well-formed HTTP or XML-RPC. */
    IO
  }

  private final Kind kind;
  private final int httpStatus;
  private final String reason;

  ClientException(Kind kind, String message, int httpStatus, String reason, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.reason = reason;
  }

  static ClientException of(Kind kind, String message, Throwable cause) {
    return new ClientException(kind, message, 0, null, cause);
  }

  /** A non-200 answer; 401 becomes {@link Kind#UNAUTHORIZED}. */
  static ClientException httpStatus(ServerUrl url, int status, String reason) {
    Kind kind = status == 401 ? Kind.UNAUTHORIZED : Kind.HTTP_STATUS;
    String message =
        status == 401
            ? "Server requires authentication"
            : url + " answered HTTP " + status + " " + reason;
    return new ClientException(kind, message, status, reason, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status for {@link Kind#UNAUTHORIZED} and {@link Kind#HTTP_STATUS}, else 0. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The HTTP reason phrase that came with {@link #httpStatus()}, or null. */
  public String reason() {
    return reason;
  }
}
