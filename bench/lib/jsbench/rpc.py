"""XML-RPC clients for supervisord-compatible daemons over a UNIX socket or plain HTTP."""
import http.client
import socket
import xmlrpc.client


class _UnixHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection whose transport is a UNIX stream socket instead of TCP."""

    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class UnixTransport(xmlrpc.client.Transport):
    """xmlrpc.client transport that sends every request to one UNIX socket path."""

    def __init__(self, path, timeout=10.0):
        super().__init__()
        self._path = path
        self._timeout = timeout

    def make_connection(self, host):
        # A fresh connection per request keeps a daemon restart (reload) from leaving us
        # holding a dead keep-alive socket.
        return _UnixHTTPConnection(self._path, self._timeout)


def get_page(path, url, timeout=30.0):
    """GETs url ("/", "/tail.html?...") from the web pages of the daemon on the UNIX socket at
    path; returns the body, raising OSError unless the answer is 200."""
    conn = _UnixHTTPConnection(path, timeout)
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise OSError(f"GET {url}: HTTP {response.status}")
        return body
    finally:
        conn.close()


def unix_proxy(path, timeout=10.0):
    """A ServerProxy for the daemon listening on the UNIX socket at path."""
    return xmlrpc.client.ServerProxy(
        "http://localhost/RPC2", transport=UnixTransport(path, timeout), allow_none=False)


# Process state codes (supervisor's ProcessStates), the ones the harness waits for.
STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED, FATAL = 0, 10, 20, 30, 40, 100, 200
