"""bench/run's command line: runs the scenarios, prints the table, writes bench/results/."""
import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import tempfile
import time
import traceback

from . import procs, scenarios
from .configs import Workspace
from .report import Recorder

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPO = os.path.dirname(BENCH_DIR)


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description="Compare jsupervisord, jsupervisorctl and the jsupervisor listeners with "
                    "supervisord 4.2.5 on this machine.")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions, smaller event batches, skip the ~93 s "
                             "supervisord reload/shutdown without fast-reload (< 5 minutes)")
    parser.add_argument("--only", default="",
                        help="comma-separated scenarios to run (default: all): "
                             + ",".join(scenarios.SCENARIOS))
    parser.add_argument("--reps", type=int, default=0,
                        help="repetitions per run, overriding the mode's default")
    parser.add_argument("--js-home", default=REPO,
                        help="checkout or installed tree whose bin/ holds the jsupervisor tools "
                             "(default: this checkout)")
    parser.add_argument("--results", default=os.path.join(BENCH_DIR, "results"),
                        help="where the JSON and markdown results go (default: bench/results)")
    parser.add_argument("--rows", default="",
                        help="run only the rows (combos) whose label matches this regular "
                             "expression, and the baselines; the others show n/a")
    parser.add_argument("--keep", action="store_true",
                        help="keep the /tmp workspace (configs, daemon logs) for inspection")
    args = parser.parse_args(argv)
    chosen = [s for s in args.only.split(",") if s] or list(scenarios.SCENARIOS)
    unknown = [s for s in chosen if s not in scenarios.SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)}; choose from "
                     + ", ".join(scenarios.SCENARIOS))
    args.chosen = chosen
    return args


def _terminate(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv):
    args = parse(argv)
    signal.signal(signal.SIGTERM, _terminate)
    started = datetime.datetime.now(datetime.timezone.utc)
    began = time.monotonic()
    mode = "quick" if args.quick else "full"
    tools = procs.Tools(os.path.abspath(args.js_home))
    print(f"bench: {mode} mode, scenarios: {', '.join(args.chosen)}", flush=True)
    for name in tools.paths:
        reason = tools.problem(name)
        print(f"  {name:<16} {tools.paths[name]}: {'ok' if not reason else 'n/a (' + reason + ')'}",
              flush=True)
    root = tempfile.mkdtemp(prefix="jsbench-", dir="/tmp")
    if not tools.problem("jsupervisord"):
        try:
            print(f"  {procs.warm_archives(tools, os.path.join(root, 'warm-up'))}", flush=True)
        except (procs.BenchError, OSError) as error:
            print(f"  class-data archive warm-up failed: {error}", flush=True)
        finally:
            procs.stop_all_daemons()
    load_before = os.getloadavg()
    recorder = Recorder(_history(args.results))

    def log(message):
        print(f"  [{time.monotonic() - began:6.1f} s] {message}", flush=True)

    ctx = scenarios.Context(tools, Workspace(root, REPO, os.path.abspath(args.js_home)),
                            recorder, args.quick, args.reps, log, args.rows)
    interrupted = False
    crashed = []
    try:
        for name in args.chosen:
            print(f"bench: scenario {name}", flush=True)
            try:
                scenarios.SCENARIOS[name](ctx)
            except Exception:  # a harness bug in one scenario must not cost the others
                print(f"bench: scenario {name} crashed:\n{traceback.format_exc()}", flush=True)
                crashed.append(name)
            finally:
                procs.stop_all_daemons()
    except KeyboardInterrupt:
        interrupted = True
        print("bench: interrupted; stopping daemons and printing what was measured", flush=True)
    finally:
        procs.stop_all_daemons()
        if args.keep:
            print(f"bench: workspace kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.monotonic() - began
    meta = {"started": started.strftime("%Y-%m-%dT%H:%M:%SZ"), "mode": mode,
            "load_average_before": load_before, "load_average_after": os.getloadavg(),
            "elapsed_s": round(elapsed, 1), "host": platform.node(), "cpus": os.cpu_count(),
            "python": platform.python_version(), "scenarios": args.chosen,
            "js_home": os.path.abspath(args.js_home), "interrupted": interrupted, "crashed": crashed,
            "tools": {n: tools.problem(n) or "ok" for n in tools.paths}}
    print()
    print(recorder.to_text())
    print(f"\nbench: {mode} run took {elapsed:.0f} s")
    _write_results(args.results, started, meta, recorder)
    return 130 if interrupted else (1 if crashed else 0)


def _history(folder):
    """Earlier full-run result documents in folder, newest first (for --quick's skipped runs)."""
    docs = []
    try:
        names = sorted((n for n in os.listdir(folder)
                        if n.startswith("bench-") and n.endswith("-full.json")), reverse=True)
    except OSError:
        return docs
    for name in names:
        try:
            with open(os.path.join(folder, name)) as f:
                docs.append(json.load(f))
        except (OSError, ValueError):
            continue
    return docs


def _write_results(folder, started, meta, recorder):
    os.makedirs(folder, exist_ok=True)
    stem = os.path.join(folder, f"bench-{started.strftime('%Y%m%dT%H%M%SZ')}-{meta['mode']}")
    with open(stem + ".json", "w") as f:
        f.write(recorder.to_json(meta) + "\n")
    with open(stem + ".md", "w") as f:
        f.write(recorder.to_markdown(meta))
    for ext in ("json", "md"):
        shutil.copyfile(f"{stem}.{ext}", os.path.join(folder, f"latest.{ext}"))
    print(f"bench: results in {stem}.json and .md (also latest.json, latest.md)")
