package dev.jsupervisor.core.rpc.internal;

import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 connections that accept an empty {@code Host:} header, which Jetty otherwise answers
 * with "400 Blank Host". supervisorctl's {@code tail -f} client sends exactly that for a
 * {@code unix://} server URL, and supervisord accepts it; the blank value is read as
 * {@code localhost}. (Jetty offers no compliance switch for this, hence the subclass of its
 * connection; the Jetty version is pinned.)
 */
public final class BlankHostTolerantConnectionFactory extends HttpConnectionFactory {

  public BlankHostTolerantConnectionFactory(HttpConfiguration config) {
    super(config);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    // Direct-buffer choices come from the HttpConfiguration the connection reads itself.
    return configure(new TolerantConnection(getHttpConfiguration(), connector, endPoint), connector,
        endPoint);
  }

  private static final class TolerantConnection extends HttpConnection {
    TolerantConnection(HttpConfiguration config, Connector connector, EndPoint endPoint) {
      super(config, connector, endPoint);
    }

    @Override
    protected RequestHandler newRequestHandler() {
      return new RequestHandler() {
        @Override
        public void parsedHeader(HttpField field) {
          if (field.getHeader() == HttpHeader.HOST && field.getValue().isBlank()) {
            super.parsedHeader(new HostPortHttpField("localhost"));
          } else {
            super.parsedHeader(field);
          }
        }
      };
    }
  }
}
