# Shared body of the bin/ launchers: finds the jars (checkout or installed archive), picks the
# JVM flags, and runs the tool's main class with the caller's arguments untouched.
# Sourced by the launchers; not meant to be run on its own.

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
  if [ "$kind" = daemon ]; then
    # The daemon's heap stays small; the serial collector keeps its native footprint small too.
    # C1 only: a supervisor does little computing, and C2 compiling in the background at start
    # (when ordered startups and bulk starts happen) competes for the CPU; measured on 2 cores,
    # C1 alone gave 2.7x the event throughput and a third of the chain hop latency.
    # No /tmp/hsperfdata file: a daemon that switched to another user could not remove it.
    # Small first TLABs: each thread's first allocation otherwise takes a 2 MB slice of the young
    # generation, and with a pipe reader per child the first young collection (~20 ms, copying
    # everything booting left alive) came within a second of start, during the first starts.
    # shellcheck disable=SC2086
    exec "$java" "${flags[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:TLABSize=32k ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi

  # CLIs and listeners: C1 only, one compiler thread, serial GC (a CLI: G1, see below).
  # A CLI also gets a class-data archive (CDS) made on its first run and reused after; it is
  # rebuilt when any jar is newer than it.
  # No /tmp/hsperfdata file either: creating and removing it costs every short run a few ms.
  # One compiler thread: a second one competes with the main thread (and with the daemon the
  # command talks to) on a small machine; measured on 2 cores, `status` 5 ms faster (median).
  flags+=("-XX:TieredStopAtLevel=1" "-XX:-UsePerfData" "-XX:CICompilerCount=1")
  if [ "$kind" != cli ]; then
    # An event listener is always exec'd: a shell left as the JVM's parent (to write an archive
    # after it) would take the stop signal supervisord sends and orphan the JVM.
    # shellcheck disable=SC2086
    exec "$java" "${flags[@]}" -XX:+UseSerialGC ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi
  # A CLI's archive is a static one (the JDK's classes and ours in one file, made with
  # -Xshare:dump from the classes a training run loaded) and the CLI runs on G1, the one
  # collector that maps the archived heap objects (the module graph among them): measured on
  # 2 cores, `status` 13 ms faster at the median than with a dynamic archive on the serial
  # collector, G1 another 7 ms. The first run writes it, which costs that run about 0.7 s.
  local jsa="$archive_dir/$tool.jsa"
  if [ -f "$jsa" ] && ! jsup_any_newer "$jsa" "$libdir"/*.jar "$archive_dir"/*.jar; then
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

# jsup_classpath VAR JAR...: sets VAR to the jars joined with ':' (the jar order is fixed, so a
# CDS archive stays valid). Builtins only, like the rest of the CLI path: no subshell per call.
jsup_classpath() {
  local IFS=: var=$1
  shift
  printf -v "$var" '%s' "$*"
}

# jsup_any_newer FILE PATH...: true when any existing PATH is newer than FILE.
jsup_any_newer() {
  local ref=$1 f
  shift
  for f in "$@"; do
    if [ -e "$f" ] && [ "$f" -nt "$ref" ]; then return 0; fi
  done
  return 1
}
