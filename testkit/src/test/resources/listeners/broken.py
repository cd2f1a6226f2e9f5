"""Deliberately broken listeners, one per argument value, for the testkit's own tests."""
import sys
import time

mode = sys.argv[1]
out = sys.stdout


def send(text):
    out.write(text)
    out.flush()


def read_event():
    header = sys.stdin.readline()
    length = int(header.split("len:")[1])
    return sys.stdin.read(length)


if mode == "before-ready":
    send("starting up\n")
    send("READY\n")
    read_event()
elif mode == "bad-length":
    send("READY\n")
    read_event()
    send("RESULT 3\nOK")
    send("READY\n")
    read_event()
elif mode == "trailing-newline":
    send("READY\n")
    read_event()
    send("RESULT 2\nOK\n")
    send("READY\n")
    read_event()
elif mode == "garbage":
    send("READY\ndebug: waiting for events\n")
    read_event()
elif mode == "dies-mid-event":
    send("READY\n")
    read_event()
    sys.stderr.write("boom\n")
    sys.exit(3)
elif mode == "never-ready":
    time.sleep(60)
elif mode == "no-ready-after-ack":
    send("READY\n")
    read_event()
    send("RESULT 2\nOK")
    time.sleep(60)
else:
    raise SystemExit("unknown mode " + mode)
