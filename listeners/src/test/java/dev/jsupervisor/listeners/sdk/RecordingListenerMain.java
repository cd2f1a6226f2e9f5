package dev.jsupervisor.listeners.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * A listener built on the SDK for {@link RealSupervisordListenerTest}: appends one line per
 * delivery to the file named by its argument, prints to System.out (which must not reach the
 * protocol), and answers FAIL to the first delivery of a REMOTE_COMMUNICATION of type
 * {@code failonce}.
 */
public final class RecordingListenerMain {
  private RecordingListenerMain() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Set<Long> failedOnce = new HashSet<>();
    EventListener.runOnStdio("recorder", event -> {
      System.out.println("a stray print that must not corrupt the protocol");
      String line = event.header().serial() + " " + event.header().pool() + " "
          + event.header().poolSerial() + " " + event.eventName() + " " + describe(event);
      Files.writeString(out, line.replace("\n", "\\n") + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (event instanceof ListenerEvent.RemoteCommunicationEvent remote
          && remote.type().equals("failonce") && failedOnce.add(event.header().serial())) {
        return EventHandler.Result.FAIL;
      }
      return EventHandler.Result.OK;
    });
  }

  private static String describe(ListenerEvent event) {
    if (event instanceof ListenerEvent.ProcessStateEvent e) {
      return "process=" + e.processName() + " group=" + e.groupName() + " state=" + e.state()
          + " from=" + e.fromState()
          + " tries=" + (e.tries().isPresent() ? e.tries().getAsInt() : "-")
          + " expected=" + e.expected().map(String::valueOf).orElse("-")
          + " pid=" + (e.pid().isPresent() ? e.pid().getAsLong() : "-");
    }
    if (event instanceof ListenerEvent.RemoteCommunicationEvent e) {
      return "type=" + e.type() + " data=" + e.data();
    }
    return "generic=" + event.getClass().getSimpleName();
  }
}
