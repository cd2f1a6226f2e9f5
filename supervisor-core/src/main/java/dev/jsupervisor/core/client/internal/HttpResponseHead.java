package dev.jsupervisor.core.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of an HTTP/1.x response, parsed from text; also reads them off a
 * stream up to the blank line, refusing heads larger than {@link #MAX_HEAD_BYTES}.
 *
 * @param version e.g. {@code HTTP/1.1}
 * @param status the status code
 * @param reason the reason phrase (may be empty)
 * @param headers header values by lower-cased name (a repeated header keeps its last value)
 */
public record HttpResponseHead(
    String version, int status, String reason, Map<String, String> headers) {

  /** Bigger heads are refused: supervisord's are a few hundred bytes. */
  public static final int MAX_HEAD_BYTES = 64 * 1024;

  /**
   * Reads bytes up to and including the empty line that ends the head. Returns null when the
   * stream ends before the first byte (the server closed an idle connection).
   */
  public static HttpResponseHead read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int matched = 0; // how much of "\r\n\r\n" (or "\n\n") the tail of head matches
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new EOFException("connection closed inside the HTTP response head");
      }
      head.write(b);
      if (head.size() > MAX_HEAD_BYTES) {
        throw new HttpProtocolException(
            "HTTP response head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      if (b == '\n') {
        matched++;
        if (matched == 2) {
          return parse(head.toString(StandardCharsets.ISO_8859_1));
        }
      } else if (b != '\r') {
        matched = 0;
      }
    }
  }

  /** Parses a head (status line, header lines, optional trailing blank line). */
  public static HttpResponseHead parse(String text) throws HttpProtocolException {
    String[] lines = text.split("\r?\n", -1);
    String statusLine = lines[0];
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new HttpProtocolException("bad HTTP status line: " + abbreviate(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new HttpProtocolException("bad HTTP status code in: " + abbreviate(statusLine));
    }
    if (status < 100 || status > 999) {
      throw new HttpProtocolException("bad HTTP status code in: " + abbreviate(statusLine));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new HttpProtocolException("bad HTTP header line: " + abbreviate(line));
      }
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return new HttpResponseHead(parts[0], status, parts.length > 2 ? parts[2] : "", headers);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The declared body length, or -1 when there is no Content-Length header. */
  public long contentLength() throws HttpProtocolException {
    String value = header("content-length");
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value);
      if (length < 0) {
        throw new NumberFormatException();
      }
      return length;
    } catch (NumberFormatException e) {
      throw new HttpProtocolException("bad Content-Length: " + abbreviate(value));
    }
  }

  public boolean isChunked() {
    String te = header("transfer-encoding");
    return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
  }

  /** Whether the server will not take another request on this connection. */
  public boolean closesConnection() {
    String connection = header("connection");
    String value = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
    if (version.equals("HTTP/1.0")) {
      return !value.contains("keep-alive");
    }
    return value.contains("close");
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
