package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.rpc.internal.HttpRoutes;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Hands each request to the routes of the server section whose connector accepted it. */
final class ConnectorDispatch extends Handler.Wrapper {
  private final Map<Connector, HttpRoutes> byConnector = new IdentityHashMap<>();

  ConnectorDispatch(Map<String, AbstractConnector> connectors, List<HttpRoutes> routes) {
    super(true);
    int i = 0;
    for (AbstractConnector connector : connectors.values()) {
      HttpRoutes r = routes.get(i++);
      byConnector.put(connector, r);
      addBean(r, true);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpRoutes routes = byConnector.get(request.getConnectionMetaData().getConnector());
    return routes != null && routes.handle(request, response, callback);
  }
}
