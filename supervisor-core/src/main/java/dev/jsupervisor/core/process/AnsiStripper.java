package dev.jsupervisor.core.process;

import java.io.ByteArrayOutputStream;

/**
 * supervisord's {@code strip_ansi}: drops each {@code ESC [} sequence up to and including its
 * terminating letter (one of {@code HfABCDRsuJKhlpm}).
 */
final class AnsiStripper {
  private static final String TERMINATORS = "HfABCDRsuJKhlpm";

  private AnsiStripper() {}

  static byte[] strip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
    boolean inEscape = false;
    for (int i = 0; i < data.length; i++) {
      byte b = data[i];
      if (inEscape) {
        if (TERMINATORS.indexOf(b) >= 0) {
          inEscape = false;
        }
      } else if (b == 0x1b && i + 1 < data.length && data[i + 1] == '[') {
        inEscape = true;
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }
}
