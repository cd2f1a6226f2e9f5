"""Figures, their samples per run, and the table/JSON/markdown that present them."""
import json
import statistics


class Run:
    """One way of producing a figure (a daemon + tool combination) and its samples."""

    def __init__(self, label, baseline):
        self.label, self.baseline = label, baseline
        self.samples, self.reason = [], None
        self.carried_from = None  # when the samples come from an earlier full run

    def carry(self, samples, started):
        """Shows samples of an earlier full run (a run --quick skips), saying where from."""
        self.samples, self.carried_from = list(samples), started

    def add(self, value):
        self.samples.append(value)

    def fail(self, reason):
        """Marks the run n/a; the first reason wins (later runs are not attempted)."""
        if self.reason is None:
            self.reason = reason

    @property
    def median(self):
        return statistics.median(self.samples) if self.samples else None


class Figure:
    """A measured quantity: its unit, its physical limit (if any) and its runs."""

    def __init__(self, key, title, unit, limit=None, limit_note="", higher_is_better=False):
        self.key, self.title, self.unit = key, title, unit
        self.limit, self.limit_note, self.higher_is_better = limit, limit_note, higher_is_better
        self.runs = {}

    def run(self, label, baseline=False):
        """The Run for label, created on first use (declaration order is table order)."""
        if label not in self.runs:
            self.runs[label] = Run(label, baseline)
        return self.runs[label]

    def baseline_median(self):
        base = next((r for r in self.runs.values() if r.baseline), None)
        return base.median if base else None


class Recorder:
    """All figures of one bench invocation, in the order they were declared."""

    def __init__(self, history=()):
        self.figures = {}
        self._history = list(history)  # earlier full-run JSON documents, newest first

    def earlier(self, key, label):
        """(samples, started) of the newest earlier full run that measured label on figure
        key, or None."""
        for doc in self._history:
            for fig in doc.get("figures", []):
                if fig.get("key") != key:
                    continue
                for run in fig.get("runs", []):
                    if run.get("label") == label and run.get("samples") and not run.get("carried_from"):
                        return run["samples"], doc["meta"]["started"]
        return None

    def figure(self, key, title, unit, **kwargs):
        if key not in self.figures:
            self.figures[key] = Figure(key, title, unit, **kwargs)
        return self.figures[key]

    def rows(self):
        """One dict per (figure, run) with every presented column already formatted."""
        for fig in self.figures.values():
            base = fig.baseline_median()
            for run in fig.runs.values():
                label = run.label
                if run.carried_from:
                    label += f" [from full run {run.carried_from}]"
                row = {"figure": fig.title, "run": label, "unit": fig.unit,
                       "limit": fmt(fig.limit, fig.unit) + (f" ({fig.limit_note})" if fig.limit_note else "")
                       if fig.limit is not None else (fig.limit_note or "—")}
                if not run.samples:
                    row.update(median=f"n/a ({run.reason or 'not run'})", range="", n="0",
                               vs_base="", vs_limit="")
                else:
                    med = run.median
                    row.update(
                        median=fmt(med, fig.unit),
                        range=f"{fmt(min(run.samples), fig.unit)} – {fmt(max(run.samples), fig.unit)}",
                        n=str(len(run.samples)),
                        vs_base=ratio(med, base),
                        vs_limit=ratio(med, fig.limit) if fig.limit else "—")
                    if run.reason:
                        row["median"] += f" (then failed: {run.reason})"
                yield row

    def to_json(self, meta):
        figures = []
        for fig in self.figures.values():
            figures.append({
                "key": fig.key, "title": fig.title, "unit": fig.unit, "limit": fig.limit,
                "limit_note": fig.limit_note, "higher_is_better": fig.higher_is_better,
                "runs": [{"label": r.label, "baseline": r.baseline, "samples": r.samples,
                          "median": r.median,
                          "min": min(r.samples) if r.samples else None,
                          "max": max(r.samples) if r.samples else None,
                          "na": r.reason, "carried_from": r.carried_from}
                         for r in fig.runs.values()]})
        return json.dumps({"meta": meta, "figures": figures}, indent=2)

    def to_text(self):
        out, current = [], None
        rows = list(self.rows())
        width = max([len(r["run"]) for r in rows] + [40])
        for row in rows:
            if row["figure"] != current:
                current = row["figure"]
                out.append(f"\n{current}   [physical limit: {row['limit']}]")
                out.append(f"  {'run':<{width}} {'median':>10}  {'min – max':<23} {'n':>2}  "
                           f"{'vs 4.2.5':>8}  {'x limit':>7}")
            if row["n"] == "0":
                out.append(f"  {row['run']:<{width}} {row['median']}")
            else:
                out.append(f"  {row['run']:<{width}} {row['median']:>10}  {row['range']:<23} "
                           f"{row['n']:>2}  {row['vs_base']:>8}  {row['vs_limit']:>7}")
        return "\n".join(out).lstrip("\n")

    def to_markdown(self, meta):
        lines = [f"# bench results {meta['started']}", "",
                 f"Mode: {meta['mode']}; host: {meta['host']}; cpus: {meta['cpus']}; load average "
                 f"before/after: {meta['load_average_before'][0]:.1f}/"
                 f"{meta['load_average_after'][0]:.1f}; took {meta['elapsed_s']:.0f} s.", "",
                 "| figure | run | median | min – max | n | vs 4.2.5 | physical limit | x limit |",
                 "|---|---|---|---|---|---|---|---|"]
        for row in self.rows():
            cells = [row["figure"], row["run"], row["median"], row["range"], row["n"],
                     row["vs_base"], row["limit"], row["vs_limit"]]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        return "\n".join(lines) + "\n"


def fmt(value, unit):
    """A value with its unit, in a readable magnitude."""
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.01:
            return f"{value * 1000:.2f} ms"
        if value < 1:
            return f"{value * 1000:.0f} ms"
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit in ("events/s", "spawns/s"):
        return f"{value:,.0f}/s"
    if unit == "us/event":
        return f"{value:.0f} us"
    if unit == "switches/event":
        return f"{value:.1f}"
    return f"{value:g} {unit}"


def ratio(value, reference):
    """value / reference as 'N.NNx', or '—' when either is missing or zero."""
    if value is None or not reference:
        return "—"
    return f"{value / reference:.2f}x"
