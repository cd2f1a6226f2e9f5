"""Tools, daemons and CLI runs: start them, wait on them with deadlines, always clean them up."""
import glob
import http.client
import os
import signal
import subprocess
import time
import uuid
import xmlrpc.client

from . import rpc

# Every daemon the harness starts carries this variable with a per-daemon id; children inherit
# it, so a sweep of /proc finds (and only finds) processes this harness is responsible for.
MARKER = "JSBENCH_RUN"
POLL_INTERVAL = 0.01
# Errors that mean "the daemon is not answering right now" (starting, reloading, shutting down).
RPC_UNAVAILABLE = (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError,
                   xmlrpc.client.Fault)


class BenchError(Exception):
    """A run could not be measured; the message becomes the 'n/a (reason)' in the table."""


def wait_for(predicate, timeout, what, interval=POLL_INTERVAL):
    """Polls predicate every interval seconds until it returns a true value (returned) or
    timeout seconds pass (BenchError naming what was awaited)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise BenchError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def tail(path, lines=3, width=200):
    """The last lines of a text file, joined with ' | ' (for error messages)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 8192))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    kept = [line.strip() for line in text.splitlines() if line.strip()][-lines:]
    return " | ".join(kept)[-width:]


class Tools:
    """Where each tool lives and whether it works; each tool is probed once, on first use."""

    JS_TOOLS = ("jsupervisord", "jsupervisorctl", "ordered-startup", "fast-reload",
                "event-forwarder")

    def __init__(self, js_home):
        self.paths = {"supervisord": "/usr/bin/supervisord",
                      "supervisorctl": "/usr/bin/supervisorctl"}
        for name in self.JS_TOOLS:
            self.paths[name] = os.path.join(js_home, "bin", name)
        self._problems = {}

    def problem(self, name):
        """None if the tool is usable, else a short reason. The probe (`--help`, or `-v` for
        supervisord) also lets a JVM launcher write its class-data archive before timing."""
        if name not in self._problems:
            self._problems[name] = self._probe(name)
        return self._problems[name]

    def missing(self, names):
        """The first problem among the named tools, or None when all are usable."""
        for name in names:
            reason = self.problem(name)
            if reason:
                return f"{name}: {reason}"
        return None

    def _probe(self, name):
        path = self.paths[name]
        if not os.access(path, os.X_OK):
            return f"{path} not found"
        argv = [path, "-v"] if name == "supervisord" else [path, "--help"]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return f"`{os.path.basename(path)} {argv[1]}` did not finish in 120 s"
        if done.returncode == 0:
            return None
        message = (done.stderr.strip() or done.stdout.strip()).splitlines()
        first = message[0] if message else ""
        if "not built yet" in first:
            return "not built yet (mvn -q -DskipTests package)"
        return f"`{argv[1]}` exited {done.returncode}: {first[:160]}"


def sweep(run_id, spare=()):
    """SIGKILLs every live process whose environment holds MARKER=run_id (except pids in
    spare); returns how many it signalled."""
    needle = f"{MARKER}={run_id}".encode()
    killed = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in spare or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
            os.kill(int(entry), signal.SIGKILL)
            killed += 1
        except (OSError, ProcessLookupError):
            continue
    return killed


LIVE_DAEMONS = []


def warm_archives(tools, folder):
    """Runs jsupervisord with both listeners once, long enough for the launchers' detached jobs
    to make the daemon's and the listeners' class-data archives (bin/lib/launch.sh makes them
    from a run that lasts), and waits for those jobs. Every timed run then starts the way an
    installed jsupervisor starts after its first boot. Returns a line for the log."""
    os.makedirs(folder, exist_ok=True)
    conf = os.path.join(folder, "supervisord.conf")
    sock = os.path.join(folder, "s.sock")
    bin_dir = os.path.dirname(tools.paths["jsupervisord"])
    with open(conf, "w") as f:
        f.write(f"""[supervisord]
logfile={folder}/supervisord.log
pidfile={folder}/supervisord.pid
childlogdir={folder}
[unix_http_server]
file={sock}
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[eventlistener:ordered]
command={bin_dir}/ordered-startup -c {conf}
events=PROCESS_STATE
[eventlistener:fastreload]
command={bin_dir}/fast-reload -c {conf}
events=PROCESS_STATE,SUPERVISOR_STATE_CHANGE
[program:app]
command=sleep 1000
autostart=false
startinorder=true
""")
    # Not a Daemon: its stop() kills whatever carries its marker, the archive jobs included.
    env = {k: v for k, v in os.environ.items() if k != MARKER}
    env["JSUPERVISOR_CDS_DELAY"] = "2"
    proxy = rpc.unix_proxy(sock)
    with open(os.path.join(folder, "daemon.out"), "wb") as out:
        proc = subprocess.Popen([tools.paths["jsupervisord"], "-n", "-c", conf], cwd=folder,
                                env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        def all_running():
            if proc.poll() is not None:
                raise BenchError(f"the warm-up daemon exited with {proc.returncode}")
            try:
                return sum(i["state"] == rpc.RUNNING
                           for i in proxy.supervisor.getAllProcessInfo()) == 3
            except RPC_UNAVAILABLE:
                return False
        wait_for(all_running, 60, "the warm-up's listeners and program RUNNING")
        time.sleep(2.5)  # each job takes its JVM's record 2 s after that JVM started
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    home = os.path.dirname(bin_dir)
    patterns = [os.path.join(home, "lib", "*.jsa.lock"), os.path.join(home, "*", "target", "*.jsa.lock")]
    wait_for(lambda: not any(glob.glob(p) for p in patterns), 60, "the archive jobs to finish")
    made = sorted({os.path.basename(p) for pat in patterns
                   for p in glob.glob(pat.replace(".lock", ""))})
    return "class-data archives: " + (", ".join(made) or "none (a read-only install, or tools that make none)")


class Daemon:
    """One supervisord-compatible daemon in the foreground (-n), reached over its UNIX socket."""

    def __init__(self, tools, kind, conf, sock, workdir):
        self.tools, self.kind, self.conf, self.sock, self.workdir = tools, kind, conf, sock, workdir
        self.run_id = uuid.uuid4().hex[:12]
        self.log = os.path.join(workdir, f"{kind}-{self.run_id}.out")
        self.proc = None
        self.spawned_at = self.spawned_wall = None
        self.proxy = rpc.unix_proxy(sock)

    def start(self, ready_timeout=60.0):
        """Spawns the daemon and waits until getState answers RUNNING; returns self."""
        self.spawn()
        wait_for(self._ready, ready_timeout, f"{self.kind} to answer getState")
        return self

    def spawn(self):
        """Spawns the daemon without calling it: a client's calls wake supervisord's main loop,
        whose first pass (the autostart spawns) otherwise waits out its 1 s poll. Sets
        spawned_at (time.monotonic) and spawned_wall (time.time, to compare with its log)."""
        argv = [self.tools.paths[self.kind], "-n", "-c", self.conf]
        env = dict(os.environ, **{MARKER: self.run_id})
        with open(self.log, "wb") as out:
            self.spawned_at, self.spawned_wall = time.monotonic(), time.time()
            self.proc = subprocess.Popen(argv, cwd=self.workdir, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        LIVE_DAEMONS.append(self)
        return self

    def _ready(self):
        self.check_alive()
        try:
            return self.proxy.supervisor.getState()["statecode"] == 1
        except RPC_UNAVAILABLE:
            return False

    def check_alive(self):
        """BenchError (with the end of the daemon's output) if the daemon has exited."""
        if self.proc.poll() is not None:
            raise BenchError(f"{self.kind} exited with {self.proc.returncode}: {tail(self.log)}")

    def infos(self):
        """getAllProcessInfo, or None while the daemon does not answer (e.g. mid-reload)."""
        self.check_alive()
        try:
            return self.proxy.supervisor.getAllProcessInfo()
        except RPC_UNAVAILABLE:
            return None

    def wait_states(self, names, state, timeout, what=None, exclude_pids=(), after=None):
        """Polls getAllProcessInfo until every process in names (group:name) is in state (and,
        with exclude_pids, runs under a pid outside it). Returns when that was seen, in
        time.monotonic(): `after` (e.g. when the CLI that caused it exited) if the first poll
        already sees it, else the midpoint of the first poll that did. Polls every 10 ms, but
        never more often than one call's duration, so a slow daemon (500 programs) is not kept
        busy answering the harness."""
        names = set(names)
        deadline = time.monotonic() + timeout
        first = True
        while True:
            issued = time.monotonic()
            infos = self.infos()
            answered = time.monotonic()
            if infos is not None:
                seen = {f"{i['group']}:{i['name']}": i for i in infos}
                if all(n in seen and seen[n]["state"] == state
                       and seen[n]["pid"] not in exclude_pids for n in names):
                    if first and after is not None:
                        return after
                    return max(after or 0.0, (issued + answered) / 2)
            first = False
            if answered >= deadline:
                raise BenchError(f"timed out after {timeout:g} s waiting for "
                                 f"{what or f'{len(names)} processes in state {state}'}")
            time.sleep(max(POLL_INTERVAL, answered - issued))

    def rss_kb(self):
        """Resident set size of the daemon process (the JVM for jsupervisord), in KiB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise BenchError("no VmRSS in /proc status")

    def pss_kb(self):
        """Proportional set size of the daemon process, in KiB (see memory_kb)."""
        return memory_kb(self.proc.pid)[1]

    def cpu_seconds(self):
        """CPU time the daemon process has used so far, all threads (utime + stime), in
        seconds; what other jobs on the machine distort far less than wall time."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_exit(self, timeout):
        """Waits for the daemon process to exit; returns the monotonic time it was seen."""
        return wait_for(lambda: self.proc.poll() is not None and time.monotonic(), timeout,
                        f"{self.kind} to exit")

    def stop(self, grace=15.0):
        """SIGTERM, then SIGKILL the children (the daemon would otherwise wait out every
        stopwaitsecs), then SIGKILL the daemon if it is still alive after grace seconds; finally
        sweeps every leftover process carrying this daemon's marker."""
        if self.proc is None:
            return
        try:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                sweep(self.run_id, spare=(self.proc.pid,))
                try:
                    self.proc.wait(grace)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(10)
        finally:
            sweep(self.run_id)
            if self in LIVE_DAEMONS:
                LIVE_DAEMONS.remove(self)


def memory_kb(pid):
    """(RSS, PSS) of a process in KiB, from /proc/PID/smaps_rollup. RSS is what `ps` and `top`
    show: every resident page the process maps, shared ones counted in full. PSS divides each
    shared page by the number of processes mapping it (libjvm.so, the JDK's files, a class-data
    archive two JVMs both map), so the PSS of all processes adds up to what they use together."""
    found = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] in ("Rss:", "Pss:"):
                found[parts[0]] = int(parts[1])
    if len(found) != 2:
        raise BenchError(f"no Rss/Pss in /proc/{pid}/smaps_rollup")
    return found["Rss:"], found["Pss:"]


def stop_all_daemons():
    """Stops every daemon still registered (the harness's last line of defence)."""
    for daemon in list(LIVE_DAEMONS):
        try:
            daemon.stop()
        except Exception as error:  # keep stopping the others
            print(f"bench: could not stop {daemon.kind} pid {daemon.proc.pid}: {error}")


def run_cli(argv, timeout, what, ok_codes=(0,)):
    """Runs a CLI to completion; returns its wall time in seconds. BenchError on an exit code
    outside ok_codes or a timeout (with the end of its output)."""
    start = time.monotonic()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{what} did not finish in {timeout:g} s") from None
    elapsed = time.monotonic() - start
    if done.returncode not in ok_codes:
        out = " | ".join((done.stderr.strip() + "\n" + done.stdout.strip()).strip().splitlines()[-2:])
        raise BenchError(f"{what} exited {done.returncode}: {out[:200]}")
    return elapsed
