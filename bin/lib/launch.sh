# Shared body of the bin/ launchers: finds the jars (checkout or installed archive), picks the
# JVM flags, and runs the tool's main class with the caller's arguments untouched.
# Sourced by the launchers; not meant to be run on its own.

# Heap sizing of the exec'd JVMs (README, "Memory"). The JVM's defaults (an initial heap of 1/64 of
# the machine's memory, a ceiling of 1/4) made a 500-program daemon commit 387 MB of heap for
# ~8 MB of live objects (178 MiB RSS). A small initial heap that the serial collector grows with
# the work, and gives back what is free beyond a ratio, follows the number of programs by itself:
# 500 programs commit ~14 MB. The daemon keeps 20-50% free rather than the listeners' 10-30%: at
# 10-30% a /metrics scrape of 500 processes (a few MB of garbage) shrank and regrew the heap on
# every scrape, 27-40 ms a scrape against 20-28 ms, for the same idle RSS (71 MiB). The ceilings
# only bound growth (no RSS cost); JSUPERVISOR_JAVA_OPTS comes later on the command line, so e.g.
# JSUPERVISOR_JAVA_OPTS=-Xmx2g raises them.
JSUP_DAEMON_HEAP="-Xms8m -Xmx512m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=50"
JSUP_LISTENER_HEAP="-Xms4m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"

# Jetty's MemoryUtils asks the platform MBean server whether oops are compressed, to size its
# padding by the cache line, unless this property answers first; that query loads JMX (~150
# classes: the MBean server, the HotSpot diagnostic and JFR command beans) into the daemon and
# so into its class-data archive. 16 is the answer for compressed oops (64-byte lines, 4-byte
# references), which every heap under 32 GB has; a wrong answer would cost only padding.
# Measured with 500 programs: the daemon's archive 27.1 -> 25.2 MB, RSS 75 -> 72 MiB (README).
JSUP_DAEMON_JETTY="-Dorg.eclipse.jetty.util.referencesPerCacheLine=16"

# The daemon and the listeners give the C library's allocator back what it holds free (glibc
# keeps freed native memory, of class loading, compiling and I/O, in its arenas) once a second;
# measured with 500 programs, 3 runs each: daemon RSS 72.5-73.1 -> 68.8-69.3 MiB, listeners
# 1.6-1.8 MiB less, for ~10 ms of CPU in 30 s idle. JDK 17.0.9, 21.0.1 and 22 on have the option.
# (Experimental in some builds: unlocking is harmless where it is a product option.)
JSUP_TRIM="-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000"

# jsup_launch MODULE MAIN_CLASS KIND [args...]; KIND is "daemon", "cli" or "listener".
jsup_launch() {
  local module=$1 main=$2 kind=$3
  shift 3
  local tool root libdir jar cp archive_dir
  tool=${0##*/}
  root=${JSUP_BIN_DIR%/*}

  if [ -f "$root/lib/supervisor-core.jar" ]; then
    # Installed from the distribution archive: every jar sits in lib/.
    libdir="$root/lib"
    jsup_classpath cp "$libdir"/*.jar
    archive_dir="$libdir"
  else
    jar="$root/$module/target/$module.jar"
    libdir="$root/$module/target/lib"
    if [ ! -f "$jar" ] || [ ! -d "$libdir" ]; then
      echo "$tool: not built yet; build it with: cd $root && mvn -q -DskipTests package" >&2
      exit 2
    fi
    jsup_classpath cp "$jar" "$libdir"/*.jar
    archive_dir="$root/$module/target"
  fi

  local java=java
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi

  # -Djdk.serialFilter: no Java deserialization anywhere (XML-RPC CVE-2016-5003/2019-17570).
  local -a flags=("-Djdk.serialFilter=!*" "-Djsupervisor.launcher=$tool" "-Djsupervisor.home=$root")
  # JVM log output would otherwise go to stdout and corrupt tool output.
  flags+=("-Xlog:disable" "-Xlog:all=error:stderr")
  # The daemon and the listeners are exec'd (nothing may stay between supervisord, or the
  # operator's service manager, and the JVM), so their archive is made by a detached job from
  # the classes a real run loaded; see jsup_exec_archive.
  local -a share=()
  if [ "$kind" != cli ]; then
    # SIGQUIT stops the daemon (and a listener) as it stops supervisord, and the thread dump the
    # JVM prints on it first would land on the daemon's stdout or in a listener's protocol
    # stream: no VM output on stdout. Thread dumps: `jcmd <pid> Thread.print` (README).
    flags+=("-XX:+UnlockDiagnosticVMOptions" "-XX:-DisplayVMOutput")
    jsup_exec_archive share "$java" "$archive_dir/$tool.jsa" "$cp" "$libdir" "$archive_dir"
    # JNA's native library, copied out of its jar once by that same job: otherwise every start
    # unpacks it to a new temporary file (~60 ms). JNA falls back to unpacking if it is absent.
    if jsup_up_to_date "$archive_dir/jna/libjnidispatch.so" "$libdir"/jna*.jar; then
      flags+=("-Djna.boot.library.path=$archive_dir/jna")
    fi
    # Native heap trimming (JSUP_TRIM), where this JVM has it: an older one refuses to start on
    # an option it does not know.
    # shellcheck disable=SC2206 # two options, split on purpose
    if jsup_java_trims "$java"; then flags+=($JSUP_TRIM); fi
  fi
  if [ "$kind" = daemon ]; then
    # The daemon's heap stays small; the serial collector keeps its native footprint small too.
    # C1 only: a supervisor does little computing, and C2 compiling in the background at start
    # (when ordered startups and bulk starts happen) competes for the CPU; measured on 2 cores,
    # C1 alone gave 2.7x the event throughput and a third of the chain hop latency.
    # No /tmp/hsperfdata file: a daemon that switched to another user could not remove it.
    # Small first TLABs: each thread's first allocation otherwise takes a 2 MB slice of the young
    # generation, and with a pipe reader per child the first young collection (~20 ms, copying
    # everything booting left alive) came within a second of start, during the first starts.
    # Heap: see JSUP_DAEMON_HEAP. JSUP_DAEMON_JETTY: see there.
    # shellcheck disable=SC2086
    exec "$java" "${flags[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:TLABSize=32k $JSUP_DAEMON_HEAP $JSUP_DAEMON_JETTY "${share[@]}" ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi

  # CLIs and listeners: C1 only, one compiler thread, serial GC (a CLI: G1, see below).
  # A CLI gets its class-data archive (CDS) made on its first run, a listener from its first
  # long run (see jsup_exec_archive); either is reused after and rebuilt when a jar is newer.
  # No /tmp/hsperfdata file either: creating and removing it costs every short run a few ms.
  # One compiler thread: a second one competes with the main thread (and with the daemon the
  # command talks to) on a small machine; measured on 2 cores, `status` 5 ms faster (median).
  flags+=("-XX:TieredStopAtLevel=1" "-XX:-UsePerfData" "-XX:CICompilerCount=1")
  if [ "$kind" != cli ]; then
    # An event listener is always exec'd: a shell left as the JVM's parent (to write an archive
    # after it) would take the stop signal supervisord sends and orphan the JVM.
    # JSUP_TOOL_JVM: flags a tool's own launcher adds (bin/event-forwarder: C2, see there).
    # shellcheck disable=SC2086
    exec "$java" "${flags[@]}" -XX:+UseSerialGC $JSUP_LISTENER_HEAP ${JSUP_TOOL_JVM:-} "${share[@]}" ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi
  # A CLI's archive is a static one (the JDK's classes and ours in one file, made with
  # -Xshare:dump from the classes a training run loaded) and the CLI runs on G1, the one
  # collector that maps the archived heap objects (the module graph among them): measured on
  # 2 cores, `status` 13 ms faster at the median than with a dynamic archive on the serial
  # collector, G1 another 7 ms. The first run writes it, which costs that run about 0.7 s.
  local jsa="$archive_dir/$tool.jsa"
  if jsup_up_to_date "$jsa" "$libdir"/*.jar "$archive_dir"/*.jar; then
    # shellcheck disable=SC2086
    exec "$java" "${flags[@]}" -Xshare:auto "-XX:SharedArchiveFile=$jsa" ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi
  if [ -w "$archive_dir" ] && [ -z "${JSUPERVISOR_NO_CDS:-}" ]; then
    local tmp="$jsa.$$.tmp" list="$jsa.$$.classes" rc=0
    # The training property makes the CLI load all its classes before exit, so the archive
    # serves every later command, not only the one that happened to run first.
    # shellcheck disable=SC2086
    "$java" "${flags[@]}" "-XX:DumpLoadedClassList=$list" -Djsupervisor.cds.training=true ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@" || rc=$?
    if [ -s "$list" ] && "$java" -Xshare:dump "-XX:SharedClassListFile=$list" "-XX:SharedArchiveFile=$tmp" -cp "$cp" >/dev/null 2>&1 && [ -s "$tmp" ]; then
      mv -f "$tmp" "$jsa" 2>/dev/null || rm -f "$tmp"
    else
      rm -f "$tmp"
    fi
    rm -f "$list"
    exit "$rc"
  fi
  # shellcheck disable=SC2086
  exec "$java" "${flags[@]}" ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
}

# jsup_exec_archive VAR JAVA JSA CLASSPATH LIBDIR ARCHIVE_DIR: the class-data archive of a JVM
# that is exec'd (the daemon, a listener). Sets the array VAR to the options that map JSA when it
# is newer than every jar. Otherwise, when the directory is writable, sets VAR to the option that
# records the classes this run loads, and starts a detached job that makes JSA from that record
# after JSUPERVISOR_CDS_DELAY seconds (5), if the run is still going by then: an archive made from
# a `--help` or a refused config would hold too little. The daemon's background copy (without
# -n) records to the same path plus ".copy" (Daemonizer), so it counts as still going.
# Measured on 2 cores: the daemon answers its socket ~0.3 s sooner, a listener starts its work
# ~0.2 s sooner (of ~0.5 s).
# shellcheck disable=SC2034 # out names the caller's array
jsup_exec_archive() {
  local -n out=$1
  local java=$2 jsa=$3 cp=$4 libdir=$5 dir=$6
  out=()
  # This file too: an archive holds what a run with these flags loaded (JSUP_DAEMON_JETTY).
  if jsup_up_to_date "$jsa" "$libdir"/*.jar "$dir"/*.jar "${BASH_SOURCE[0]}"; then
    out=(-Xshare:auto "-XX:SharedArchiveFile=$jsa")
    return 0
  fi
  if [ ! -w "$dir" ] || [ -n "${JSUPERVISOR_NO_CDS:-}" ]; then
    return 0
  fi
  local list="$jsa.$$.classes"
  out=("-XX:DumpLoadedClassList=$list")
  # Detached (its own session, no terminal, streams closed, lowest CPU priority) so that no
  # signal meant for this tool reaches it, nothing waits for it and it takes only idle CPU; the subshell around it ends at once, so it is not
  # left as a child of the JVM this shell becomes.
  local -a detach=()
  if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi
  # shellcheck disable=SC2016 # the inner script expands its own arguments
  ( "${detach[@]}" nice -n 19 "$BASH" -c '. "$1"; shift; jsup_make_archive_later "$@"' _ \
      "$JSUP_BIN_DIR/lib/launch.sh" "$java" "$jsa" "$list" "$$" "$cp" \
      "${JSUPERVISOR_CDS_DELAY:-5}" </dev/null >/dev/null 2>&1 & )
}

# jsup_make_archive_later JAVA JSA LIST PID CLASSPATH DELAY: the detached job of jsup_exec_archive.
# Runs that start together each record and each get a job; the first job whose run lasted makes
# the archive, under a lock directory (a lock whose job is gone is taken over).
jsup_make_archive_later() {
  local java=$1 jsa=$2 list=$3 pid=$4 cp=$5 delay=$6
  local lock="$jsa.lock" tmp="$jsa.$pid.tmp" snapshot="$jsa.$pid.snapshot" from="" owner=""
  local -a jars
  trap '' HUP INT TERM
  sleep "$delay"
  if [ -s "$list.copy" ]; then
    from="$list.copy"
  elif [ -d "/proc/$pid" ] && [ -s "$list" ]; then
    from="$list"
  fi
  IFS=: read -ra jars <<<"$cp"
  if [ -n "$from" ] && ! jsup_up_to_date "$jsa" "${jars[@]}" "${BASH_SOURCE[0]}"; then
    if [ -d "$lock" ]; then
      read -r owner 2>/dev/null <"$lock/pid" || owner=""
      if [ -z "$owner" ] || [ ! -d "/proc/$owner" ]; then
        rm -rf "$lock"
      fi
    fi
    if mkdir "$lock" 2>/dev/null; then
      echo "$$" >"$lock/pid"
      # The JVM is still writing the record; its last line may be half written.
      sed '$d' "$from" >"$snapshot"
      if "$java" -Xshare:dump "-XX:SharedClassListFile=$snapshot" \
          "-XX:SharedArchiveFile=$tmp" -cp "$cp" >/dev/null 2>&1 && [ -s "$tmp" ]; then
        mv -f "$tmp" "$jsa"
      fi
      "$java" -Xshare:auto -cp "$cp" dev.jsupervisor.core.util.JnaLibraryCopy \
          "${jsa%/*}/jna" >/dev/null 2>&1 || true
      rm -rf "$lock"
    fi
  fi
  # A JVM still running keeps writing to its record after the name is gone; that costs nothing.
  rm -f "$tmp" "$snapshot" "$list" "$list.copy"
}

# jsup_java_trims JAVA: true when the JDK of JAVA (a path, or a name found in PATH) has
# -XX:TrimNativeHeapInterval, read from its `release` file (no JVM started for the check).
jsup_java_trims() {
  local bin=$1 line version="" feature update
  case $bin in */*) ;; *) bin=$(command -v "$bin") || return 1 ;; esac
  bin=$(readlink -f "$bin") || return 1
  [ -r "${bin%/bin/*}/release" ] || return 1
  while IFS= read -r line; do
    case $line in JAVA_VERSION=*) version=${line#JAVA_VERSION=} ;; esac
  done <"${bin%/bin/*}/release"
  version=${version//\"/}
  [[ $version =~ ^([0-9]+)(\.[0-9]+\.([0-9]+))? ]] || return 1
  feature=${BASH_REMATCH[1]} update=${BASH_REMATCH[3]:-0}
  ((feature >= 22 || (feature == 21 && update >= 1) || (feature == 17 && update >= 9)))
}

# jsup_classpath VAR JAR...: sets VAR to the jars joined with ':' (the jar order is fixed, so a
# CDS archive stays valid). Builtins only, like the rest of the CLI path: no subshell per call.
jsup_classpath() {
  local IFS=: var=$1
  shift
  printf -v "$var" '%s' "$*"
}

# jsup_up_to_date FILE PATH...: true when FILE exists and no existing PATH is newer than it.
jsup_up_to_date() {
  local made=$1 f
  shift
  [ -f "$made" ] || return 1
  for f in "$@"; do
    if [ -e "$f" ] && [ "$f" -nt "$made" ]; then return 1; fi
  done
  return 0
}
