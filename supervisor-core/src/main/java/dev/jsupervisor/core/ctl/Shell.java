package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.api.ProcessInfo;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: runs {@code status}, then reads command lines until {@code quit},
 * {@code exit}, end of input or Ctrl-C. On a terminal it edits lines with JLine (history file,
 * tab completion of commands and process names, Ctrl-C stops a running {@code tail -f});
 * otherwise it prints the prompt and reads plain lines, as supervisorctl does when piped.
 */
final class Shell {
  private Shell() {}

  /** Runs the loop over plain lines from {@code prompter}. */
  static void runPlain(Fleet fleet, Prompter prompter, String prompt, Output out) {
    if (fleet.onecmd("status")) {
      return;
    }
    while (true) {
      String line;
      try {
        line = prompter.readLine(prompt);
      } catch (EOFException e) {
        line = "EOF";
      }
      if (fleet.onecmd(line)) {
        return;
      }
    }
  }

  /** Runs the loop on the system terminal with JLine. */
  static void runTerminal(Fleet fleet, String prompt, String historyFile, Output out) {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReaderBuilder builder =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .completer(new NameCompleter(fleet.controllers.get(0)))
              .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
      if (historyFile != null) {
        builder.variable(LineReader.HISTORY_FILE, Path.of(historyFile));
      }
      LineReader reader = builder.build();
      Thread shellThread = Thread.currentThread();
      // Ctrl-C while a command runs (tail -f, fg) ends that command, not the shell.
      terminal.handle(Terminal.Signal.INT, signal -> shellThread.interrupt());
      boolean quit = fleet.onecmd("status");
      while (!quit) {
        String line;
        try {
          line = reader.readLine(prompt);
        } catch (EndOfFileException e) {
          line = "EOF";
        } catch (UserInterruptException e) {
          out.line("");
          break;
        }
        quit = fleet.onecmd(line);
        Thread.interrupted(); // a Ctrl-C that ended the command is used up
      }
      try {
        reader.getHistory().save();
      } catch (IOException ignored) {
        // an unwritable history file is not worth failing the shell for
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Completes command words, then process or group names as supervisorctl does. */
  static final class NameCompleter implements Completer {
    private static final Set<String> GROUP_COMMANDS = Set.of("add", "remove", "update");
    private static final Set<String> PROCESS_COMMANDS =
        Set.of("clear", "fg", "pid", "restart", "signal", "start", "status", "stop", "tail",
            "quickstart", "quickstop", "quickrestart");

    private final Controller controller;

    NameCompleter(Controller controller) {
      this.controller = controller;
    }

    @Override
    public void complete(LineReader reader, org.jline.reader.ParsedLine line, List<Candidate> out) {
      for (String word : candidates(line.words(), line.wordIndex(), line.word())) {
        out.add(new Candidate(word));
      }
    }

    /** The completions of {@code text}, the {@code index}-th word of {@code words}. */
    List<String> candidates(List<String> words, int index, String text) {
      List<String> found = new ArrayList<>();
      if (index == 0) {
        for (String c : Controller.commandNames()) {
          if (c.startsWith(text)) {
            found.add(c);
          }
        }
        return found;
      }
      String command = words.get(0);
      if (command.equals("help")) {
        return candidates(words, 0, text);
      }
      List<ProcessInfo> infos;
      try {
        if (!GROUP_COMMANDS.contains(command) && !PROCESS_COMMANDS.contains(command)) {
          return found;
        }
        infos = controller.completionInfo();
      } catch (RuntimeException e) {
        return found; // no server, no names
      }
      Set<String> names = new LinkedHashSet<>();
      for (ProcessInfo info : infos) {
        if (GROUP_COMMANDS.contains(command)) {
          names.add(info.group());
        } else if (text.contains(":") || !info.name().equals(info.group())) {
          names.add(info.group() + ":" + info.name());
          names.add(info.group() + ":*");
        } else {
          names.add(info.name());
        }
      }
      for (String n : names) {
        if (n.startsWith(text)) {
          found.add(n);
        }
      }
      return found;
    }
  }
}
