"""The benchmark scenarios. Each one declares its figures, then alternates its runs (daemon +
tool combinations) repetition by repetition so that every combination sees the same machine
conditions; a combination whose tools are missing or broken is reported 'n/a (reason)'."""
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
import uuid
import xmlrpc.client

from . import cpu, rpc
from .configs import free_port
from .procs import MARKER, BenchError, Daemon, memory_kb, run_cli, sweep, wait_for

ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "assets")
SD, JS = "supervisord", "jsupervisord"


class Combo:
    """One run of a figure: a daemon (None for a run without one, e.g. a floor), a control tool
    (argv words per operation) and the tools it needs; label is what the table prints."""

    def __init__(self, label, daemon, ctl=None, ops=None, needs=(), baseline=False, conf=None,
                 slow=False):
        self.label, self.daemon, self.ctl, self.ops = label, daemon, ctl, ops or {}
        self.needs = tuple(t for t in (daemon, ctl) if t) + tuple(needs)
        self.baseline, self.conf, self.slow = baseline, conf, slow
        self.broken = None  # reason, once a run of this combination has failed


class Context:
    """What every scenario gets: tools, workspace, recorder, repetitions and a logger."""

    def __init__(self, tools, workspace, recorder, quick, reps_override, log, rows=""):
        self.tools, self.ws, self.rec, self.quick = tools, workspace, recorder, quick
        self.rows = re.compile(rows) if rows else None
        self._reps_override, self.log = reps_override, log

    def reps(self, quick, full):
        return self._reps_override or (quick if self.quick else full)

    def usable(self, combos, figures):
        """The combos whose tools all work; the others are marked n/a on every figure."""
        kept = []
        for combo in combos:
            reason = self.tools.missing(combo.needs)
            if not reason and self.rows and not combo.baseline \
                    and not self.rows.search(combo.label):
                reason = "not selected (--rows)"
            if reason:
                for fig in figures:
                    fig.run(combo.label, combo.baseline).fail(reason)
            else:
                kept.append(combo)
        return kept

    def alternate(self, combos, reps):
        """(rep, combo) pairs: every repetition runs each combo once, the order rotating by
        one each repetition; combos that broke are skipped."""
        for rep in range(reps):
            shift = rep % len(combos) if combos else 0
            for combo in combos[shift:] + combos[:shift]:
                if combo.broken is None:
                    yield rep, combo

    def ctl(self, combo, conf, op, names):
        """argv for running the combo's control tool with operation op on names."""
        return [self.tools.paths[combo.ctl], "-c", conf] + combo.ops[op] + list(names)


def fail(combo, figures, error):
    """Records error on every figure of combo and stops further runs of it."""
    combo.broken = str(error)
    for fig in figures:
        fig.run(combo.label, combo.baseline).fail(str(error))


def declare(figures, combos):
    """Creates the rows in combination order (so the table order does not depend on which
    run finishes first)."""
    for fig in figures:
        for combo in combos:
            fig.run(combo.label, combo.baseline)


class DaemonPool:
    """Long-lived daemons shared by the runs of one scenario, one per key; always stopped."""

    def __init__(self, ctx):
        self.ctx, self.daemons, self.errors, self.confs = ctx, {}, {}, {}

    def shared(self, kind, make_conf, prepare=None):
        """(daemon, conf): the one daemon of kind, on a config that make_conf() returns as
        (conf, sock) the first time kind is asked for."""
        if kind not in self.confs:
            self.confs[kind] = make_conf()
        conf, sock = self.confs[kind]
        return self.get(kind, kind, conf, sock, prepare), conf

    def get(self, key, kind, conf, sock, prepare=None):
        """The daemon for key, started (and prepared) on first use. A failed start is
        remembered and re-raised for every later use of the key."""
        if key in self.errors:
            raise BenchError(self.errors[key])
        if key not in self.daemons:
            daemon = Daemon(self.ctx.tools, kind, conf, sock, os.path.dirname(conf))
            try:
                daemon.start()
                if prepare:
                    prepare(daemon)
            except BenchError as error:
                daemon.stop()
                self.errors[key] = str(error)
                raise
            self.daemons[key] = daemon
        return self.daemons[key]

    def drop(self, key):
        daemon = self.daemons.pop(key, None)
        if daemon:
            daemon.stop()

    def close(self):
        for key in list(self.daemons):
            self.drop(key)


def _one_shot(ctx, kind, conf, sock):
    """A daemon started for one run only (the caller stops it)."""
    return Daemon(ctx.tools, kind, conf, sock, os.path.dirname(conf))


def _wait_listener(daemon, name, timeout=60):
    """Waits until event listener name is RUNNING; explains a FATAL/BACKOFF listener."""
    def running():
        infos = daemon.infos() or []
        for info in infos:
            if f"{info['group']}:{info['name']}" == name:
                if info["state"] in (rpc.FATAL, rpc.BACKOFF):
                    logfile = info.get("stderr_logfile") or ""
                    raise BenchError(f"listener {name} is {info['statename']}"
                                     + (f": {_tail_of(logfile)}" if logfile else ""))
                return info["state"] == rpc.RUNNING
        return False
    wait_for(running, timeout, f"listener {name} to be RUNNING")


def _tail_of(path):
    from .procs import tail
    return tail(path, lines=2) or "(no stderr output)"


# ---------------------------------------------------------------------------------------------
# numprocs=32: start and stop through the CLIs, startsecs 1 and 0.

def numprocs32(ctx):
    names = [f"app:app_{i:02d}" for i in range(32)]
    plain = {"start": ["start"], "stop": ["stop"]}
    quick = {"start": ["quickstart"], "stop": ["quickstop"]}
    for startsecs in (1, 0):
        start_fig = ctx.rec.figure(
            f"numprocs32-ss{startsecs}-start",
            f"numprocs=32, startsecs={startsecs}: start all 32 (CLI start until all RUNNING)", "s",
            limit=startsecs or None, limit_note="startsecs" if startsecs else "~0 (startsecs=0)")
        stop_fig = ctx.rec.figure(
            f"numprocs32-ss{startsecs}-stop",
            f"numprocs=32, startsecs={startsecs}: stop all 32 (CLI start until all STOPPED)", "s",
            limit_note="~0 (sleep exits at once on SIGTERM)")
        figures = [start_fig, stop_fig]
        combos = [
            Combo("supervisord + supervisorctl start/stop 'app:*'", SD, "supervisorctl", plain,
                  baseline=True),
            Combo("jsupervisord + supervisorctl start/stop 'app:*'", JS, "supervisorctl", plain),
            Combo("jsupervisord + jsupervisorctl start/stop 'app:*'", JS, "jsupervisorctl", plain),
            Combo("jsupervisord + jsupervisorctl quickstart/quickstop app:", JS, "jsupervisorctl",
                  quick),
            Combo("supervisord + jsupervisorctl quickstart/quickstop app:", SD, "jsupervisorctl",
                  quick),
        ]
        declare(figures, combos)
        combos = ctx.usable(combos, figures)
        pool = DaemonPool(ctx)
        overrides = [("program:app", "autostart", "false"),
                     ("program:app", "startsecs", str(startsecs))]
        try:
            for rep, combo in ctx.alternate(combos, ctx.reps(2, 7)):
                ctx.log(f"numprocs32 startsecs={startsecs} rep {rep + 1}: {combo.label}")
                try:
                    daemon, conf = pool.shared(
                        combo.daemon, lambda: ctx.ws.example("numprocs32", overrides=overrides))
                    for fig, op, state in ((start_fig, "start", rpc.RUNNING),
                                           (stop_fig, "stop", rpc.STOPPED)):
                        word = combo.ops[op][-1]
                        target = ["app:*"] if word in ("start", "stop") else ["app:"]
                        t0 = time.monotonic()
                        run_cli(ctx.ctl(combo, conf, op, target), 120, f"{combo.ctl} {word}")
                        seen = daemon.wait_states(names, state, 60, after=time.monotonic())
                        fig.run(combo.label).add(seen - t0)
                except BenchError as error:
                    fail(combo, figures, error)
                    pool.drop(combo.daemon)  # state unknown: the next combo starts afresh
        finally:
            pool.close()


# ---------------------------------------------------------------------------------------------
# Bulk commands against supervisord 4.2.5 (numprocs=32, startsecs=1): its own supervisorctl vs
# jsupervisorctl's plain and quick commands, each timed as the CLI's whole wall time.

def quick32(ctx):
    names = [f"app:app_{i:02d}" for i in range(32)]
    figs = {}
    for op, kind, what in (("start", "names", "the 32 names listed"),
                           ("start", "group", "the group"),
                           ("restart", "group", "the group"),
                           ("stop", "group", "the group")):
        figs[(op, kind)] = ctx.rec.figure(
            f"quick32-{op}-{kind}",
            f"supervisord 4.2.5, numprocs=32, startsecs=1: {op} {what} (CLI wall time)", "s",
            limit=None if op == "stop" else 1,
            limit_note="~0 (sleep exits at once on SIGTERM)" if op == "stop" else "startsecs")
    plain = {"start": ["start"], "restart": ["restart"], "stop": ["stop"]}
    combos = [
        Combo("supervisorctl start/restart/stop", SD, "supervisorctl", plain, baseline=True),
        Combo("jsupervisorctl start/restart/stop", SD, "jsupervisorctl", plain),
        Combo("jsupervisorctl quickstart/quickrestart/quickstop", SD, "jsupervisorctl",
              {"start": ["quickstart"], "restart": ["quickrestart"], "stop": ["quickstop"]}),
    ]
    figures = list(figs.values())
    declare(figures, combos)
    combos = ctx.usable(combos, figures)
    pool = DaemonPool(ctx)
    overrides = [("program:app", "autostart", "false"), ("program:app", "startsecs", "1")]
    listed_once = set()  # supervisorctl starts listed names one by one (~32 s): time it once
    try:
        for rep, combo in ctx.alternate(combos, ctx.reps(3, 7)):
            ctx.log(f"quick32 rep {rep + 1}: {combo.label}")
            try:
                daemon, conf = pool.shared(
                    SD, lambda: ctx.ws.example("numprocs32", overrides=overrides))
                quick = combo.ops["start"][-1] == "quickstart"
                group = ["app:"] if quick else ["app:*"]
                # (op, figure kind or None when untimed, targets, state afterwards)
                steps = [("start", "names", names, rpc.RUNNING),
                         ("stop", None, group, rpc.STOPPED),
                         ("start", "group", group, rpc.RUNNING),
                         ("restart", "group", group, rpc.RUNNING),
                         ("stop", "group", group, rpc.STOPPED)]
                for op, kind, targets, state in steps:
                    if kind == "names" and combo.ctl == "supervisorctl":
                        if combo.label in listed_once:
                            kind, targets = None, group
                        listed_once.add(combo.label)
                    word = combo.ops[op][-1]
                    elapsed = run_cli(ctx.ctl(combo, conf, op, targets), 120, f"{combo.ctl} {word}")
                    daemon.wait_states(names, state, 60)
                    if kind:
                        figs[(op, kind)].run(combo.label, combo.baseline).add(elapsed)
            except BenchError as error:
                fail(combo, figures, error)
                pool.drop(SD)
    finally:
        pool.close()


# ---------------------------------------------------------------------------------------------
# CLI latency: `status` of 32 RUNNING processes.

def cli_status(ctx):
    fig = ctx.rec.figure("cli-status", "CLI `status` of 32 RUNNING processes (wall time)", "s",
                         limit_note="—")
    ops = {"status": ["status"]}
    combos = [
        Combo("supervisord + supervisorctl status", SD, "supervisorctl", ops, baseline=True),
        Combo("supervisord + jsupervisorctl status", SD, "jsupervisorctl", ops),
        Combo("jsupervisord + supervisorctl status", JS, "supervisorctl", ops),
        Combo("jsupervisord + jsupervisorctl status", JS, "jsupervisorctl", ops),
    ]
    declare([fig], combos)
    combos = ctx.usable(combos, [fig])
    names = [f"app:app_{i:02d}" for i in range(32)]
    pool = DaemonPool(ctx)
    try:
        for rep, combo in ctx.alternate(combos, ctx.reps(3, 15)):
            try:
                _, conf = pool.shared(
                    combo.daemon,
                    lambda: ctx.ws.example("numprocs32", overrides=[("program:app", "startsecs", "0")]),
                    prepare=lambda d: d.wait_states(names, rpc.RUNNING, 60))
                fig.run(combo.label).add(run_cli(ctx.ctl(combo, conf, "status", []), 60,
                                                 f"{combo.ctl} status"))
            except BenchError as error:
                fail(combo, [fig], error)
    finally:
        pool.close()


# ---------------------------------------------------------------------------------------------
# 30 programs that take 3 s to stop: reload and shutdown.

STOP_DELAY = 3.0
_SLOW = [f"slow{i:02d}" for i in range(1, 31)]


def _slow_combos():
    per_program = [f"{n}:{n}" for n in _SLOW]
    grouped = [f"slow:{n}" for n in _SLOW]
    combos = []
    for kind in (SD, JS):
        combos += [
            Combo(f"{kind}, 30 programs (plain.conf)", kind, baseline=kind == SD,
                  conf=("plain.conf", per_program, None), slow=kind == SD),
            Combo(f"{kind}, one big [group:] (one-group.conf)", kind,
                  conf=("one-group.conf", grouped, None)),
            Combo(f"{kind} + fast-reload listener (supervisord.conf)", kind, needs=("fast-reload",),
                  conf=("supervisord.conf", per_program, "fastreload:fastreload")),
        ]
    return combos


def _skip_slow(ctx, combo, rep):
    """Slow combos (about 93 s a run) are skipped in --quick and run at most 3 times."""
    return combo.slow and (ctx.quick or rep >= 3)


def _mark_skipped(ctx, fig, combos):
    """In --quick, the slow combos show the newest full run's samples, or n/a."""
    for combo in combos:
        if combo.slow and ctx.quick:
            earlier = ctx.rec.earlier(fig.key, combo.label)
            if earlier:
                fig.run(combo.label).carry(*earlier)
            else:
                fig.run(combo.label).fail("skipped in --quick (about 30 x 3 s per run); "
                                          "a full run of this scenario fills it in")


def _slow_ready(names, listener):
    """Waits until the 30 programs are RUNNING and armed, and the listener (if any) RUNNING."""
    def prepare(daemon):
        daemon.wait_states(names, rpc.RUNNING, 60, "the 30 programs to be RUNNING")
        wait_for(lambda: _armed(daemon, names), 30, "the 30 programs to set their SIGTERM trap")
        if listener:
            _wait_listener(daemon, listener)
    return prepare


def _armed(daemon, names):
    """True once every program runs slow-stop.sh and has forked its sleep, i.e. has its SIGTERM
    trap set. With startsecs=0 a program is RUNNING from the fork on; a SIGTERM that arrives
    before the exec is lost and costs a stopwaitsecs SIGKILL, which is not what we measure."""
    pids = {f"{i['group']}:{i['name']}": i["pid"] for i in daemon.infos() or []}
    for name in names:
        pid = pids.get(name)
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"slow-stop.sh" not in f.read():
                    return False
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                if not f.read().split():
                    return False
        except (OSError, TypeError):
            return False
    return True


def _slow_scenario(ctx, key, title):
    """(figure, combos to run in order, wait deadline) of a 30-slow-programs scenario; the
    combos iterator logs each run and, when exhausted, fills in the runs --quick skipped."""
    fig = ctx.rec.figure(key, title, "s", limit=STOP_DELAY, limit_note="one program's stop time")
    combos = _slow_combos()
    declare([fig], combos)
    combos = ctx.usable(combos, [fig])

    def runs():
        for rep, combo in ctx.alternate(combos, ctx.reps(2, 5)):
            if not _skip_slow(ctx, combo, rep):
                ctx.log(f"{key} rep {rep + 1}: {combo.label}")
                yield combo
        _mark_skipped(ctx, fig, combos)

    return fig, runs(), 20 if ctx.quick else 150


def reload30(ctx):
    fig, runs, timeout = _slow_scenario(
        ctx, "reload30", "reload (supervisor.restart) of 30 programs that take 3 s to stop, "
        "until all 30 RUNNING again under new pids")
    pool = DaemonPool(ctx)
    try:
        for combo in runs:
            conf_name, names, listener = combo.conf
            try:
                if combo.label not in pool.daemons:
                    conf, sock = ctx.ws.example("fast-reload", conf_name)
                    pool.get(combo.label, combo.daemon, conf, sock,
                             prepare=_slow_ready(names, listener))
                daemon = pool.daemons[combo.label]
                old = {i["pid"] for i in daemon.infos() or []}
                t0 = time.monotonic()
                daemon.proxy.supervisor.restart()
                seen = daemon.wait_states(names, rpc.RUNNING, timeout,
                                          "all 30 RUNNING under new pids", exclude_pids=old)
                fig.run(combo.label).add(seen - t0)
                _slow_ready(names, listener)(daemon)  # untimed: ready for the next reload
            except (BenchError, xmlrpc.client.Fault, OSError) as error:
                fail(combo, [fig], error)
                pool.drop(combo.label)
    finally:
        pool.close()


def shutdown30(ctx):
    fig, runs, timeout = _slow_scenario(
        ctx, "shutdown30", "shutdown (supervisor.shutdown) of 30 programs that take 3 s to "
        "stop, until the daemon has exited")
    for combo in runs:
        conf_name, names, listener = combo.conf
        conf, sock = ctx.ws.example("fast-reload", conf_name)
        daemon = _one_shot(ctx, combo.daemon, conf, sock)
        try:
            daemon.start()
            _slow_ready(names, listener)(daemon)
            t0 = time.monotonic()
            daemon.proxy.supervisor.shutdown()
            fig.run(combo.label).add(daemon.wait_exit(timeout) - t0)
        except (BenchError, xmlrpc.client.Fault, OSError) as error:
            fail(combo, [fig], error)
        finally:
            daemon.stop()


# ---------------------------------------------------------------------------------------------
# Ordered chain of 10 programs (startsecs=0).

def _chain_conf(ctx, listener, ordered, exits=False, late=False):
    """exits: init jobs that exit 0 at once, chained with startnextafter=exited. late: the
    chain waits behind a first link that takes 2 s to be RUNNING, so it runs after the
    listener's own first second (until then supervisord sends a listener no events)."""
    links = []
    if late:
        links.append("""
[program:c00]
command=sleep 1000
priority=0
autostart=false
autorestart=false
startsecs=2
stdout_logfile=NONE
stderr_logfile=NONE
startinorder=true
startnextafter=running
""")
    for i in range(1, 11):
        links.append(f"""
[program:c{i:02d}]
command={ASSETS}/{'exit_stamp.sh' if exits else 'stamp.sh'} {{dir}}/stamps c{i:02d}
priority={i}
autostart={'false' if ordered else 'true'}
autorestart=false
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
startinorder=true
startnextafter={'exited' if exits else 'running'}
""")
    head = ""
    if listener:
        head = f"""
[eventlistener:ordered]
command={ctx.ws.js_home}/bin/ordered-startup -c {{dir}}/supervisord.conf
events=PROCESS_STATE
buffer_size=100
stderr_logfile={{dir}}/ordered.err
"""
    return ctx.ws.generated("chain10", head + "".join(links))


def chain10(ctx):
    total = ctx.rec.figure(
        "chain10-total", "ordered chain of 10 programs (startsecs=0): daemon spawn until the "
        "last link RUNNING", "s", limit_note="~0 (startsecs=0)")
    hop = ctx.rec.figure(
        "chain10-hop", "ordered chain of 10: mean hop latency per run (first link's start "
        "stamp -> last link's, / 9)", "s", limit_note="~0 (startsecs=0)")
    single = ctx.rec.figure(
        "chain10-loghop", "ordered chain of 10: every single hop in the daemon's log (link's "
        "'entered RUNNING' -> next link's 'spawned', ms resolution; 9 per run)", "s",
        limit_note="~0 (startsecs=0)")
    late_hop = ctx.rec.figure(
        "chain10-late-hop", "same chain started after the listener's first second (events "
        "flow; before, supervisord holds them and the listener polls): mean hop per run", "s",
        limit_note="~0 (startsecs=0)")
    at_boot = [total, hop, single]
    combos = [
        Combo("supervisord, no ordering: all 10 spawned at once (reference)", SD,
              baseline=True, conf=(False, False, False)),
        Combo("supervisord + ordered-startup listener", SD, needs=("ordered-startup",),
              conf=(True, True, False)),
        Combo("jsupervisord + ordered-startup listener", JS, needs=("ordered-startup",),
              conf=(True, True, False)),
        Combo("supervisord + ordered-startup listener, chain after 2 s", SD,
              needs=("ordered-startup",), baseline=True, conf=(True, True, True)),
        Combo("jsupervisord + ordered-startup listener, chain after 2 s", JS,
              needs=("ordered-startup",), conf=(True, True, True)),
    ]
    boot_combos = [c for c in combos if not c.conf[2]]
    late_combos = [c for c in combos if c.conf[2]]
    declare(at_boot, boot_combos)
    declare([late_hop], late_combos)
    combos = ctx.usable(boot_combos, at_boot) + ctx.usable(late_combos, [late_hop])
    for rep, combo in ctx.alternate(combos, ctx.reps(2, 7)):
        listener, ordered, late = combo.conf
        figures = [late_hop] if late else at_boot
        ctx.log(f"chain10 rep {rep + 1}: {combo.label}")
        conf, sock, folder = _chain_conf(ctx, listener, ordered, late=late)
        daemon = _one_shot(ctx, combo.daemon, conf, sock)
        try:
            daemon.start()
            try:
                seen = daemon.wait_states(["c10:c10"], rpc.RUNNING, 20, "the last link RUNNING")
            except BenchError as error:
                raise BenchError(f"{error}{_listener_note(daemon, 'ordered:ordered', folder)}"
                                 if listener else str(error)) from None
            stamps = wait_for(lambda: _stamps(folder, 10), 10, "10 start stamps")
            # one sample per run: single hops jitter by the links' own start-up (a shell and
            # date), which under load can even make one hop look negative
            mean_hop = (stamps[-1] - stamps[0]) / 9 / 1e9
            if late:
                late_hop.run(combo.label, combo.baseline).add(mean_hop)
            else:
                total.run(combo.label).add(seen - daemon.spawned_at)
                if ordered:
                    hop.run(combo.label).add(mean_hop)
                    for value in _log_hops(folder, 10):
                        single.run(combo.label).add(value)
                else:
                    hop.run(combo.label).fail("no ordering: the links start together")
                    single.run(combo.label).fail("no ordering: the links start together")
        except (BenchError, OSError) as error:
            fail(combo, figures, error)
        finally:
            daemon.stop()


def chain10boot(ctx):
    fig = ctx.rec.figure(
        "chain10-boot", "ordered chain of 10 at boot, nobody calling the daemon (as when a "
        "service manager starts it): daemon spawn until the last link's 'entered RUNNING' in "
        "the daemon's log", "s", limit_note="~0 (startsecs=0)")
    combos = [
        Combo("supervisord + ordered-startup listener", SD, needs=("ordered-startup",),
              baseline=True),
        Combo("jsupervisord + ordered-startup listener", JS, needs=("ordered-startup",)),
    ]
    declare([fig], combos)
    combos = ctx.usable(combos, [fig])
    for rep, combo in ctx.alternate(combos, ctx.reps(2, 7)):
        ctx.log(f"chain10boot rep {rep + 1}: {combo.label}")
        conf, sock, folder = _chain_conf(ctx, True, True)
        daemon = _one_shot(ctx, combo.daemon, conf, sock)
        log = os.path.join(folder, "supervisord.log")
        try:
            daemon.spawn()
            # The log file, not the daemon: a call would wake supervisord's first loop pass.
            def last_link_running():
                daemon.check_alive()
                times = _log_times(log, _LAST_LINK_RUNNING)
                return times[0] if times else None
            try:
                seen = wait_for(last_link_running, 20, "c10 'entered RUNNING' in the log",
                                interval=0.02)
            except BenchError as error:
                raise BenchError(f"{error}{_listener_note(daemon, 'ordered:ordered', folder)}") \
                    from None
            fig.run(combo.label, combo.baseline).add(seen - daemon.spawned_wall)
        except (BenchError, OSError) as error:
            fail(combo, [fig], error)
        finally:
            daemon.stop()


_LAST_LINK_RUNNING = re.compile(r"^success: c10 entered RUNNING state")


def exitchain10(ctx):
    hop = ctx.rec.figure(
        "exitchain10-hop", "init-script chain of 10 (startnextafter=exited, each link exits 0 at "
        "once): mean hop per run (a link's exit stamp -> the next link's start stamp)", "s",
        limit_note="~0")
    late_hop = ctx.rec.figure(
        "exitchain10-late-hop", "same chain started after the listener's first second (events "
        "flow; before, supervisord holds them and the listener polls): mean hop per run", "s",
        limit_note="~0")
    combos = [
        Combo("supervisord + ordered-startup listener", SD, needs=("ordered-startup",),
              baseline=True, conf=False),
        Combo("jsupervisord + ordered-startup listener", JS, needs=("ordered-startup",),
              conf=False),
        Combo("supervisord + ordered-startup listener, chain after 2 s", SD,
              needs=("ordered-startup",), baseline=True, conf=True),
        Combo("jsupervisord + ordered-startup listener, chain after 2 s", JS,
              needs=("ordered-startup",), conf=True),
    ]
    kept = []
    for fig, late in ((hop, False), (late_hop, True)):
        group = [c for c in combos if c.conf == late]
        declare([fig], group)
        kept += ctx.usable(group, [fig])
    combos = kept
    for rep, combo in ctx.alternate(combos, ctx.reps(2, 7)):
        late = combo.conf
        figure = late_hop if late else hop
        ctx.log(f"exitchain10 rep {rep + 1}: {combo.label}")
        conf, sock, folder = _chain_conf(ctx, True, True, exits=True, late=late)
        daemon = _one_shot(ctx, combo.daemon, conf, sock)
        try:
            daemon.start()
            # Waits on the stamps file, not on the daemon: the harness's own calls would keep
            # supervisord's loop awake and hide whether the listener does.
            try:
                hops = wait_for(lambda: _exit_hops(folder, 10), 30, "10 start and exit stamps")
            except BenchError as error:
                raise BenchError(f"{error}{_listener_note(daemon, 'ordered:ordered', folder)}") \
                    from None
            figure.run(combo.label, combo.baseline).add(sum(hops) / len(hops) / 1e9)
        except (BenchError, OSError) as error:
            fail(combo, [figure], error)
        finally:
            daemon.stop()


def _exit_hops(folder, count):
    """Nanoseconds from each link's exit stamp to the next link's start stamp, once all links
    of c01..c<count> have started and exited."""
    names = [f"c{i:02d}" for i in range(1, count + 1)]
    seen = _stamp_table(folder, names + [f"{n}-exit" for n in names])
    if seen is None:
        return None
    return [int(seen[b]) - int(seen[f"{a}-exit"]) for a, b in zip(names, names[1:])]


def _listener_note(daemon, name, folder):
    """'; listener NAME is STATE: <its stderr>' for an error message, or ''."""
    for info in daemon.infos() or []:
        if f"{info['group']}:{info['name']}" == name:
            return (f"; listener {name} is {info['statename']}: "
                    + _tail_of(os.path.join(folder, "ordered.err")))
    return ""


def _log_hops(folder, count):
    """Seconds from each link's 'entered RUNNING' to the next link's 'spawned' in the daemon's
    log (both daemons write supervisord's format), for links c01..c<count>."""
    running, spawned = {}, {}
    with open(os.path.join(folder, "supervisord.log"), errors="replace") as f:
        for line in f:
            match = _LOG_LINE.match(line)
            if not match:
                continue
            when = datetime.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
            text = match.group(2)
            for table, pattern in ((running, _RUNNING), (spawned, _SPAWNED)):
                hit = pattern.match(text)
                if hit and hit.group(1) not in table:
                    table[hit.group(1)] = when
    names = [f"c{i:02d}" for i in range(1, count + 1)]
    missing = [n for n in names if n not in running or n not in spawned]
    if missing:
        raise BenchError(f"no spawned/RUNNING log line for {', '.join(missing)}")
    return [spawned[b] - running[a] for a, b in zip(names, names[1:])]


_LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \w+ (.*)$")
_RUNNING = re.compile(r"^success: (\S+) entered RUNNING state")
_SPAWNED = re.compile(r"^spawned: '([^']+)' with pid")


def _stamps(folder, count):
    """The start stamps (ns) of links c01..c<count> in link order, once all are written."""
    keys = [f"c{i:02d}" for i in range(1, count + 1)]
    seen = _stamp_table(folder, keys)
    return None if seen is None else [int(seen[k]) for k in keys]


def _stamp_table(folder, keys):
    """{name: stamp} from the links' stamps file, or None until every key is in it."""
    try:
        with open(os.path.join(folder, "stamps")) as f:
            seen = dict(line.split() for line in f if len(line.split()) == 2)
    except OSError:
        return None
    return seen if all(k in seen for k in keys) else None


# ---------------------------------------------------------------------------------------------
# 500 programs.

def many500(ctx):
    count = 500
    names = [f"p{i:03d}:p{i:03d}" for i in range(count)]
    boot = ctx.rec.figure("many500-boot", "500 programs (startsecs=1): daemon spawn until all "
                          "RUNNING", "s", limit=1.0, limit_note="startsecs")
    rss = ctx.rec.figure("many500-rss", "500 programs: daemon RSS with all RUNNING", "MiB",
                         limit_note="—")
    pss = ctx.rec.figure("many500-pss", "500 programs: daemon PSS with all RUNNING", "MiB",
                         limit_note="—")
    gapi = ctx.rec.figure("many500-getall", "500 programs: getAllProcessInfo latency (each call)",
                          "s", limit_note="—")
    gcpu = ctx.rec.figure("many500-getall-cpu", "500 programs: daemon CPU per getAllProcessInfo "
                          "(utime+stime over 30 calls)", "s", limit_note="—")
    page = ctx.rec.figure("many500-statuspage", "500 programs: web status page GET / over the "
                          "UNIX socket (each request, whole page read)", "s", limit_note="—")
    stop = ctx.rec.figure("many500-stop", "500 programs: stop all (CLI start until all STOPPED)",
                          "s", limit_note="~0 (sleep exits at once on SIGTERM)")
    start = ctx.rec.figure("many500-start", "500 programs: start all (CLI start until all "
                           "RUNNING)", "s", limit=1.0, limit_note="startsecs")
    plain = {"stop": ["stop", "all"], "start": ["start", "all"]}
    quick = {"stop": ["quickstop", "all"], "start": ["quickstart", "all"]}
    daemons = [Combo("supervisord", SD, baseline=True), Combo("jsupervisord", JS)]
    ctls = [
        Combo("supervisord + supervisorctl stop/start all", SD, "supervisorctl", plain,
              baseline=True),
        Combo("jsupervisord + supervisorctl stop/start all", JS, "supervisorctl", plain),
        Combo("jsupervisord + jsupervisorctl stop/start all", JS, "jsupervisorctl", plain),
        Combo("jsupervisord + jsupervisorctl quickstop/quickstart all", JS, "jsupervisorctl", quick),
        Combo("supervisord + jsupervisorctl quickstop/quickstart all", SD, "jsupervisorctl", quick),
    ]
    declare([boot, rss, pss, gapi, gcpu, page], daemons)
    declare([stop, start], ctls)
    daemons = ctx.usable(daemons, [boot, rss, pss, gapi, gcpu, page])
    ctls = [c for c in ctx.usable(ctls, [stop, start])
            if any(d.daemon == c.daemon for d in daemons)]
    body = "".join(f"""
[program:p{i:03d}]
command=/bin/sleep infinity
startsecs=1
stdout_logfile=NONE
stderr_logfile=NONE
""" for i in range(count))
    for rep, dcombo in ctx.alternate(daemons, ctx.reps(1, 5)):
        ctx.log(f"many500 rep {rep + 1}: {dcombo.label}")
        conf, sock, _ = ctx.ws.generated("many500", body)
        daemon = _one_shot(ctx, dcombo.daemon, conf, sock)
        try:
            daemon.start()
            seen = daemon.wait_states(names, rpc.RUNNING, 120, "500 programs RUNNING")
            boot.run(dcombo.label).add(seen - daemon.spawned_at)
            rss.run(dcombo.label).add(daemon.rss_kb() / 1024)
            pss.run(dcombo.label).add(daemon.pss_kb() / 1024)
            for _ in range(10):
                t0 = time.monotonic()
                daemon.proxy.supervisor.getAllProcessInfo()
                gapi.run(dcombo.label).add(time.monotonic() - t0)
            cpu0 = daemon.cpu_seconds()
            for _ in range(30):
                daemon.proxy.supervisor.getAllProcessInfo()
            gcpu.run(dcombo.label).add((daemon.cpu_seconds() - cpu0) / 30)
            for _ in range(10):
                t0 = time.monotonic()
                html = rpc.get_page(sock, "/")
                page.run(dcombo.label).add(time.monotonic() - t0)
                if html.count(b"<tr") < count:
                    raise BenchError(f"status page has fewer than {count} rows")
        except (BenchError, OSError, xmlrpc.client.Fault) as error:
            fail(dcombo, [boot, rss, pss, gapi, gcpu, page], error)
            for combo in ctls:
                if combo.daemon == dcombo.daemon:
                    fail(combo, [stop, start], f"{dcombo.daemon} with 500 programs: {error}")
            daemon.stop()
            continue
        try:
            mine = [c for c in ctls if c.daemon == dcombo.daemon and c.broken is None]
            shift = rep % len(mine) if mine else 0
            for combo in mine[shift:] + mine[:shift]:
                try:
                    for fig, op, state in ((stop, "stop", rpc.STOPPED), (start, "start", rpc.RUNNING)):
                        t0 = time.monotonic()
                        run_cli(ctx.ctl(combo, conf, op, []), 300,
                                f"{combo.ctl} {' '.join(combo.ops[op])}")
                        seen = daemon.wait_states(names, state, 120, after=time.monotonic())
                        fig.run(combo.label).add(seen - t0)
                except BenchError as error:
                    fail(combo, [stop, start], error)
                    break  # daemon state unknown: leave the rest of this repetition
        finally:
            daemon.stop()


# ---------------------------------------------------------------------------------------------
# Spawn rate: 500 programs with their log files.

def spawn500(ctx):
    count = 500
    rate = ctx.rec.figure(
        "spawn500-rate", "500 programs (sleep, startsecs=1, AUTO stdout/stderr log files): spawn "
        "calls per second, the daemon log's first 'spawned:' line to its last (higher is better)",
        "spawns/s", limit_note="—", higher_is_better=True)
    cpu = ctx.rec.figure(
        "spawn500-cpu", "same: the daemon's CPU time (user + system) from its start until all "
        "RUNNING, per program (boot included; load barely changes it)", "s", limit_note="—")
    boot = ctx.rec.figure(
        "spawn500-boot", "same: daemon spawn until all RUNNING (seen in its log, so no client "
        "call competes with the spawns)", "s", limit=1.0, limit_note="startsecs")
    figures = [rate, cpu, boot]
    combos = [Combo("supervisord", SD, baseline=True), Combo("jsupervisord", JS)]
    # The floor: assets/spawn_floor.c doing only what any supervisor must for each program
    # (rates and CPU; no daemon, so nothing becomes RUNNING and the boot figure has no row).
    floors = [Combo("C loop: pipes + 2 log files + posix_spawn(sleep), no daemon (floor)", None,
                    conf=[]),
              Combo("C loop: the same through setpriv --pdeathsig KILL, as jsupervisord "
                    "spawns (floor)", None, conf=["--setpriv"])]
    declare(figures, combos)
    declare([rate, cpu], floors)
    combos = ctx.usable(combos, figures)
    try:
        floor_binary = _build_spawn_floor(ctx)
        combos += floors
    except BenchError as error:
        for combo in floors:
            fail(combo, [rate, cpu], error)
    body = "".join(f"""
[program:p{i:03d}]
command=/bin/sleep infinity
startsecs=1
""" for i in range(count))
    for rep, combo in ctx.alternate(combos, ctx.reps(2, 3)):
        ctx.log(f"spawn500 rep {rep + 1}: {combo.label}")
        if combo.daemon is None:
            try:
                spawns_per_s, cpu_per_spawn = _spawn_floor(ctx, floor_binary, count, combo.conf)
                rate.run(combo.label).add(spawns_per_s)
                cpu.run(combo.label).add(cpu_per_spawn)
            except (BenchError, OSError) as error:
                fail(combo, [rate, cpu], error)
            continue
        conf, sock, folder = ctx.ws.generated("spawn500", body)
        daemon = _one_shot(ctx, combo.daemon, conf, sock)
        log = os.path.join(folder, "supervisord.log")
        try:
            daemon.start()
            seen = wait_for(lambda: _all_running_in_log(daemon, log, count) and time.monotonic(),
                            120, f"{count} 'entered RUNNING' lines in the daemon's log",
                            interval=0.02)
            ticks = _cpu_ticks(daemon.proc.pid)
            spawns = _log_times(log, _SPAWNED)
            if len(spawns) < count:
                raise BenchError(f"{len(spawns)} 'spawned:' lines in the daemon's log, not {count}")
            rate.run(combo.label, combo.baseline).add(
                (len(spawns) - 1) / max(spawns[-1] - spawns[0], 0.001))
            cpu.run(combo.label, combo.baseline).add(ticks / os.sysconf("SC_CLK_TCK") / count)
            boot.run(combo.label, combo.baseline).add(seen - daemon.spawned_at)
        except (BenchError, OSError) as error:
            fail(combo, figures, error)
        finally:
            daemon.stop()
    # The boot's physical limit: startsecs after the last of count spawns at the floor's rate
    # (measured in this run; the plain floor, which any supervisor could reach).
    floor_rate = rate.run(floors[0].label).median
    if floor_rate:
        boot.limit = 1.0 + count / floor_rate
        boot.limit_note = f"startsecs + {count} spawns at the floor rate (C loop, this run)"


def _build_spawn_floor(ctx):
    """Compiles assets/spawn_floor.c into the workspace; returns the binary's path."""
    gcc = shutil.which("gcc")
    if gcc is None:
        raise BenchError("gcc not found, cannot build the C floor (apt-get install gcc)")
    binary = os.path.join(ctx.ws.root, "spawn_floor")
    done = subprocess.run([gcc, "-O2", "-std=c99", "-o", binary,
                           os.path.join(ASSETS, "spawn_floor.c")],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    if done.returncode != 0:
        raise BenchError(f"gcc failed on spawn_floor.c: {done.stderr.strip()[-200:]}")
    return binary


def _spawn_floor(ctx, binary, count, options):
    """Runs the C floor once (count sleeps, logs in a fresh dir); returns (spawns/s, CPU s per
    spawn). Its children carry a marker of their own, swept whatever happens."""
    if "--setpriv" in options and not os.access("/usr/bin/setpriv", os.X_OK):
        raise BenchError("/usr/bin/setpriv not found")
    folder = tempfile.mkdtemp(prefix="spawn-floor-", dir=ctx.ws.root)
    run_id = uuid.uuid4().hex[:12]
    try:
        done = subprocess.run([binary, str(count), folder] + options
                              + ["--", "/bin/sleep", "infinity"],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=120, env=dict(os.environ, **{MARKER: run_id}))
    except subprocess.TimeoutExpired:
        raise BenchError("spawn_floor did not finish in 120 s") from None
    finally:
        sweep(run_id)
    fields = dict(word.split("=", 1) for word in done.stdout.split() if "=" in word)
    if done.returncode != 0 or "rate_per_s" not in fields:
        raise BenchError(f"spawn_floor exited {done.returncode}: {done.stderr.strip()[-200:]}")
    return float(fields["rate_per_s"]), float(fields["cpu_s_per_spawn"])


def _all_running_in_log(daemon, log, count):
    """True once the daemon's log has count 'entered RUNNING' lines (a byte count, no parse:
    the harness polls while the daemon spawns, on the same cores)."""
    daemon.check_alive()
    try:
        with open(log, "rb") as f:
            return f.read().count(b" entered RUNNING state") >= count
    except OSError:
        return False


def _log_times(path, pattern):
    """The timestamps (s since the epoch) of the log lines whose text matches pattern."""
    times = []
    try:
        with open(path, errors="replace") as f:
            for line in f:
                match = _LOG_LINE.match(line)
                if match and pattern.match(match.group(2)):
                    times.append(datetime.datetime.strptime(
                        match.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp())
    except OSError:
        return []
    return times


def _cpu_ticks(pid):
    """utime + stime of a process, in clock ticks (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


# ---------------------------------------------------------------------------------------------
# Event throughput: sendRemoteCommEvent -> an acking listener.

def events(ctx):
    per_rep = 2000 if ctx.quick else 10000
    fig = ctx.rec.figure(
        "events", f"event throughput: {per_rep} sendRemoteCommEvent (multicall batches of 100) "
        "until an acking listener has them all (higher is better)", "events/s",
        limit_note="—", higher_is_better=True)
    cpu = ctx.rec.figure(
        "events-cpu", "event throughput: daemon CPU per event (utime+stime over the "
        f"{per_rep} events)", "us", limit_note="—")
    combos = [Combo("supervisord + python acking listener", SD, baseline=True),
              Combo("jsupervisord + python acking listener", JS)]
    declare([fig, cpu], combos)
    combos = ctx.usable(combos, [fig, cpu])
    pool = DaemonPool(ctx)
    sent = {}
    try:
        for rep, combo in ctx.alternate(combos, ctx.reps(2, 5)):
            ctx.log(f"events rep {rep + 1}: {combo.label}")
            try:
                if combo.label not in pool.daemons:
                    conf, sock, folder = ctx.ws.generated("events", f"""
[eventlistener:sink]
command=/usr/bin/python3 {ASSETS}/ack_listener.py {{dir}}/acks {per_rep}
events=REMOTE_COMMUNICATION
buffer_size={per_rep + 100}
stderr_logfile={{dir}}/sink.err
""")
                    pool.get(combo.label, combo.daemon, conf, sock,
                             prepare=lambda d: _wait_listener(d, "sink:sink"))
                    sent[combo.label] = (folder, 0)
                daemon = pool.daemons[combo.label]
                folder, done = sent[combo.label]
                target = done + per_rep
                cpu0 = daemon.cpu_seconds()
                t0 = time.time_ns()
                _send_remote_comm_events(daemon, per_rep)
                acked_at = wait_for(lambda: _acked(folder, target), 120,
                                    f"the listener to ack {per_rep} events")
                sent[combo.label] = (folder, target)
                fig.run(combo.label).add(per_rep / ((acked_at - t0) / 1e9))
                cpu.run(combo.label).add((daemon.cpu_seconds() - cpu0) / per_rep * 1e6)
            except (BenchError, OSError, xmlrpc.client.Fault) as error:
                fail(combo, [fig, cpu], error)
                pool.drop(combo.label)
    finally:
        pool.close()


def _send_remote_comm_events(daemon, count):
    """Sends count REMOTE_COMMUNICATION events through system.multicall batches of 100."""
    for first in range(0, count, 100):
        # raw system.multicall: supervisord answers with bare values, which
        # xmlrpc.client.MultiCall rejects
        results = daemon.proxy.system.multicall([
            {"methodName": "supervisor.sendRemoteCommEvent",
             "params": ["bench", f"e{n}"]}
            for n in range(first, min(first + 100, count))])
        bad = [r for r in results if r is not True and r != [True]]
        if bad:
            raise BenchError(f"sendRemoteCommEvent answered {bad[0]!r}")


# ---------------------------------------------------------------------------------------------
# Event throughput into NATS JetStream: the event-forwarder listener against a bare acking one.

NATS_SERVERS = ("/usr/bin/nats-server", "/usr/sbin/nats-server")


class _NatsServer:
    """Debian's nats-server with JetStream on free loopback ports; stopped by close()."""

    def __init__(self, folder, name="nats", env=None):
        binary = next((b for b in NATS_SERVERS if os.access(b, os.X_OK)), None)
        if binary is None:
            raise BenchError("nats-server is not installed (apt-get install nats-server)")
        self.port, self.monitor = free_port(), free_port()
        self.log = open(os.path.join(folder, f"{name}.log"), "w")
        self.proc = subprocess.Popen(
            [binary, "-js", "-a", "127.0.0.1", "-p", str(self.port), "-m", str(self.monitor),
             "-sd", os.path.join(folder, f"{name}-store")],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=dict(os.environ, **(env or {})))
        wait_for(lambda: self.messages() is not None, 20, "nats-server to answer")

    def url(self):
        return f"nats://127.0.0.1:{self.port}"

    def messages(self):
        """Messages stored in all streams (from the monitoring port), None while unreachable."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.monitor}/jsz", timeout=2) as r:
                return json.load(r)["messages"]
        except (OSError, ValueError, KeyError):
            if self.proc.poll() is not None:
                raise BenchError(f"nats-server exited {self.proc.returncode}")
            return None

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def events_nats(ctx):
    per_rep = 2000 if ctx.quick else 10000
    warm = 4 * per_rep
    fig = ctx.rec.figure(
        "events-nats", f"event throughput: {per_rep} sendRemoteCommEvent (multicall batches of "
        "100) until the listener has them all: a bare acking listener (the baseline) or "
        "event-forwarder, acking each only once JetStream (file storage unless said) has "
        f"stored it, after {warm} untimed ones; last row: the NATS round trip alone, no daemon "
        "(higher is better)",
        "events/s", limit_note="—", higher_is_better=True)
    cpu_all = ctx.rec.figure(
        "events-nats-cpu", "CPU time per event over those runs (/proc of every process): "
        "daemon + listener(s) + nats-server (lower is better; load distorts it far less than "
        "events/s)", "us/event", limit_note="—")
    cpu_listener = ctx.rec.figure(
        "events-nats-cpu-listener", "CPU time per event of the listener process(es) alone "
        "(last row: the publishing loop)", "us/event", limit_note="—")
    switches = ctx.rec.figure(
        "events-nats-switches", "context switches per event of the listener process(es), all "
        "threads, voluntary + involuntary", "switches/event", limit_note="—")
    figs = [fig, cpu_all, cpu_listener, switches]
    memory = ("--storage memory --stream SUPERVISOR_EVENTS_MEMORY "
              "--subject-prefix supervisor_memory")
    combos = [Combo("jsupervisord + python acking listener", JS, baseline=True),
              Combo("jsupervisord + event-forwarder -> JetStream", JS,
                    needs=("event-forwarder",)),
              Combo("jsupervisord + event-forwarder -> JetStream memory storage", JS,
                    needs=("event-forwarder",), conf={"args": memory}),
              Combo("jsupervisord + event-forwarder with 4 slots (numprocs=4, one JVM)", JS,
                    needs=("event-forwarder",), conf={"procs": 4, "slots": True}),
              Combo("jsupervisord + event-forwarder with 8 slots (numprocs=8, one JVM)", JS,
                    needs=("event-forwarder",), conf={"procs": 8, "slots": True}),
              Combo("jsupervisord + event-forwarder with 16 slots (numprocs=16, one JVM)", JS,
                    needs=("event-forwarder",), conf={"procs": 16, "slots": True}),
              Combo("supervisord + event-forwarder with 8 slots (numprocs=8, one JVM)", SD,
                    needs=("event-forwarder",), conf={"procs": 8, "slots": True}),
              Combo("jsupervisord + 2 event-forwarders (numprocs=2)", JS,
                    needs=("event-forwarder",), conf={"procs": 2}),
              Combo("jsupervisord + 3 event-forwarders (numprocs=3)", JS,
                    needs=("event-forwarder",), conf={"procs": 3}),
              Combo("jsupervisord + event-forwarder -> nats-server with GOMAXPROCS=1", JS,
                    needs=("event-forwarder",), conf={"nats": "GOMAXPROCS=1"}),
              Combo("jsupervisord + 3 event-forwarders -> nats-server with GOMAXPROCS=1", JS,
                    needs=("event-forwarder",), conf={"procs": 3, "nats": "GOMAXPROCS=1"}),
              Combo("supervisord + event-forwarder -> JetStream", SD,
                    needs=("event-forwarder",)),
              Combo("NATS alone: publish, wait for the ack, repeat (JetStreamAckLoop)", JS,
                    needs=("event-forwarder",), conf={"loop": True})]
    declare(figs, combos)
    combos = ctx.usable(combos, figs)
    pool = DaemonPool(ctx)
    servers = {}  # one nats-server per setting, the default one as ""
    nats = None
    sent = {}
    try:
        for rep, combo in ctx.alternate(combos, ctx.reps(2, 5)):
            ctx.log(f"events-nats rep {rep + 1}: {combo.label}")
            conf = combo.conf or {}
            try:
                forwarding = "event-forwarder" in combo.needs
                setting = conf.get("nats", "")
                if forwarding and setting not in servers:
                    # GOMAXPROCS=1: the Go runtime's idle threads spin looking for work at every
                    # message when it has two; see README, "Events into NATS JetStream".
                    env = dict([setting.split("=", 1)]) if setting else {}
                    servers[setting] = _NatsServer(ctx.ws.root, f"nats{len(servers)}", env)
                nats = servers.get(setting)
                if conf.get("loop"):
                    _ack_loop(ctx, combo.label, nats, per_rep, warm, fig, cpu_all,
                              cpu_listener, switches)
                    continue
                if combo.label not in pool.daemons:
                    slots = " --slot %(process_num)s" if conf.get("slots") else ""
                    command = (f"{ctx.tools.paths['event-forwarder']} --nats {nats.url()} "
                               f"{conf.get('args', '')}{slots}" if forwarding else
                               f"/usr/bin/python3 {ASSETS}/ack_listener.py {{dir}}/acks "
                               f"{per_rep}")
                    # numprocs=N: N events in flight (one per process), stored in any order.
                    procs = conf.get("procs", 1)
                    names = [f"sink:sink_{n}" for n in range(procs)] if procs > 1 else ["sink:sink"]
                    cfg, sock, folder = ctx.ws.generated("events-nats", f"""
[eventlistener:sink]
command={command}
events=REMOTE_COMMUNICATION
buffer_size={per_rep + 100}
numprocs={procs}
process_name=%(program_name)s{"_%(process_num)s" if procs > 1 else ""}
stderr_logfile={{dir}}/%(process_num)s.err
""")
                    daemon = pool.get(combo.label, combo.daemon, cfg, sock,
                                      prepare=lambda d: [_wait_listener(d, n) for n in names])
                    # Untimed warm-up, so that every rep measures compiled code (the
                    # forwarder's C2 takes some 50,000 events to settle).
                    # In chunks of per_rep: the daemon's buffer holds per_rep + 100 events.
                    for done in range(per_rep, warm + 1, per_rep):
                        base = nats.messages() if forwarding else 0
                        _send_remote_comm_events(daemon, per_rep)
                        _wait_stored(nats, base, per_rep, folder, done, forwarding)
                    sent[combo.label] = (folder, warm)
                daemon = pool.daemons[combo.label]
                folder, done = sent[combo.label]
                target = done + per_rep
                # Only one combo sends at a time, so the server's total grows by ours alone.
                base = nats.messages() if forwarding else 0
                listeners = [i["pid"] for i in daemon.infos() if i["group"] == "sink"]
                roles = ([("daemon", daemon.proc.pid)] + [("listener", p) for p in listeners]
                         + ([("nats-server", nats.proc.pid)] if forwarding else []))
                before = cpu.Snapshot([pid for _, pid in roles])
                t0 = time.time_ns()
                _send_remote_comm_events(daemon, per_rep)
                acked_at = _wait_stored(nats, base, per_rep, folder, target, forwarding)
                after = cpu.Snapshot([pid for _, pid in roles])
                sent[combo.label] = (folder, target)
                fig.run(combo.label).add(per_rep / ((acked_at - t0) / 1e9))
                _record_cpu(ctx, combo.label, before, after, per_rep, roles, cpu_all,
                            cpu_listener, switches)
            except (BenchError, OSError, xmlrpc.client.Fault) as error:
                fail(combo, figs, error)
                pool.drop(combo.label)
    finally:
        pool.close()
        for server in servers.values():
            server.close()


def _wait_stored(nats, base, count, folder, target, forwarding):
    """Waits until JetStream holds count more messages than base (forwarding) or the acking
    listener has reported target events; returns when, in time.time_ns()."""
    if forwarding:
        return wait_for(lambda: time.time_ns() if (nats.messages() or 0) >= base + count
                        else None, 300, f"JetStream to hold {count} more events")
    return wait_for(lambda: _acked(folder, target), 300, f"the listener to ack {count} events")


# The JVM flags bin/event-forwarder runs with (bin/lib/launch.sh), for the loop that stands in
# for it.
FORWARDER_JVM = ["-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xms4m", "-Xmx128m",
                 "-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2"]


def _ack_loop(ctx, label, nats, count, warm, fig, cpu_all, cpu_listener, switches):
    """Runs JetStreamAckLoop (bench/jmh) against the same nats-server: the forwarder's own
    store code publishing and waiting for each acknowledgement, without a daemon."""
    target = os.path.join(ctx.ws.repo, "bench", "jmh", "target")
    jar = os.path.join(target, "bench-jmh.jar")
    if not os.path.exists(jar):
        raise BenchError("bench/jmh is not built (mvn -q -DskipTests package)")
    proc = subprocess.Popen(
        ["java"] + FORWARDER_JVM + ["-cp", f"{jar}:{target}/lib/*",
                                   "dev.jsupervisor.bench.JetStreamAckLoop", nats.url(),
                                   str(count), str(warm), "store", "file"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        if proc.stdout.readline().strip() != "timing":
            raise BenchError(f"JetStreamAckLoop failed: {proc.stderr.read()[-300:]}")
        roles = [("listener", proc.pid), ("nats-server", nats.proc.pid)]
        before = cpu.Snapshot([pid for _, pid in roles])
        line = proc.stdout.readline().split()
        after = cpu.Snapshot([pid for _, pid in roles])
        if len(line) != 2:
            raise BenchError(f"JetStreamAckLoop failed: {proc.stderr.read()[-300:]}")
        fig.run(label).add(int(line[0]) / float(line[1]))
        _record_cpu(ctx, label, before, after, count, roles, cpu_all, cpu_listener, switches)
    finally:
        proc.kill()
        proc.wait()


def _record_cpu(ctx, label, before, after, events, roles, cpu_all, cpu_listener, switches):
    """Adds one repetition's CPU and context-switch figures and logs the split per thread;
    roles are (role, pid) pairs, role "listener" for the listener processes."""
    parts, total, listener_cpu, listener_switches = [], 0.0, 0.0, 0.0
    for role, pid in roles:
        us, cs, split = cpu.per_event(before, after, pid, events)
        total += us
        if role == "listener":
            listener_cpu += us
            listener_switches += cs
        parts.append(f"{role} {us:.0f} us {cs:.1f} cs ({split})")
    cpu_all.run(label).add(total)
    cpu_listener.run(label).add(listener_cpu)
    switches.run(label).add(listener_switches)
    ctx.log(f"  per event: {'; '.join(parts)}")


def _acked(folder, target):
    """The wall-clock ns at which the listener reported target events, once it has."""
    try:
        with open(os.path.join(folder, "acks")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and int(parts[0]) == target:
                    return int(parts[1])
    except OSError:
        return None
    return None


# ---------------------------------------------------------------------------------------------
# Memory: the quickstart example's daemon and event listeners.

_LISTENERS = (("pyref", "Python childutils listener"), ("ordered", "ordered-startup"),
              ("fastreload", "fast-reload"))
_RESTARTS = 10


def memory(ctx):
    """examples/quickstart plus the fast-reload listener and a Python childutils listener, under
    each daemon: the daemon's and every listener's RSS and PSS once all programs are RUNNING, and
    the listeners' again after the app group was restarted _RESTARTS times (16 events each)."""
    figs = {}
    for key, what in (("daemon", "examples/quickstart (+2 listeners): daemon"),
                      ("listener", "event listener, idle:"),
                      ("busy", f"event listener after {16 * _RESTARTS} PROCESS_STATE events:")):
        for measure in ("RSS", "PSS"):
            figs[key, measure] = ctx.rec.figure(f"memory-{key}-{measure.lower()}",
                                                f"{what} {measure}", "MiB", limit_note="—")
    daemons = [Combo("supervisord", SD, baseline=True), Combo("jsupervisord", JS)]
    listeners = [Combo(f"{title} under {d}", d, needs=(("fast-reload", "ordered-startup")
                                                         if name != "pyref" else ()),
                       baseline=(name == "pyref" and d == SD))
                 for name, title in _LISTENERS for d in (SD, JS)]
    daemon_figs = [figs["daemon", m] for m in ("RSS", "PSS")]
    listener_figs = [figs[k, m] for k in ("listener", "busy") for m in ("RSS", "PSS")]
    declare(daemon_figs, daemons)
    declare(listener_figs, listeners)
    daemons = ctx.usable(daemons, daemon_figs)
    listeners = ctx.usable(listeners, listener_figs)
    py = os.path.join(ASSETS, "childutils_listener.py")
    for rep, dcombo in ctx.alternate(daemons, ctx.reps(1, 3)):
        ctx.log(f"memory rep {rep + 1}: {dcombo.label}")
        conf, sock = ctx.ws.example("quickstart")
        with open(conf, "a") as f:
            f.write(f"""
[eventlistener:pyref]
command=/usr/bin/python3 {py}
events=PROCESS_STATE

[eventlistener:fastreload]
command=%(here)s/../../bin/fast-reload -c %(here)s/supervisord.conf
events=PROCESS_STATE,SUPERVISOR_STATE_CHANGE
buffer_size=200
""")
        mine = {name: next((c for c in listeners if c.daemon == dcombo.daemon
                            and c.label.startswith(title)), None)
                for name, title in _LISTENERS}
        app = ["app:web"] + [f"app:worker_{i:02d}" for i in range(3)]
        names = app + ["db:db", "clock:clock"] + [f"{n}:{n}" for n, _ in _LISTENERS]
        daemon = _one_shot(ctx, dcombo.daemon, conf, sock)
        try:
            daemon.start()
            daemon.wait_states(names, rpc.RUNNING, 60, "quickstart and its listeners RUNNING")
            _record_memory(daemon.proc.pid, dcombo, figs, "daemon")
            pids = {i["name"]: i["pid"] for i in daemon.infos() or []}
            for name, combo in mine.items():
                if combo:
                    _record_memory(pids[name], combo, figs, "listener")
            for _ in range(_RESTARTS):
                daemon.proxy.supervisor.stopProcessGroup("app")
                daemon.proxy.supervisor.startProcessGroup("app")
            daemon.wait_states(names, rpc.RUNNING, 60, "quickstart RUNNING after restarts")
            for name, combo in mine.items():
                if combo:
                    _record_memory(pids[name], combo, figs, "busy")
        except (BenchError, OSError, KeyError, xmlrpc.client.Fault) as error:
            fail(dcombo, daemon_figs, error)
            for combo in mine.values():
                if combo:
                    fail(combo, listener_figs, f"{dcombo.daemon} with quickstart: {error}")
        finally:
            daemon.stop()


def _record_memory(pid, combo, figs, key):
    rss, pss = memory_kb(pid)
    figs[key, "RSS"].run(combo.label, combo.baseline).add(rss / 1024)
    figs[key, "PSS"].run(combo.label, combo.baseline).add(pss / 1024)


SCENARIOS = {
    "numprocs32": numprocs32,
    "quick32": quick32,
    "status": cli_status,
    "reload30": reload30,
    "shutdown30": shutdown30,
    "chain10": chain10,
    "chain10boot": chain10boot,
    "exitchain10": exitchain10,
    "many500": many500,
    "spawn500": spawn500,
    "events": events,
    "memory": memory,
    "events-nats": events_nats,
}
