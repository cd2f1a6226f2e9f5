package dev.jsupervisor.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jsupervisor.core.rpc.internal.BasicAuth;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the daemon's HTTP request reading without a socket: Jetty's request
 * parser with the daemon's header limit and compliance mode over a connection's worth of bytes
 * (pipelined requests, chunked and fixed-length bodies, EOF at the end), the request target's
 * path decoding that routing uses, and the Basic authorization check. A bad request must be
 * reported as one (never thrown), bodies never exceed the bytes sent, a header block never
 * exceeds the limit, and only the right credentials pass.
 */
final class HttpRequestJazzerFuzzTest {
  /** HttpServers.MAX_HEADER_BYTES. */
  private static final int MAX_HEADER_BYTES = 8 * 1024;
  private static final BasicAuth AUTH = new BasicAuth("user", "secret");

  @FuzzTest
  // Per input: Jazzer makes it libFuzzer's -timeout; a replayed hang fails on its own thread.
  @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  // libFuzzer dictionary syntax: backslash escapes are written out (\\r\\n is CR LF).
  @DictionaryEntries({"POST /RPC2 HTTP/1.1\\r\\n", "GET /logtail/a/stderr HTTP/1.1\\r\\n",
      "GET /mainlogtail HTTP/1.0\\r\\n", "Host: x\\r\\n", "Host: \\r\\n", "Content-Length: ",
      "Transfer-Encoding: chunked\\r\\n", "Connection: close\\r\\n", "Expect: 100-continue\\r\\n",
      "Authorization: Basic dXNlcjpzZWNyZXQ=\\r\\n", "\\r\\n\\r\\n", "\\r\\n0\\r\\n\\r\\n",
      "%2e%2e/", "%00", "HTTP/1.0", "HTTP/2.0"})
  void readsOrRejects(byte[] connection) {
    Requests requests = new Requests();
    HttpParser parser = new HttpParser(
        requests, MAX_HEADER_BYTES, new HttpConfiguration().getHttpCompliance());
    ByteBuffer bytes = ByteBuffer.wrap(connection);
    int rounds = 0;
    while (requests.rejected == null && !parser.isClosed()) {
      assertTrue(++rounds <= connection.length + 2, "the parser stopped consuming input");
      int before = bytes.remaining();
      parser.parseNext(bytes);
      if (parser.isState(HttpParser.State.END)) {
        parser.reset(); // the next request on a keep-alive connection
      } else if (!bytes.hasRemaining() || bytes.remaining() == before) {
        parser.atEOF();
        parser.parseNext(bytes);
        break;
      }
    }
    assertTrue(requests.contentBytes <= connection.length,
        requests.contentBytes + " body bytes from " + connection.length);
    if (requests.rejected != null) {
      assertTrue(requests.rejected.getCode() >= 400 && requests.rejected.getCode() < 600,
          "rejected with " + requests.rejected.getCode());
    }
  }

  /** Records what the parser reports and checks each request as the daemon would read it. */
  private static final class Requests implements HttpParser.RequestHandler {
    long contentBytes;
    int headerBytes;
    HttpException rejected;

    @Override
    public void startRequest(String method, String target, HttpVersion version) {
      assertNotNull(method);
      assertNotNull(target);
      headerBytes = 0;
      HttpURI.Mutable uri = HttpURI.build();
      try {
        uri.uri(method, target);
        uri.getDecodedPath(); // what HttpRoutes routes on; null is answered with 400
      } catch (IllegalArgumentException badTarget) {
        assertNotNull(badTarget.getMessage()); // Jetty answers 400
      }
    }

    @Override
    public void parsedHeader(HttpField field) {
      headerBytes += field.getName().length() + (field.getValue() == null ? 0
          : field.getValue().length());
      assertTrue(headerBytes <= MAX_HEADER_BYTES, headerBytes + " header bytes accepted");
      if (field.getHeader() == HttpHeader.AUTHORIZATION && AUTH.permits(field.getValue())) {
        String token = field.getValue().trim().substring(field.getValue().trim().indexOf(' '));
        assertEquals("user:secret", new String(
            Base64.getMimeDecoder().decode(token.trim()), StandardCharsets.UTF_8));
      }
    }

    @Override
    public boolean content(ByteBuffer content) {
      contentBytes += content.remaining();
      content.position(content.limit());
      return false;
    }

    @Override
    public boolean headerComplete() {
      return false;
    }

    @Override
    public boolean contentComplete() {
      return false;
    }

    @Override
    public boolean messageComplete() {
      return false;
    }

    @Override
    public void earlyEOF() {}

    @Override
    public void badMessage(HttpException failure) {
      rejected = failure;
    }
  }
}
