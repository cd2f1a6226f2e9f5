package dev.jsupervisor.core.ctl;

import dev.jsupervisor.core.config.ConfigException;
import dev.jsupervisor.core.config.ConfigLoader;
import dev.jsupervisor.core.config.SupervisordConfig;
import dev.jsupervisor.core.config.Users;
import java.nio.file.Path;
import java.util.Map;


/**
 * The {@code [supervisorctl]} section of a supervisord config file: serverurl, username,
 * password, prompt, history_file, with {@code %(here)s} and {@code %(ENV_X)s} expanded.
 * Read through {@link ConfigLoader#loadCtl}, so it follows supervisord's INI rules exactly.
 */
record CtlConfigSection(
    String serverUrl, String username, String password, String prompt, String historyFile) {

  /** A config file problem, worded as supervisorctl's usage error. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** Reads {@code file} with the project's config reader; {@code ENV_*} names come from {@code env}. */
  static CtlConfigSection read(Path file, Map<String, String> env) throws Invalid {
    ConfigLoader loader =
        new ConfigLoader(
            env, ConfigLoader.localHostName(), Path.of("").toAbsolutePath(), "/tmp", Users.system());
    try {
      SupervisordConfig.CtlConfig c = loader.loadCtl(file.toString());
      return new CtlConfigSection(
          c.serverUrl(), c.username(), c.password(), c.prompt(), c.historyFile());
    } catch (ConfigException e) {
      throw new Invalid(e.getMessage());
    }
  }
}
