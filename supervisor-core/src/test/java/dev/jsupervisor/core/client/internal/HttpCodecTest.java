package dev.jsupervisor.core.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client's HTTP pieces over plain bytes: response heads, chunked bodies, requests. */
class HttpCodecTest {
  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void readsSupervisordHeadAndLeavesTheBody() throws IOException {
    InputStream in =
        bytes("HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nContent-Type: text/xml\r\n"
            + "Content-Length: 4\r\n\r\nbody");
    HttpResponseHead head = HttpResponseHead.read(in);
    assertEquals(200, head.status());
    assertEquals("OK", head.reason());
    assertEquals(4, head.contentLength());
    assertEquals("Medusa/1.12", head.header("SERVER"));
    assertFalse(head.closesConnection());
    assertEquals("body", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void headAtEveryTruncationPointIsAnErrorExceptBeforeTheFirstByte() throws IOException {
    String full = "HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n";
    assertNull(HttpResponseHead.read(bytes("")));
    for (int cut = 1; cut < full.length(); cut++) {
      String part = full.substring(0, cut);
      assertThrows(EOFException.class, () -> HttpResponseHead.read(bytes(part)), part);
    }
    HttpResponseHead head = HttpResponseHead.read(bytes(full));
    assertEquals(401, head.status());
    assertTrue(head.closesConnection());
  }

  @Test
  void malformedHeadsAreNamed() {
    HttpProtocolException e =
        assertThrows(HttpProtocolException.class, () -> HttpResponseHead.parse("FTP/1 200 OK"));
    assertTrue(e.getMessage().contains("bad HTTP status line: FTP/1 200 OK"));
    assertThrows(HttpProtocolException.class, () -> HttpResponseHead.parse("HTTP/1.1 abc OK"));
    assertThrows(HttpProtocolException.class, () -> HttpResponseHead.parse("HTTP/1.1 20 OK"));
    e = assertThrows(HttpProtocolException.class,
        () -> HttpResponseHead.parse("HTTP/1.1 200 OK\r\nno colon here\r\n"));
    assertTrue(e.getMessage().contains("no colon here"));
    assertThrows(HttpProtocolException.class,
        () -> HttpResponseHead.parse("HTTP/1.1 200 OK\r\nContent-Length: -3\r\n").contentLength());
    assertThrows(HttpProtocolException.class,
        () -> HttpResponseHead.parse("HTTP/1.1 200 OK\r\nContent-Length: x\r\n").contentLength());
  }

  @Test
  void oversizedHeadIsRefused() {
    String huge = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(HttpResponseHead.MAX_HEAD_BYTES) + "\r\n\r\n";
    HttpProtocolException e =
        assertThrows(HttpProtocolException.class, () -> HttpResponseHead.read(bytes(huge)));
    assertTrue(e.getMessage().contains("longer than"));
  }

  @Test
  void http10ClosesUnlessKeepAlive() throws IOException {
    assertTrue(HttpResponseHead.parse("HTTP/1.0 200 OK\r\n").closesConnection());
    assertFalse(
        HttpResponseHead.parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n").closesConnection());
  }

  @Test
  void decodesChunksWithExtensionsAndTrailers() throws IOException {
    InputStream in =
        new ChunkedInputStream(bytes("5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX: y\r\n\r\nNEXT"));
    assertEquals("hello world", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void truncatedChunkedBodiesFailAtEveryCut() {
    String full = "5\r\nhello\r\n0\r\n\r\n";
    for (int cut = 0; cut < full.length(); cut++) {
      String part = full.substring(0, cut);
      assertThrows(IOException.class,
          () -> new ChunkedInputStream(bytes(part)).readAllBytes(), "cut at " + cut);
    }
  }

  @Test
  void malformedChunkFramingIsNamed() {
    assertThrows(HttpProtocolException.class,
        () -> new ChunkedInputStream(bytes("zz\r\nhello\r\n")).readAllBytes());
    assertThrows(HttpProtocolException.class,
        () -> new ChunkedInputStream(bytes("5\r\nhelloXX0\r\n\r\n")).readAllBytes());
    assertThrows(HttpProtocolException.class,
        () -> new ChunkedInputStream(bytes("1".repeat(2000) + "\r\n")).readAllBytes());
    assertThrows(HttpProtocolException.class,
        () -> new ChunkedInputStream(bytes("fffffffffffffffff\r\n")).readAllBytes());
  }

  @Test
  void postCarriesLengthHostAndCredentials() {
    byte[] body = "<x/>".getBytes(StandardCharsets.UTF_8);
    String auth = HttpRequests.basicAuthorization("bob", "pw");
    assertEquals("Basic Ym9iOnB3", auth);
    String req = new String(HttpRequests.post("/RPC2", "localhost", auth, body), StandardCharsets.ISO_8859_1);
    assertTrue(req.startsWith("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n"));
    assertTrue(req.contains("\r\nAuthorization: Basic Ym9iOnB3\r\n"));
    assertTrue(req.endsWith("Content-Length: 4\r\n\r\n<x/>"));
    assertNull(HttpRequests.basicAuthorization("bob", null));
    String get = new String(HttpRequests.get("/mainlogtail", "h:1", null), StandardCharsets.ISO_8859_1);
    assertTrue(get.startsWith("GET /mainlogtail HTTP/1.1\r\n"));
    assertFalse(get.contains("Authorization"));
    assertThrows(IllegalArgumentException.class, () -> HttpRequests.get("/a b", "h", null));
  }
}
