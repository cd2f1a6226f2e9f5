package dev.jsupervisor.core.daemon;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends library logging (Jetty through SLF4J, XML-RPC through commons-logging, both ending in
 * {@code java.util.logging}) to the main log at WARN and above, instead of to stderr.
 */
final class JulBridge {
  private JulBridge() {}

  static void install(MainLog log) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    root.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() < Level.WARNING.intValue()) {
              return;
            }
            String message = r.getMessage();
            if (r.getThrown() != null) {
              message = message + ": " + r.getThrown();
            }
            String line = r.getLoggerName() + ": " + message;
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
              log.error(line);
            } else {
              log.warn(line);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }
}
