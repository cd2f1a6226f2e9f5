#!/bin/sh
# heartbeat: a long-running stand-in for a service. Prints "NAME: alive" every SECONDS seconds
# and exits 0 on SIGTERM.
name=${1:?usage: heartbeat.sh NAME [SECONDS]}
every=${2:-5}
child=
trap '[ -n "$child" ] && kill "$child" 2>/dev/null; echo "$name: stopping"; exit 0' TERM INT
echo "$name: started (pid $$)"
while :; do
  sleep "$every" &
  child=$!
  wait "$child"
  echo "$name: alive"
done
