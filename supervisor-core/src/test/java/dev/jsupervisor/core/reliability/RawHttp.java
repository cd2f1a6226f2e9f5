package dev.jsupervisor.core.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Hand-written HTTP requests on raw loopback sockets, for clients no real client would be. */
final class RawHttp {
  static final String GET_PID =
      "<?xml version='1.0'?><methodCall><methodName>supervisor.getPID</methodName></methodCall>";

  private RawHttp() {}

  /** An Authorization header line, CRLF included. */
  static String authHeader(String user, String password) {
    return "Authorization: Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
  }

  /** A POST /RPC2 with the given header lines (CRLF-terminated) and a right Content-Length. */
  static String rpcRequest(String headerLines, String body) {
    return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n" + headerLines
        + "Content-Type: text/xml\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  /**
   * Sends {@code request} on a new connection, half-closes it, and returns the response head,
   * or "" when the server closed without answering; waits at most {@code timeoutMillis} for it.
   */
  static String exchange(int port, byte[] request, int timeoutMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(timeoutMillis);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        s.shutdownOutput();
      } catch (IOException closedEarly) {
        // the server may answer (400, 401, 413) and close before reading everything
      }
      return readHead(s.getInputStream());
    }
  }

  /** The response head up to its blank line, or what came before the server closed. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1)
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The Content-Length of a response head, 0 when it has none. */
  static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }
}
