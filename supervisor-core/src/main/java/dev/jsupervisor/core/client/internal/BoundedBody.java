package dev.jsupervisor.core.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a whole response body into memory, refusing one larger than a limit. */
public final class BoundedBody {
  private BoundedBody() {}

  /**
   * The body: {@code declaredLength} bytes, or up to the end of the stream when that is -1.
   * A body over {@code limit} bytes is refused before or while reading it.
   */
  public static byte[] read(InputStream in, long declaredLength, int limit)
      throws IOException, XmlRpcProtocolException {
    if (declaredLength > limit) {
      throw tooLarge(limit);
    }
    if (declaredLength >= 0) {
      byte[] body = in.readNBytes((int) declaredLength);
      if (body.length < declaredLength) {
        throw new EOFException(
            "connection closed with " + (declaredLength - body.length) + " body bytes missing");
      }
      return body;
    }
    byte[] buffer = new byte[Math.min(8192, limit)];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        if (size >= limit) {
          if (in.read() < 0) {
            return buffer;
          }
          throw tooLarge(limit);
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min((long) limit, Math.max(8192, 2L * size)));
      }
      int n = in.read(buffer, size, buffer.length - size);
      if (n < 0) {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
      }
      size += n;
    }
  }

  private static XmlRpcProtocolException tooLarge(int limit) {
    return new XmlRpcProtocolException("the answer is larger than the limit of " + limit + " bytes");
  }
}
