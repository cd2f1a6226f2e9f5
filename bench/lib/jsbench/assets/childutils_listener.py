"""childutils_listener: an event listener written the way supervisor's documentation shows, with
supervisor.childutils: it reads each event, parses its payload's headers and acknowledges it.
The bench's Python reference for the memory of the Java listeners. Usage: childutils_listener.py
"""
import sys

from supervisor import childutils


def main():
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if headers["eventname"].startswith("PROCESS_STATE"):
            childutils.get_headers(payload.split("\n", 1)[0])
        childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    main()
