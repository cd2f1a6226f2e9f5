#!/bin/sh
# slow-stop: a long-running program that needs STOP_DELAY seconds (default 3) to exit after
# SIGTERM, like a server draining its connections. It exits 0 once the delay has passed; a second
# SIGTERM while it drains changes nothing (as with most servers), so two senders of the stop
# signal (supervisord and the fast-reload listener) do not double the drain.
delay=${STOP_DELAY:-3}
child=
on_term() {
  trap '' TERM INT
  [ -n "$child" ] && kill "$child" 2>/dev/null
  sleep "$delay"
  exit 0
}
trap on_term TERM INT
sleep 2147483647 &
child=$!
wait "$child"
