package dev.jsupervisor.core.daemon;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A test's browser-less client of a daemon's web pages on its TCP port, with Basic auth, that
 * does not follow redirects (the tests read the Location).
 */
final class WebClient {
  static final String USER = "webuser";
  static final String PASSWORD = "s3cret:with colon";

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  WebClient(LiveDaemon daemon) {
    this.base = daemon.url();
  }

  /** The {@code [inet_http_server]} section of the tests: loopback, a {SHA} password. */
  static String inetServerSection() {
    return "\n[inet_http_server]\nport=127.0.0.1:@PORT@\nusername=" + USER
        + "\npassword={SHA}" + sha1Hex(PASSWORD) + "\n";
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException,
      InterruptedException {
    return send(request(pathAndQuery, headers).GET().build());
  }

  HttpResponse<String> post(String pathAndQuery, String body, String... headers)
      throws IOException, InterruptedException {
    return send(request(pathAndQuery, headers)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpRequest.Builder request(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  /** The decoded {@code message} of a redirect's Location (absolute or relative). */
  static String redirectMessage(HttpResponse<String> response) {
    String location = response.headers().firstValue("Location").orElseThrow(
        () -> new AssertionError("no Location: " + response.statusCode() + " " + response.body()));
    int at = location.indexOf("?message=");
    if (at < 0) {
      throw new AssertionError("no message in " + location);
    }
    return URLDecoder.decode(location.substring(at + "?message=".length()), StandardCharsets.UTF_8);
  }

  static String sha1Hex(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
