#!/bin/sh
# local-ping: offline stand-in for "ping -c 1 HOST". Resolves HOST through the system resolver
# (getent), waits 0.3 s like a round trip, prints one line and exits 0 (1 if HOST is unknown).
host=${1:?usage: local-ping.sh HOST}
if addr=$(getent ahosts "$host" | awk 'NR == 1 { print $1 }') && [ -n "$addr" ]; then
  sleep 0.3
  echo "PING $host ($addr): 1 packet transmitted, 1 received"
  exit 0
fi
echo "ping: $host: unknown host" >&2
exit 1
