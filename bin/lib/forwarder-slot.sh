#!/usr/bin/env bash
# The slots of an event-forwarder pool run with numprocs=N and --slot %(process_num)s (README,
# "Several events in flight: slots"). Slot 0 is the forwarder's JVM; every other slot is this
# script, which gives its own stdin and stdout to slot 0 and waits while slot 0 runs, so that
# the supervisor sends N events at once and one JVM stores them all.
#
#   forwarder-slot.sh dir DAEMON_PID [DIR]          prints the rendezvous directory, made if
#                                                   missing (with its two FIFOs)
#   forwarder-slot.sh relay SLOT DAEMON_PID [DIR]   runs slot SLOT (> 0)
set -eu

say() {
  printf '%s %s event-forwarder: %s\n' "$(date '+%Y-%m-%d %H:%M:%S,000')" "$1" "$2" >&2
}

# slot_dir DAEMON_PID [DIR]: the default is private to this user, one per daemon and pool.
slot_dir() {
  local daemon=$1 dir=${2:-} base group d p f
  if [ -z "$dir" ]; then
    group=${SUPERVISOR_GROUP_NAME:-}
    if [ -z "$group" ]; then
      say ERRO "--slot needs SUPERVISOR_GROUP_NAME (the supervisor sets it) or --slot-dir DIR"
      return 2
    fi
    base=${TMPDIR:-/tmp}/event-forwarder-$EUID
    mkdir -p -m 700 "$base" 2>/dev/null || true
    # Nobody else may have made it: they could read the events through its FIFOs.
    if [ -L "$base" ] || [ ! -d "$base" ] || [ ! -O "$base" ]; then
      say ERRO "$base is not a directory of this user's; give --slot-dir DIR"
      return 2
    fi
    chmod 700 "$base"
    # Directories of daemons that are gone.
    for d in "$base"/*; do
      p=${d##*/}
      p=${p%%-*}
      if [[ $p =~ ^[0-9]+$ ]] && [ ! -e "/proc/$p" ]; then rm -rf -- "$d"; fi
    done
    dir=$base/$daemon-${group//[^A-Za-z0-9._-]/_}
  fi
  if ! mkdir -p -m 700 "$dir" 2>/dev/null || [ ! -d "$dir" ]; then
    say ERRO "cannot make the slot directory $dir"
    return 2
  fi
  for f in alive announce; do
    if [ ! -p "$dir/$f" ] && ! mkfifo -m 600 "$dir/$f" 2>/dev/null && [ ! -p "$dir/$f" ]; then
      say ERRO "cannot make the FIFO $dir/$f"
      return 2
    fi
  done
  printf '%s\n' "$dir"
}

case ${1:-} in
  dir)
    slot_dir "${2:?daemon pid}" "${3:-}"
    ;;
  relay)
    slot=${2:?slot}
    dir=$(slot_dir "${3:?daemon pid}" "${4:-}") || exit 2
    # Opening waits until slot 0 runs; reading ends when slot 0 ends, however it ends.
    exec 3<"$dir/alive"
    # Slot 0 takes this process's stdin and stdout as soon as it reads the pid, so they must
    # stay as the supervisor made them: a builtin's redirection would move them for its
    # duration, hence the subshell here and read -u below.
    (printf '%s\n' "$$" >"$dir/announce")
    read -r -u 3 _ || true
    say WARN "slot $slot: slot 0, which served this slot, has ended; exiting so that the supervisor starts this slot again"
    exit 1
    ;;
  *)
    echo "usage: forwarder-slot.sh dir DAEMON_PID [DIR] | relay SLOT DAEMON_PID [DIR]" >&2
    exit 2
    ;;
esac
