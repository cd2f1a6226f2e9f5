package dev.jsupervisor.listeners.forwarder;

import io.nats.client.AuthHandler;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * How to reach NATS: the server URLs and the credentials, taken from options or from the
 * {@code NATS_*} environment (which keeps secrets out of {@code ps}). Its {@link #toString}
 * never shows a secret.
 *
 * @param servers comma-separated NATS URLs
 * @param user user name for user/password authentication
 * @param password the password (secret)
 * @param token an authentication token (secret)
 * @param credsFile a {@code .creds} file (JWT and nkey seed)
 * @param nkeyFile a file holding an nkey seed (nkey authentication without a JWT)
 * @param tls use TLS with the JVM's default trust store
 */
public record NatsSettings(
    String servers,
    Optional<String> user,
    Optional<String> password,
    Optional<String> token,
    Optional<Path> credsFile,
    Optional<Path> nkeyFile,
    boolean tls) {
  /** Where NATS listens when no {@code --nats} is given. */
  public static final String DEFAULT_URL = "nats://127.0.0.1:4222";

  /** The command-line options this reads. */
  static Option[] options() {
    return new Option[] {
      Option.builder().longOpt("nats").hasArg().argName("URL[,URL]")
          .desc("NATS server(s) (default " + DEFAULT_URL + ")").build(),
      Option.builder().longOpt("user").hasArg().argName("NAME")
          .desc("user name (or NATS_USER); the password comes from NATS_PASSWORD").build(),
      Option.builder().longOpt("password-file").hasArg().argName("FILE")
          .desc("file holding the password (instead of NATS_PASSWORD)").build(),
      Option.builder().longOpt("token-file").hasArg().argName("FILE")
          .desc("file holding an auth token (or NATS_TOKEN)").build(),
      Option.builder().longOpt("creds").hasArg().argName("FILE")
          .desc("NATS credentials file (JWT + nkey seed)").build(),
      Option.builder().longOpt("nkey").hasArg().argName("FILE")
          .desc("file holding an nkey seed").build(),
      Option.builder().longOpt("tls").desc("connect with TLS (JVM default trust store)").build(),
    };
  }

  /**
   * The settings given by {@code cl} and {@code env}.
   *
   * @throws IllegalArgumentException naming a file that cannot be read or a conflict
   */
  static NatsSettings from(CommandLine cl, Map<String, String> env) {
    String servers = cl.getOptionValue("nats", env.getOrDefault("NATS_URL", DEFAULT_URL));
    for (String url : servers.split(",")) {
      if (!url.strip().matches("(nats|tls|ws|wss)://[^\\s/]+(:\\d+)?/?")
          && !url.strip().matches("[^\\s/:]+(:\\d+)?")) {
        throw new IllegalArgumentException("--nats '" + url.strip()
            + "' is not a NATS URL like nats://127.0.0.1:4222");
      }
    }
    Optional<String> user = Optional.ofNullable(cl.getOptionValue("user"))
        .or(() -> nonEmpty(env.get("NATS_USER")));
    Optional<String> password = cl.hasOption("password-file")
        ? Optional.of(readSecret("--password-file", cl.getOptionValue("password-file")))
        : nonEmpty(env.get("NATS_PASSWORD"));
    Optional<String> token = cl.hasOption("token-file")
        ? Optional.of(readSecret("--token-file", cl.getOptionValue("token-file")))
        : nonEmpty(env.get("NATS_TOKEN"));
    Optional<Path> creds = Optional.ofNullable(cl.getOptionValue("creds")).map(Path::of);
    Optional<Path> nkey = Optional.ofNullable(cl.getOptionValue("nkey")).map(Path::of);
    int methods = (user.isPresent() ? 1 : 0) + (token.isPresent() ? 1 : 0)
        + (creds.isPresent() ? 1 : 0) + (nkey.isPresent() ? 1 : 0);
    if (methods > 1) {
      throw new IllegalArgumentException(
          "give one of user/password, token, --creds or --nkey, not several");
    }
    if (password.isPresent() && user.isEmpty()) {
      throw new IllegalArgumentException("a password needs a user (--user or NATS_USER)");
    }
    for (Optional<Path> file : java.util.List.of(creds, nkey)) {
      if (file.isPresent() && !Files.isReadable(file.get())) {
        throw new IllegalArgumentException("cannot read " + file.get());
      }
    }
    return new NatsSettings(servers, user, password, token, creds, nkey, cl.hasOption("tls"));
  }

  /**
   * The jnats options: reconnect forever with a backoff from 100 ms to 2 s, and no buffering of
   * publishes while disconnected (the forwarder answers FAIL instead; supervisord keeps the
   * event).
   */
  Options.Builder jnatsOptions(String connectionName, ConnectionListener connections,
      ErrorListener errors) throws IOException {
    Options.Builder b = new Options.Builder()
        .servers(servers.split(","))
        .connectionName(connectionName)
        .connectionTimeout(Duration.ofSeconds(2))
        .maxReconnects(-1)
        .reconnectBufferSize(0)
        .reconnectDelayHandler(attempt ->
            Duration.ofMillis(Math.min(2_000, 100L << Math.min(attempt, 5))))
        .connectionListener(connections)
        .errorListener(errors);
    if (user.isPresent()) {
      b.userInfo(user.get().toCharArray(), password.orElse("").toCharArray());
    }
    if (token.isPresent()) {
      b.token(token.get().toCharArray());
    }
    if (credsFile.isPresent()) {
      AuthHandler handler = Nats.credentials(credsFile.get().toString());
      b.authHandler(handler);
    }
    if (nkeyFile.isPresent()) {
      char[] seed = Files.readString(nkeyFile.get(), StandardCharsets.UTF_8).strip()
          .toCharArray();
      b.authHandler(Nats.staticCredentials(null, seed));
    }
    if (tls) {
      try {
        b.secure();
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("this JVM has no default TLS context: " + e.getMessage(), e);
      }
    }
    return b;
  }

  /**
   * The server list for logs: the user or token a URL may carry ({@code nats://alice:pw@host},
   * {@code nats://TOKEN@host}) is replaced by {@code ***}. Connecting uses {@link #servers}.
   */
  String redactedServers() {
    StringBuilder b = new StringBuilder();
    for (String url : servers.split(",", -1)) {
      String r = redact(url);
      // A bare entry (no scheme) may still carry user@ or token@ before the host.
      b.append(b.isEmpty() ? "" : ",").append(r.contains("://") ? r : BARE_USERINFO.matcher(r)
          .replaceFirst("$1***@"));
    }
    return b.toString();
  }

  /** {@code text} with the user information of any URL in it replaced by {@code ***}. */
  static String redact(String text) {
    return text == null ? null : USERINFO_IN_URL.matcher(text).replaceAll("$1***@");
  }

  // Greedy up to the last '@' of the authority: a password may hold an '@' of its own.
  private static final Pattern USERINFO_IN_URL =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^\\s/\\[\\],]*@");
  private static final Pattern BARE_USERINFO = Pattern.compile("^(\\s*)[^\\s/]*@");

  /** How it authenticates, without the secret. */
  String authDescription() {
    if (user.isPresent()) {
      return "user " + user.get() + (password.isPresent() ? " with a password" : "");
    }
    if (token.isPresent()) {
      return "a token";
    }
    if (credsFile.isPresent()) {
      return "credentials file " + credsFile.get();
    }
    if (nkeyFile.isPresent()) {
      return "nkey seed file " + nkeyFile.get();
    }
    return "no credentials";
  }

  @Override
  public String toString() {
    return "NatsSettings[servers=" + redactedServers() + ", auth=" + authDescription() + ", tls=" + tls
        + "]";
  }

  private static Optional<String> nonEmpty(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static String readSecret(String option, String file) {
    try {
      String secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      if (secret.isEmpty()) {
        throw new IllegalArgumentException(option + " " + file + " is empty");
      }
      return secret;
    } catch (IOException e) {
      throw new IllegalArgumentException(option + ": cannot read " + file);
    }
  }
}
