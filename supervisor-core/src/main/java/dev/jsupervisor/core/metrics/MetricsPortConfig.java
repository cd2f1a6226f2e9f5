package dev.jsupervisor.core.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the optional {@code [jsupervisor_metrics]} section: {@code port=HOST:PORT} on a loopback
 * address, where {@code /metrics} is served without auth for a Prometheus that cannot send
 * credentials. supervisord 4.2.5 ignores sections it does not know, so the same file still loads
 * there. Pure.
 */
public final class MetricsPortConfig {
  public static final String SECTION = "jsupervisor_metrics";
  private static final Set<String> KEYS = Set.of("port");

  private MetricsPortConfig() {}

  /**
   * The address to serve on, or empty when the section is absent.
   *
   * @throws IllegalArgumentException with a one-line message naming the section and key
   */
  public static Optional<InetSocketAddress> read(Map<String, Map<String, String>> sections) {
    Map<String, String> section = sections.get(SECTION);
    if (section == null) {
      return Optional.empty();
    }
    for (String key : section.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("[" + SECTION + "] has an unknown key '" + key + "'");
      }
    }
    String value = section.get("port");
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("[" + SECTION + "] needs port=HOST:PORT (a loopback host)");
    }
    value = value.strip();
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw bad(value, "is not HOST:PORT");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw bad(value, "has no port number");
    }
    if (port < 1 || port > 65535) {
      throw bad(value, "has a port outside 1-65535");
    }
    InetAddress address = loopback(host);
    if (address == null) {
      throw bad(value, "is not a loopback address (this port serves /metrics without auth)");
    }
    return Optional.of(new InetSocketAddress(address, port));
  }

  /** A literal loopback address or {@code localhost}, never a name looked up in DNS. */
  private static InetAddress loopback(String host) {
    if (host.equals("localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return null;
    }
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isLoopbackAddress() ? address : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static IllegalArgumentException bad(String value, String why) {
    return new IllegalArgumentException("[" + SECTION + "] port=" + value + " " + why);
  }
}
