package dev.jsupervisor.core.rpc.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The daemon's HTTP/1.1 connections: Jetty's, with two changes.
 *
 * <ul>
 *   <li>An empty {@code Host:} header is accepted (Jetty otherwise answers "400 Blank Host").
 *       supervisorctl's {@code tail -f} client sends exactly that for a {@code unix://} server URL,
 *       and supervisord accepts it; the blank value is read as {@code localhost}.
 *   <li>A request must arrive in full, head and body, within a deadline counted from its first
 *       byte, or the connection is closed. Jetty's idle timeout alone lets a client that trickles
 *       one byte now and then (slowloris) hold a connection for ever. The deadline ends when the
 *       request is read, so a handler that answers late (a start with wait) or streams for hours
 *       (a tail) is not affected, nor is a keep-alive connection between requests.
 * </ul>
 *
 * (Jetty offers no compliance switch or header deadline for these, hence the subclass of its
 * connection; the Jetty version is pinned.)
 */
public final class DaemonHttpConnectionFactory extends HttpConnectionFactory {
  private final long requestDeadlineMillis;

  /** @param requestDeadlineMillis how long one request may take to arrive, from its first byte */
  public DaemonHttpConnectionFactory(HttpConfiguration config, long requestDeadlineMillis) {
    super(config);
    this.requestDeadlineMillis = requestDeadlineMillis;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    // Direct-buffer choices come from the HttpConfiguration the connection reads itself.
    return configure(new DaemonConnection(getHttpConfiguration(), connector, endPoint,
        connector.getScheduler(), requestDeadlineMillis), connector, endPoint);
  }

  private static final class DaemonConnection extends HttpConnection {
    private final Scheduler scheduler;
    private final long deadlineMillis;
    /** The deadline of the request being read, or null between requests. */
    private final AtomicReference<Scheduler.Task> deadline = new AtomicReference<>();

    DaemonConnection(HttpConfiguration config, Connector connector, EndPoint endPoint,
        Scheduler scheduler, long deadlineMillis) {
      super(config, connector, endPoint);
      this.scheduler = scheduler;
      this.deadlineMillis = deadlineMillis;
    }

    @Override
    protected RequestHandler newRequestHandler() {
      return new RequestHandler() {
        @Override
        public void messageBegin() {
          super.messageBegin();
          startDeadline();
        }

        @Override
        public void parsedHeader(HttpField field) {
          if (field.getHeader() == HttpHeader.HOST && field.getValue().isBlank()) {
            super.parsedHeader(new HostPortHttpField("localhost"));
          } else {
            super.parsedHeader(field);
          }
        }

        @Override
        public boolean messageComplete() {
          cancelDeadline();
          return super.messageComplete();
        }
      };
    }

    @Override
    public void onClose(Throwable cause) {
      cancelDeadline();
      super.onClose(cause);
    }

    private void startDeadline() {
      Scheduler.Task[] task = new Scheduler.Task[1];
      task[0] = scheduler.schedule(() -> expire(task[0]), deadlineMillis, TimeUnit.MILLISECONDS);
      Scheduler.Task previous = deadline.getAndSet(task[0]);
      if (previous != null) {
        previous.cancel();
      }
    }

    private void cancelDeadline() {
      Scheduler.Task task = deadline.getAndSet(null);
      if (task != null) {
        task.cancel();
      }
    }

    private void expire(Scheduler.Task task) {
      if (task != null && deadline.compareAndSet(task, null)) {
        getEndPoint().close(new TimeoutException(
            "request not received in full within " + deadlineMillis + " ms"));
      }
    }
  }
}
