package dev.jsupervisor.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small Python event listeners that a test writes to a directory: one that behaves and several
 * that each get one thing wrong. Each appends the header of every event it reads to the file
 * named by its first argument (before answering), so a test can see what it received.
 */
public enum ListenerScripts {
  /** READY, then {@code RESULT 2\nOK} and READY for every event. */
  GOOD("b'READY\\n'", "b'RESULT 2\\nOKREADY\\n'"),
  /** Writes {@code hello} before its first READY, then behaves. */
  HELLO_BEFORE_READY("b'hello\\nREADY\\n'", "b'RESULT 2\\nOKREADY\\n'"),
  /** Answers {@code RESULT 3\nOK} (a wrong length) and READY. */
  RESULT_3_OK("b'READY\\n'", "b'RESULT 3\\nOKREADY\\n'"),
  /** Answers {@code RESULT 3\nOK} and then waits for the next event. */
  RESULT_3_OK_THEN_WAITS("b'READY\\n'", "b'RESULT 3\\nOK'"),
  /** Acks each event but never writes READY after its first ack. */
  NO_READY_AFTER_ACK("b'READY\\n'", "b'RESULT 2\\nOK'"),
  /** Reads every event and never answers. */
  NEVER_ANSWERS("b'READY\\n'", "b''");

  private final String first;
  private final String reply;

  ListenerScripts(String first, String reply) {
    this.first = first;
    this.reply = reply;
  }

  /** The script's text. */
  String source() {
    return String.join("\n",
        "import sys",
        "out, inp = sys.stdout.buffer, sys.stdin.buffer",
        "out.write(" + first + "); out.flush()",
        "while True:",
        "    header = inp.readline()",
        "    if not header:",
        "        break",
        "    fields = dict(f.split(b':', 1) for f in header.split())",
        "    inp.read(int(fields[b'len']))",
        "    with open(sys.argv[1], 'ab') as log:",
        "        log.write(header)",
        "    out.write(" + reply + "); out.flush()",
        "");
  }

  /** Writes the script into {@code dir}; returns the command that runs it. */
  public List<String> write(Path dir) throws IOException {
    Path script = dir.resolve(name().toLowerCase() + ".py");
    Files.writeString(script, source());
    return List.of("/usr/bin/python3", script.toString(), received(dir).toString());
  }

  /** The command of {@link #write} as one shell line. */
  public String shellCommand(Path dir) throws IOException {
    return String.join(" ", write(dir));
  }

  /** The file the listener appends each event header it read to. */
  public Path received(Path dir) {
    return dir.resolve(name().toLowerCase() + ".received");
  }
}
