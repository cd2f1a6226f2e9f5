"""Test listener on supervisor's childutils: restarts (stop then start) a program that
EXITED unexpectedly; FAILs REMOTE_COMMUNICATION events of type 'reject' once."""
import os
import sys

from supervisor import childutils


def main():
    rpc = childutils.getRPCInterface(os.environ)
    rejected = False
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        name = headers["eventname"]
        if name == "PROCESS_STATE_EXITED":
            fields, _ = childutils.eventdata(payload + "\n")
            if fields["expected"] == "0":
                sys.stderr.write("restarting %s\n" % fields["processname"])
                sys.stderr.flush()
                rpc.supervisor.startProcess(fields["processname"], False)
        if name == "REMOTE_COMMUNICATION" and payload.startswith("type:reject") and not rejected:
            rejected = True
            childutils.listener.fail(sys.stdout)
            continue
        childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    main()
