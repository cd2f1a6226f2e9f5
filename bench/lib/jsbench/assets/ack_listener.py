"""ack_listener: an event listener that acknowledges every event at once and, each time the
number of events received reaches a multiple of EVERY, appends "<count> <time.time_ns()>" to
OUT. Used by the event-throughput scenario. Usage: ack_listener.py OUT EVERY
"""
import sys
import time


def main():
    out_path, every = sys.argv[1], int(sys.argv[2])
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    count = 0
    with open(out_path, "a", buffering=1) as out:
        while True:
            stdout.write(b"READY\n")
            stdout.flush()
            header = stdin.readline()
            if not header:
                return
            fields = dict(token.split(b":", 1) for token in header.split())
            # len counts characters; the payloads this harness sends are ASCII.
            stdin.read(int(fields[b"len"]))
            stdout.write(b"RESULT 2\nOK")
            stdout.flush()
            count += 1
            if count % every == 0:
                out.write(f"{count} {time.time_ns()}\n")


if __name__ == "__main__":
    main()
