package dev.jsupervisor.listeners.control;

import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.ConfigOverrides;
import dev.jsupervisor.core.config.SupervisordConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the supervisord.conf a listener serves, through the core's config reader (includes and
 * {@code %(...)s} expansions as supervisord reads them): the {@code -c} file, or the first file
 * on supervisord's own search path.
 */
public final class ListenerConfig {
  /** supervisord's location on Debian, from which its search path starts. */
  private static final String SUPERVISORD_ARGV0 = "/usr/bin/supervisord";

  private ListenerConfig() {}

  /** Loads the config; the message of the exception names the file and what is wrong. */
  public static SupervisordConfig load(Optional<Path> file) throws ConfigException {
    ConfigLoader loader = ConfigLoader.forCurrentProcess();
    String path =
        file.isPresent() ? file.get().toString() : loader.findConfigFile(SUPERVISORD_ARGV0);
    // As supervisord's reloadConfig reads it: the daemon's [supervisord] user is not checked.
    return loader.reread(path, ConfigOverrides.NONE).config();
  }
}
