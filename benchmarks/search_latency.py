"""Site search latency and bytes in headless Chromium, on a synthetic site of N documents.

Builds a synthetic corpus (benchmarks/synth.py) into a temporary folder (or --out, kept and
reused by later runs), serves the HTML on 127.0.0.1 and, for each query, in a fresh
browser context (empty cache), opens a document page, types the query into the header's
search box and measures the time from the first input event to the first result shown (or
the "no results" line), and the bytes fetched for it. A second query in the same context
gives the warm figure. Each query is measured --runs times; the medians are printed and
written to benchmarks/results/search_latency.csv (rows of other N are kept).

    python benchmarks/search_latency.py [N] [--out DIR] [--runs R]   (N defaults to 1000)

Times include the search box's 120 ms debounce. Bytes are as served by Python's
http.server, uncompressed (a web server that gzips pagefind.js and the wasm sends less).
"""
from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CSV = ROOT / "benchmarks" / "results" / "search_latency.csv"
COLUMNS = ["N", "pages", "query", "results", "cold_ms", "bytes", "warm_ms"]

from benchmarks.synth import write_corpus  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

WATCH = """() => {
  const list = document.querySelector('.md-search-result__list');
  list.textContent = '';
  const out = document.querySelector('.md-search-result');
  window.__gk = { t0: null, t1: null };
  document.querySelector('.md-search__input').addEventListener('input', () => {
    if (window.__gk.t0 === null) window.__gk.t0 = performance.now();
  });
  // the input event clears the list and sets aria-busy; the first result (or the status
  // line when there is none) comes after it
  new MutationObserver(() => {
    const done = list.children.length > 0 || out.getAttribute('aria-busy') === 'false';
    if (window.__gk.t0 !== null && window.__gk.t1 === null && done) window.__gk.t1 = performance.now();
  }).observe(out, { childList: true, subtree: true, attributes: true });
}"""


def queries(seeds: Path) -> list[str]:
    """Queries of several kinds, taken from the synthetic texts."""
    files = sorted(seeds.glob("*.txt"))
    text = files[len(files) // 2].read_text(encoding="utf-8")  # a document from the middle of the corpus
    doc_number = re.search(r"\S+〔\d{4}〕\d+号", text).group(0)
    sentence = max(re.split(r"[，。；]", text), key=len)
    middle = sentence[len(sentence) // 3: len(sentence) // 3 + 12].replace("\n", "")  # as a search box takes it
    return ["科技创新券", "中小企业", doc_number, doc_number.replace("〔", "[").replace("〕", "]"), middle, "量子引力",
            "许锐", "科"]


def search(pg, query: str) -> tuple[float, int, str]:
    """Type ``query``; returns (milliseconds to the first result, bytes fetched, status line)."""
    sizes: list[int] = []
    listener = lambda r: sizes.append(max(0, r.sizes()["responseBodySize"]))  # noqa: E731
    pg.on("requestfinished", listener)
    pg.evaluate(WATCH)
    box = pg.locator(".md-search__input")
    box.click()
    box.fill(query)
    pg.wait_for_function("window.__gk.t1 !== null", timeout=60000)
    pg.wait_for_function("document.querySelector('.md-search-result').getAttribute('aria-busy') === 'false'")
    pg.wait_for_load_state("networkidle")
    ms = pg.evaluate("window.__gk.t1 - window.__gk.t0")
    pg.remove_listener("requestfinished", listener)
    return ms, sum(sizes), pg.locator(".md-search-result__meta").inner_text()


def measure(site: Path, seeds: Path, runs: int = 1) -> list[dict]:
    """Cold and warm figures of each query (medians of ``runs``), measured on the built ``site``."""
    from playwright.sync_api import sync_playwright

    server, url = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            first_doc = sorted(d.name for d in (site / "documents").iterdir() if d.is_dir())[0]
            qs = queries(seeds)
            for i, q in enumerate(qs):
                samples = []
                for _ in range(runs):
                    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                    pg = ctx.new_page()
                    pg.goto(f"{url}documents/{first_doc}/")
                    pg.wait_for_load_state("networkidle")
                    cold_ms, cold_bytes, status = search(pg, q)
                    warm_ms, _, _ = search(pg, qs[(i + 1) % len(qs)])  # Pagefind loaded
                    samples.append((cold_ms, cold_bytes, warm_ms, status))
                    ctx.close()
                rows.append({"query": q, "status": samples[0][3],
                             "cold_ms": statistics.median(x[0] for x in samples),
                             "cold_bytes": statistics.median(x[1] for x in samples),
                             "warm_ms": statistics.median(x[2] for x in samples)})
            browser.close()
    finally:
        server.shutdown()
    return rows


def results(status: str) -> int:
    """The number of results in a status line (找到 1 个…, 8684 个…, 没有找到…)."""
    m = re.search(r"(\d+)", status)
    return int(m.group(1)) if m else 0


def write_csv(n: int, pages: int, rows: list[dict], path: Path = CSV) -> None:
    """Put the rows of this N into the CSV at ``path``, keeping those of other N."""
    kept = []
    if path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            kept = [r for r in csv.DictReader(f) if r.get("N") != str(n)]
    new = [{"N": n, "pages": pages, "query": r["query"], "results": results(r["status"]),
            "cold_ms": round(r["cold_ms"]), "bytes": round(r["cold_bytes"]), "warm_ms": round(r["warm_ms"])}
           for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(sorted(kept, key=lambda r: int(r["N"])) + new)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000, help="number of synthetic documents")
    ap.add_argument("--out", type=Path, help="build here (kept, and reused when built already)")
    ap.add_argument("--runs", type=int, default=3, help="measurements of each query (medians are reported)")
    ap.add_argument("--csv", type=Path, default=CSV, help="where to write the medians")
    args = ap.parse_args()

    from generator.build import Options, build

    out = args.out or Path(tempfile.mkdtemp(prefix="gongkai-search-bench-"))
    seeds = out / "seeds"
    if args.out and (out / "site" / "pagefind").is_dir() and seeds.is_dir():
        print(f"reusing the build in {out}")
    else:
        write_corpus(args.n, seeds)
        started = time.perf_counter()
        build(Options(seeds=seeds, out=out, config=ROOT / "mkdocs.yml"))
        print(f"built {args.n} documents in {time.perf_counter() - started:.0f} s")
    index = out / "site" / "pagefind"
    index_bytes = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
    pages = sum(1 for f in index.rglob("*") if f.parent.name == "fragment")
    shards = 1 + sum(1 for d in index.iterdir() if d.is_dir() and d.name.startswith("shard"))
    print(f"{pages} pages indexed in {shards} shard(s); index {index_bytes / 2**20:.1f} MiB "
          f"in {sum(1 for f in index.rglob('*') if f.is_file())} files")
    rows = measure(out / "site", seeds, args.runs)
    print(f"{'query':<36} {'results':<22} {'cold ms':>8} {'cold KiB':>9} {'warm ms':>8}")
    for r in rows:
        print(f"{r['query']:<36} {r['status']:<22} {r['cold_ms']:8.0f} {r['cold_bytes'] / 1024:9.0f} "
              f"{r['warm_ms']:8.0f}")
    print(f"median cold {statistics.median(r['cold_ms'] for r in rows):.0f} ms, "
          f"max cold {max(r['cold_ms'] for r in rows):.0f} ms and "
          f"{max(r['cold_bytes'] for r in rows) / 1024:.0f} KiB")
    write_csv(args.n, pages, rows, args.csv)
    print(f"written to {args.csv}")


if __name__ == "__main__":
    main()
