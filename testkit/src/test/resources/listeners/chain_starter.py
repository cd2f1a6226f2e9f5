"""Test listener on supervisor's childutils: when program stepN enters RUNNING, it starts
step(N+1) over XML-RPC (wait=False), up to the number in CHAIN_LENGTH; acks every event."""
import os
import sys

from supervisor import childutils


def main():
    limit = int(os.environ.get("CHAIN_LENGTH", "10"))
    rpc = childutils.getRPCInterface(os.environ)
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if headers["eventname"] == "PROCESS_STATE_RUNNING":
            fields, _ = childutils.eventdata(payload + "\n")
            name = fields["processname"]
            if name.startswith("step"):
                n = int(name[4:])
                if n < limit:
                    rpc.supervisor.startProcess("step%d" % (n + 1), False)
        childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    main()
