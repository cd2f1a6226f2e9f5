package dev.jsupervisor.core.config;

/**
 * A config file that cannot be used. The message is what supervisord prints after
 * {@code Error: } (naming the file, section, key and what was expected), never a stack trace.
 */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
