package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.RpcFault;
import dev.jsupervisor.core.client.ClientException;

/**
 * supervisorctl prints some values the way Python shows them: quoted strings ({@code 'foo'})
 * and its catch-all {@code error: <class ...>, ...} line. This renders those.
 */
final class PythonText {
  private PythonText() {}

  /** A string as Python's {@code repr} shows it. */
  static String repr(String s) {
    char quote = s.contains("'") && !s.contains("\"") ? '"' : '\'';
    StringBuilder b = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c == quote) {
            b.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append(quote).toString();
  }

  /**
   * supervisorctl's line for an unexpected error, without the Python source file and line it
   * appends (there is no Python source here).
   */
  static String errorLine(Throwable e) {
    if (e instanceof RpcFault f) {
      return "error: <class 'xmlrpc.client.Fault'>, <Fault " + f.code() + ": "
          + repr(f.faultString()) + ">";
    }
    if (e instanceof ClientException c) {
      switch (c.kind()) {
        case UNAUTHORIZED, HTTP_STATUS:
          return "error: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: "
              + c.httpStatus() + " " + c.reason() + ">";
        case REFUSED:
          return "error: <class 'ConnectionRefusedError'>, [Errno 111] Connection refused";
        case NO_SUCH_FILE:
          return "error: <class 'FileNotFoundError'>, [Errno 2] No such file or directory";
        case TIMEOUT:
          return "error: <class 'TimeoutError'>, " + c.getMessage();
        default:
          return "error: <class 'OSError'>, " + c.getMessage();
      }
    }
    if (e instanceof ArithmeticException) {
      return "error: <class 'OverflowError'>, " + e.getMessage();
    }
    if (e instanceof IllegalArgumentException) {
      return "error: <class 'ValueError'>, " + e.getMessage();
    }
    return "error: <class '" + e.getClass().getSimpleName() + "'>, " + e.getMessage();
  }
}
