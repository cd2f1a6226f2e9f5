#!/usr/bin/env bash
# nats-fleet demo: one nats-server with JetStream, supervisord 4.2.5 as host-a and jsupervisord
# as host-b, each forwarding its events through bin/event-forwarder; then a rolling restart of
# `web` (host-a, then host-b) and the fleet-wide tail showing both hosts' events in one stream.
# Everything listens on 127.0.0.1 and is stopped when the script ends.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$here/../../bin
run=$here/run
port=${FLEET_NATS_PORT:-4229}
export FLEET_NATS_URL=nats://127.0.0.1:$port

nats=$(command -v nats-server || echo /usr/sbin/nats-server)
rm -rf "$run/nats"
"$nats" -js -a 127.0.0.1 -p "$port" -sd "$run/nats" >"$run/nats.log" 2>&1 &
nats_pid=$!
/usr/bin/supervisord -n -c "$here/host-a.conf" >"$run/host-a.out" 2>&1 &
a_pid=$!
"$bin/jsupervisord" -n -c "$here/host-b.conf" >"$run/host-b.out" 2>&1 &
b_pid=$!
trap 'kill $a_pid $b_pid 2>/dev/null; wait $a_pid $b_pid 2>/dev/null || true;
      kill $nats_pid 2>/dev/null; wait $nats_pid 2>/dev/null || true' EXIT

for h in a b; do
  echo "waiting for host-$h's web and forwarder to be RUNNING"
  for _ in $(seq 300); do
    s=$("$bin/jsupervisorctl" -c "$here/host-$h.conf" status 2>/dev/null || true)
    if grep -q '^web .*RUNNING' <<<"$s" && grep -q '^forwarder .*RUNNING' <<<"$s"; then break; fi
    sleep 0.2
  done
done

echo "rolling restart of web: host-a, then host-b"
"$bin/jsupervisorctl" -c "$here/host-a.conf" restart web
"$bin/jsupervisorctl" -c "$here/host-b.conf" restart web

echo "the fleet's web events, from the stream's start:"
# Per host: PROCESS_GROUP_ADDED, 2 start-up and 4 restart events of web.
timeout 60 "$bin/event-forwarder" tail --nats "$FLEET_NATS_URL" --all --count 14 \
  'supervisor.*.*.web.>'
