"""Test listener on supervisor's childutils: appends 'EVENTNAME payload' lines to EVENT_LOG."""
import os
import sys

from supervisor import childutils


def main():
    path = os.environ["EVENT_LOG"]
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        with open(path, "a") as log:
            log.write(headers["eventname"] + " " + payload.replace("\n", "\\n") + "\n")
        childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    main()
