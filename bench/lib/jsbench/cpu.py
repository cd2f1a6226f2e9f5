"""CPU time and context switches of processes over a measured stretch, from /proc: measures that
a loaded machine distorts far less than wall-clock rates."""
import os


def _threads(pid):
    """{tid: (name, cpu_ns, voluntary, involuntary)} of pid's live threads; {} once it is gone."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        base = f"/proc/{pid}/task/{tid}"
        try:
            with open(f"{base}/comm") as f:
                name = f.read().strip()
            with open(f"{base}/schedstat") as f:
                cpu_ns = int(f.read().split()[0])
            vol = invol = 0
            with open(f"{base}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        vol = int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches:"):
                        invol = int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the thread ended meanwhile
        out[int(tid)] = (name, cpu_ns, vol, invol)
    return out


def _process_cpu_ns(pid):
    """utime + stime of the whole process (threads that ended included), in ns; 0 once gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // TICKS


TICKS = os.sysconf("SC_CLK_TCK")


class Snapshot:
    """CPU time and context switches of some processes, and of each of their threads, at one
    moment."""

    def __init__(self, pids):
        self.threads = {pid: _threads(pid) for pid in pids}
        self.totals = {pid: _process_cpu_ns(pid) for pid in pids}

    def since(self, earlier, pid):
        """(cpu_ns, context switches, {thread name: cpu_ns}) of pid between earlier and this
        snapshot. The CPU time is the process's own count (/proc/PID/stat, 10 ms ticks); the
        split by thread and the switches are summed over the threads alive at both moments
        (schedstat, ns)."""
        before = earlier.threads.get(pid, {})
        cpu = self.totals.get(pid, 0) - earlier.totals.get(pid, 0)
        switches = 0
        names = {}
        for tid, (name, ns, vol, invol) in self.threads.get(pid, {}).items():
            _, ns0, vol0, invol0 = before.get(tid, (name, ns, vol, invol))
            switches += (vol - vol0) + (invol - invol0)
            key = name.rstrip("0123456789-") or name  # pool threads: one line per kind
            names[key] = names.get(key, 0) + ns - ns0
        return cpu, switches, names


def per_event(earlier, later, pid, events):
    """(cpu us/event, context switches/event, 'thread us/event, ...') of pid."""
    cpu, switches, names = later.since(earlier, pid)
    busiest = sorted(names.items(), key=lambda kv: -kv[1])
    split = ", ".join(f"{name} {ns / 1000 / events:.0f}" for name, ns in busiest
                      if ns / 1000 / events >= 1)
    return cpu / 1000 / events, switches / events, split
