package dev.jsupervisor.core.rpc;

import dev.jsupervisor.core.rpc.internal.HttpRoutes;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/** Hands each request to the routes of the server section whose connector accepted it. */
final class ConnectorDispatch extends Handler.Abstract {
  private final Map<Connector, HttpRoutes> byConnector;

  /** @param byConnector an identity map: connectors do not define equality */
  ConnectorDispatch(Map<Connector, HttpRoutes> byConnector) {
    super(InvocationType.BLOCKING);
    this.byConnector = byConnector;
    byConnector.values().forEach(routes -> addBean(routes, true));
  }

  @Override
  public void setServer(Server server) {
    super.setServer(server);
    byConnector.values().forEach(routes -> routes.setServer(server));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpRoutes routes = byConnector.get(request.getConnectionMetaData().getConnector());
    return routes != null && routes.handle(request, response, callback);
  }
}
