package dev.jsupervisor.core.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body from the stream beneath; ends at the zero-size chunk. */
public final class ChunkedInputStream extends InputStream {
  private static final int MAX_SIZE_LINE = 1024;
  private final InputStream in;
  private long remaining; // bytes left in the current chunk
  private boolean done;

  public ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      remaining = readSizeLine();
      if (remaining == 0) {
        skipTrailers();
        done = true;
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("connection closed inside a chunk");
    }
    remaining -= n;
    if (remaining == 0) {
      expectCrlf();
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private long readSizeLine() throws IOException {
    String line = readLine();
    int semicolon = line.indexOf(';'); // chunk extensions are ignored
    String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
    if (hex.isEmpty() || hex.length() > 15) {
      throw new HttpProtocolException("bad chunk size line: " + line);
    }
    try {
      long size = Long.parseLong(hex, 16);
      if (size < 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new HttpProtocolException("bad chunk size line: " + line);
    }
  }

  private void expectCrlf() throws IOException {
    if (!readLine().isEmpty()) {
      throw new HttpProtocolException("chunk not followed by CRLF");
    }
  }

  private void skipTrailers() throws IOException {
    while (!readLine().isEmpty()) {
      // trailers carry nothing we use
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed inside chunk framing");
      }
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) c);
      if (line.length() > MAX_SIZE_LINE) {
        throw new HttpProtocolException(
            "chunk framing line longer than " + MAX_SIZE_LINE + " bytes: "
                + line.substring(0, 40) + "...");
      }
    }
  }
}
