"""Scaling benchmark: build and search synthetic corpora of N documents, in one run.

    python benchmarks/perf.py [N ...] [--work DIR] [--runs R]      (N defaults to 100 1000 10000)

For each N it writes a synthetic corpus made from the real documents
(``benchmarks/synth.py``), runs ``gongkai build --no-cache --report`` in a child process,
and records from the build's report the time of each step (generation: ingest → package
validated; render: MkDocs; search index: what Pagefind still had to do once MkDocs was
done, as it indexes alongside) and the peak memory after each, the peak memory of the whole
build (the RSS of the largest process among it and everything it started, and the PSS of
all of them at one moment, sampled), the output sizes,
the machine's speed before and after the build (``benchmarks/machine.py``: the
seconds of a fixed workload on one core; the machine's speed varies from hour to hour),
the site's size by part (``benchmarks/sizes.py``: bytes on disk as GitHub Pages counts them,
MB = 10^6 bytes, and gzip-compressed), and, in headless Chromium
(``benchmarks/search_latency.py``), the time from typing a query
to the first result and the bytes fetched for it. It prints a Markdown table and writes
``benchmarks/results/perf.csv`` and a chart, ``benchmarks/results/perf.svg``.

Synthetic corpora are kept in ``--work`` (default: a folder in /tmp) and reused by later
runs; outputs are rebuilt every time.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"

from benchmarks import machine, sizes  # noqa: E402
COLUMNS = ["N", "pages", "generate_s", "render_s", "search_index_s", "total_s", "generate_per_doc_ms",
           "render_per_doc_ms", "ratio_generate_render", "rss_generate_mb", "rss_render_mb", "rss_children_mb",
           "rss_peak_mb", "rss_together_mb", "site_mb", "datapackage_mb", "index_mb", "search_cold_ms_median",
           "search_cold_ms_max", "search_kb_max", "render_workers", "site_gzip_mb", "site_kb_per_doc",
           *(f"size_{key}_mb" for key in sizes.KEYS), "reference_s_before", "reference_s_after"]

from benchmarks.synth import write_corpus  # noqa: E402

# Seconds between two samples of the build's memory. Reading the PSS of every process
# (/proc/PID/smaps_rollup walks its page tables) takes 40 ms a sample at N = 10,000, up
# to 170 ms: sampled every 0.25 s, it took 38 s of CPU from a build of 280 s (257 s
# unobserved). Each phase whose memory counts (MkDocs, a Pagefind shard) lasts seconds.
SAMPLE_S = 1.0


def size_mb(path: Path) -> float:
    """The files' sizes added up, in MB (10^6 bytes), as GitHub Pages counts a site."""
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1) if path.exists() else 0.0


def tree_pss_mb(pid: int) -> float:
    """The memory of process ``pid`` and all its descendants together, in MB: the sum of
    their PSS (Linux /proc), which counts a page shared by forked processes once, not in
    each as their RSS would."""
    parents = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for p in tree:
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total / 1024


def build(seeds: Path, out: Path, report: Path) -> tuple[dict, float, float, float]:
    """Run the build in a child process: (report, wall seconds, peak RSS MB of the largest of
    it and its children, peak MB of all of them at one moment: PSS, sampled every SAMPLE_S)."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(ROOT / ".venv" / "bin" / "gongkai"), "build", "--seeds", str(seeds), "--out", str(out), "--no-cache",
           "--report", str(report), "--config", str(ROOT / "mkdocs.yml")]
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    together, done = [0.0], threading.Event()

    def sample():
        while not done.wait(SAMPLE_S):
            together[0] = max(together[0], tree_pss_mb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    stderr = child.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {seeds} failed:\n{stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8")), wall, usage.ru_maxrss / 1024, together[0]


def search(site: Path, seeds: Path, runs: int) -> list[dict]:
    from benchmarks.search_latency import measure

    return measure(site, seeds, runs)


def results(status: str) -> int:
    from benchmarks.search_latency import results as count

    return count(status)


def run(n: int, work: Path, runs: int) -> dict:
    seeds = work / f"n{n}" / "seeds"
    if not seeds.is_dir():
        write_corpus(n, seeds)
    out = work / f"n{n}" / "out"
    before = machine.reference_s()  # the machine's speed around the build (benchmarks/machine.py)
    report, wall, peak, together = build(seeds, out, work / f"n{n}" / "report.json")
    after = machine.reference_s()
    print(f"N = {n}: reference workload {before} s before the build, {after} s after", flush=True)
    t, mem = report["timings"], report["memory"]
    parts = sizes.parts(out / "site")
    print(f"N = {n}: the site by part\n" + sizes.table(parts, n), flush=True)
    rows = search(out / "site", seeds, runs)
    print(f"N = {n}: cold queries\n| query | results | cold ms | KB fetched |\n|---|---|---|---|\n" + "\n".join(
        f"| {r['query']} | {results(r['status'])} | {round(r['cold_ms'])} | {round(r['cold_bytes'] / 1024)} |" for r in rows),
        flush=True)
    cold = [r["cold_ms"] for r in rows]
    row = {
        "N": n, "pages": report["stats"]["pages"],
        "generate_s": t["generate"], "render_s": t["html"], "search_index_s": t.get("search_index", 0.0),
        "total_s": round(wall, 1),
        "generate_per_doc_ms": round(1000 * t["generate"] / n, 2), "render_per_doc_ms": round(1000 * t["html"] / n, 2),
        "ratio_generate_render": round(t["generate"] / t["html"], 3),
        "rss_generate_mb": mem["generate"]["self"], "rss_render_mb": mem["html"]["self"],
        "rss_children_mb": mem["html"]["children"], "rss_peak_mb": round(peak, 1),
        "rss_together_mb": round(together, 1),
        "site_mb": size_mb(out / "site"), "datapackage_mb": size_mb(out / "datapackage"),
        "index_mb": size_mb(out / "site" / "pagefind"),
        "search_cold_ms_median": round(statistics.median(cold)), "search_cold_ms_max": round(max(cold)),
        "search_kb_max": round(max(r["cold_bytes"] for r in rows) / 1024),
        "render_workers": report["stats"].get("render_workers", 1),
        "site_gzip_mb": round(parts["total"]["gzip"] / 1e6, 1),
        "site_kb_per_doc": round(parts["total"]["bytes"] / n / 1000, 1),
        **{f"size_{key}_mb": round(parts[name]["bytes"] / 1e6, 1) for key, name in zip(sizes.KEYS, sizes.ORDER)},
        "reference_s_before": before, "reference_s_after": after,
    }
    return row


def chart(rows: list[dict]) -> str:
    from generator.output.chart import Point, line_chart

    points = []
    for r in rows:
        for key, name in (("generate_s", "生成 generate"), ("render_s", "渲染 MkDocs"),
                          ("search_index_s", "搜索索引 search index"), ("total_s", "合计 total")):
            points.append(Point(name, r["N"], r[key], False))
    return line_chart(points, "构建时间随文件数的变化 / build time by number of documents", "秒 s", x_unit=" 份文件")


def kept_rows(sizes: set[int]) -> list[dict]:
    """The rows of perf.csv for the N not measured in this run (a run of one N keeps the others)."""
    path = RESULTS / "perf.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (float(v) if "." in v else int(v)) if v else "" for k, v in r.items()}
                for r in csv.DictReader(f) if int(r["N"]) not in sizes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "gongkai-perf")
    parser.add_argument("--runs", type=int, default=3, help="measurements per search query")
    args = parser.parse_args()
    rows = [run(n, args.work, args.runs) for n in args.sizes]
    rows = sorted(kept_rows(set(args.sizes)) + rows, key=lambda r: int(r["N"]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / "perf.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n", restval="")
        w.writeheader()
        w.writerows(rows)
    (RESULTS / "perf.svg").write_text(chart(rows), encoding="utf-8")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| N | pages | generate s | render s (processes) | search index s | total s | gen/render | peak RSS MB "
          "(largest process / all together, PSS) | site MB (gzip) | KB per document | index MB | "
          "search cold ms (median/max) | search KB max | reference s (before/after) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['N']} | {r['pages']} | {r['generate_s']} | {r['render_s']} ({r.get('render_workers') or 1}) | "
              f"{r['search_index_s']} | {r['total_s']} | {r['ratio_generate_render']} | "
              f"{r['rss_peak_mb']} / {r.get('rss_together_mb', '')} | {r['site_mb']} ({r.get('site_gzip_mb', '')}) | "
              f"{r.get('site_kb_per_doc', '')} | {r['index_mb']} | {r['search_cold_ms_median']}/{r['search_cold_ms_max']} | "
              f"{r['search_kb_max']} | {r.get('reference_s_before', '')}/{r.get('reference_s_after', '')} |")


if __name__ == "__main__":
    main()
