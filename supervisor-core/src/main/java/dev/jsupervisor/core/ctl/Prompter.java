package dev.jsupervisor.core.ctl;

import java.io.BufferedReader;
import java.io.Console;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads what the user types: shell lines, confirmations, credentials, {@code fg} input. */
interface Prompter {
  /** Shows {@code prompt} and reads a line; throws EOFException at end of input. */
  String readLine(String prompt) throws EOFException;

  /** Like {@link #readLine} without echo where a terminal allows it. */
  String readPassword(String prompt) throws EOFException;

  /** Plain lines from {@code in}, prompts to {@code out}; the terminal's no-echo for passwords. */
  static Prompter plain(InputStream in, PrintStream out) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new Prompter() {
      @Override
      public String readLine(String prompt) throws EOFException {
        out.print(prompt);
        out.flush();
        try {
          String line = reader.readLine();
          if (line == null) {
            throw new EOFException("end of input");
          }
          return line;
        } catch (EOFException e) {
          throw e;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public String readPassword(String prompt) throws EOFException {
        Console console = System.console();
        if (console != null && in == System.in) {
          char[] pw = console.readPassword("%s", prompt);
          if (pw == null) {
            throw new EOFException("end of input");
          }
          return new String(pw);
        }
        return readLine(prompt);
      }
    };
  }
}
