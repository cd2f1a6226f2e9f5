package dev.jsupervisor.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The listener side of the protocol for in-process test listeners: READY, events, results. */
final class ListenerIo {
  /** One received event: the header fields and the payload text. */
  record Received(Map<String, String> header, String payload) {
    String eventName() {
      return header.get("eventname");
    }

    /** A {@code key:value} field of the payload's first line. */
    String field(String key) {
      String firstLine = payload.split("\n", 2)[0];
      for (String token : firstLine.split(" ")) {
        if (token.startsWith(key + ":")) {
          return token.substring(key.length() + 1);
        }
      }
      return null;
    }
  }

  private final InputStream in;
  private final OutputStream out;

  ListenerIo(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void ready() throws IOException {
    write("READY\n");
  }

  void ok() throws IOException {
    write("RESULT 2\nOK");
  }

  void fail() throws IOException {
    write("RESULT 4\nFAIL");
  }

  /** Reads one event, or returns null at end of input. */
  Received next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        return null;
      }
      line.write(b);
    }
    Map<String, String> header = new LinkedHashMap<>();
    for (String token : line.toString(StandardCharsets.UTF_8).split(" ")) {
      int colon = token.indexOf(':');
      header.put(token.substring(0, colon), token.substring(colon + 1));
    }
    int codePoints = Integer.parseInt(header.get("len"));
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    for (int i = 0; i < codePoints; i++) {
      int first = in.read();
      payload.write(first);
      int extra = first >= 0xf0 ? 3 : first >= 0xe0 ? 2 : first >= 0xc0 ? 1 : 0;
      for (int k = 0; k < extra; k++) {
        payload.write(in.read());
      }
    }
    return new Received(header, payload.toString(StandardCharsets.UTF_8));
  }
}
