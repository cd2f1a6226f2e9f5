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

# private_dir DIR: makes DIR (mode 0700) unless it exists, and refuses it unless it is a
# directory of this user's, not a link: nobody else may put FIFOs in it or hold them open.
private_dir() {
  mkdir -p -m 700 "$1" 2>/dev/null || true
  if [ -L "$1" ] || [ ! -d "$1" ] || [ ! -O "$1" ]; then
    say ERRO "$1 is not a directory of this user's; give --slot-dir a private one"
    return 2
  fi
  chmod 700 "$1"
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
    base=${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}}/event-forwarder-$EUID
    private_dir "$base" || return 2
    # Directories of daemons that are gone ("No such process": a pid this user may not see,
    # under hidepid or another pid namespace, is not gone).
    for d in "$base"/*; do
      p=${d##*/}
      p=${p%%-*}
      if [[ $p =~ ^[0-9]+$ ]] && [[ $(LC_ALL=C kill -0 "$p" 2>&1) == *"No such process"* ]]; then
        rm -rf -- "$d"
      fi
    done
    dir=$base/$daemon-${group//[^A-Za-z0-9._-]/_}
  fi
  private_dir "$dir" || return 2
  for f in alive announce; do
    if [ ! -e "$dir/$f" ] && ! mkfifo -m 600 "$dir/$f" 2>/dev/null && [ ! -p "$dir/$f" ]; then
      say ERRO "cannot make the FIFO $dir/$f"
      return 2
    fi
    if [ -L "$dir/$f" ] || [ ! -p "$dir/$f" ] || [ ! -O "$dir/$f" ]; then
      say ERRO "$dir/$f is not a FIFO of this user's"
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
    # Opening waits until slot 0 runs; reading ends when slot 0 ends, however it ends. A pool
    # without a slot 0 (numprocs_start not 0) would wait for ever: say so once.
    (
      trap 'kill "$nap" 2>/dev/null; exit 0' TERM
      sleep "${JSUP_SLOT_WAIT_WARNING:-30}" &
      nap=$!
      wait "$nap"
      say WARN "slot $slot: slot 0 has not started in ${JSUP_SLOT_WAIT_WARNING:-30} s; this slot takes no event until it does (does the pool have a process 0?)"
    ) </dev/null >/dev/null &
    warning=$!
    exec 3<"$dir/alive"
    kill "$warning" 2>/dev/null || true
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
