package dev.jsupervisor.core.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Encodes the two requests the client sends: an XML-RPC POST and a log-tail GET. */
public final class HttpRequests {
  private HttpRequests() {}

  /** {@code POST path} with the body's Content-Length; keeps the connection open. */
  public static byte[] post(String path, String host, String authorization, byte[] body) {
    StringBuilder head = start("POST", path, host, authorization);
    head.append("Content-Type: text/xml\r\n")
        .append("Accept: text/xml\r\n")
        .append("Content-Length: ")
        .append(body.length)
        .append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  /** {@code GET path}, e.g. {@code /logtail/app/stderr}. */
  public static byte[] get(String path, String host, String authorization) {
    StringBuilder head = start("GET", path, host, authorization);
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The Basic credentials header value, or null when either part is missing. */
  public static String basicAuthorization(String username, String password) {
    if (username == null || password == null) {
      return null;
    }
    byte[] raw = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(raw);
  }

  private static StringBuilder start(String method, String path, String host, String auth) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException("path must be printable ASCII without spaces: " + path);
      }
    }
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\n");
    head.append("Accept-Encoding: identity\r\n");
    head.append("User-Agent: jsupervisor\r\n");
    if (auth != null) {
      head.append("Authorization: ").append(auth).append("\r\n");
    }
    return head;
  }
}
