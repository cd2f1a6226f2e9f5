"""db: a database stand-in. After --warmup seconds it listens on 127.0.0.1:--port and answers
every connection with one line ("ok" and the data directory), then closes it. Until the port
answers, it is RUNNING but not ready: that gap is what a TCP readiness check (startready) covers.
"""
import argparse
import signal
import socket
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--warmup", type=float, default=0.0)
    parser.add_argument("--data", default="")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"db: warming up for {args.warmup:g} s", flush=True)
    time.sleep(args.warmup)
    with socket.create_server(("127.0.0.1", args.port), reuse_port=False) as server:
        print(f"db: ready on 127.0.0.1:{args.port}", flush=True)
        while True:
            conn, _ = server.accept()
            with conn:
                try:
                    conn.sendall(f"ok {args.data}\n".encode())
                except OSError:
                    pass  # a readiness probe may connect and hang up at once


if __name__ == "__main__":
    main()
