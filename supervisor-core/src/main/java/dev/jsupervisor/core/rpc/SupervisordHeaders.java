package dev.jsupervisor.core.rpc;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Starts every response with the two headers supervisord 4.2.5 sends first: {@code Server:
 * Medusa/1.12} (its HTTP server's name) and {@code Date}.
 */
final class SupervisordHeaders implements HttpConfiguration.Customizer {
  static final String SERVER = "Medusa/1.12";
  private static final PreEncodedHttpField SERVER_FIELD =
      new PreEncodedHttpField(HttpHeader.SERVER, SERVER);

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    responseHeaders.put(SERVER_FIELD);
    responseHeaders.put(request.getConnectionMetaData().getConnector().getServer().getDateField());
    return request;
  }
}
