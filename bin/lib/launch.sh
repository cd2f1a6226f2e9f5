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

  # CLIs and listeners: C1 only and serial GC. A CLI also gets an application class-data archive
  # (AppCDS) made on its first run and reused after; it is rebuilt when any jar is newer than it.
  # No /tmp/hsperfdata file either: creating and removing it costs every short run a few ms.
  # One compiler thread: a second one competes with the main thread (and with the daemon the
  # command talks to) on a small machine; measured on 2 cores, `status` 5 ms faster (median).
  flags+=("-XX:TieredStopAtLevel=1" "-XX:+UseSerialGC" "-XX:-UsePerfData" "-XX:CICompilerCount=1")
  local jsa="$archive_dir/$tool.jsa"
  if [ -f "$jsa" ] && ! jsup_any_newer "$jsa" "$libdir"/*.jar "$archive_dir"/*.jar; then
    # shellcheck disable=SC2086
    exec "$java" "${flags[@]}" -Xshare:auto "-XX:SharedArchiveFile=$jsa" ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi
  # An event listener is exec'd without making an archive: making one keeps this shell as the
  # JVM's parent, so the stop signal supervisord sends would end the shell and orphan the JVM.
  if [ "$kind" = cli ] && [ -w "$archive_dir" ] && [ -z "${JSUPERVISOR_NO_CDS:-}" ]; then
    local tmp="$jsa.$$.tmp" rc=0
    # shellcheck disable=SC2086
    # The training property makes the CLI load all its classes before exit, so the archive
    # serves every later command, not only the one that happened to run first.
    "$java" "${flags[@]}" "-XX:ArchiveClassesAtExit=$tmp" -Djsupervisor.cds.training=true ${JSUPERVISOR_JAVA_OPTS:-} -cp "$cp" "$main" "$@" || rc=$?
    if [ -s "$tmp" ]; then mv -f "$tmp" "$jsa" 2>/dev/null || rm -f "$tmp"; else rm -f "$tmp"; fi
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
