"""Lighthouse on the built site, one page of each kind, mobile preset, served with gzip.

Serves site/ (or --site DIR) on 127.0.0.1 with gzip compression for text files, as a
real web server or GitHub Pages would send them, and runs Lighthouse (the npm package
the Makefile's ``test`` target installs from package-lock.json) on each page with its
default mobile preset: a Moto G Power sized screen, simulated slow 4G (150 ms RTT,
1.6 Mbit/s down) and a 4x slower CPU. Chromium is Debian's (CHROME_PATH). It prints
and writes to benchmarks/results/lighthouse.csv, per page, the category scores and
first contentful paint, largest contentful paint, total blocking time and the bytes
transferred (compressed).

    python benchmarks/lighthouse.py [--site DIR] [--runs R] [--pages home,document,...] [--no-gzip]

Each page is measured --runs times (3 by default) and the median of each figure kept.
--no-gzip serves the files as they are (as Python's http.server does), for comparison;
its rows go to lighthouse-uncompressed.csv.
"""
from __future__ import annotations

import argparse
import csv
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CSV = ROOT / "benchmarks" / "results" / "lighthouse.csv"
CHROMIUM = "/usr/bin/chromium"
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".pf_meta", ".mjs"}
COLUMNS = ["page", "path", "performance", "accessibility", "best_practices", "seo", "fcp_ms", "lcp_ms",
           "tbt_ms", "cls", "kb_transferred"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the client accepts it."""

    gzip = True

    def log_message(self, *args):
        pass

    def send_head(self):
        if not self.gzip:
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: a file-like object copyfile reads."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, n: int = -1) -> bytes:
        out, self.data = (self.data, b"") if n < 0 else (self.data[:n], self.data[n:])
        return out

    def close(self) -> None:
        pass


def pages(site: Path) -> dict[str, str]:
    """One page of each kind: path under the site root."""
    def first(folder: str, prefix: str = "") -> str:
        names = sorted(p.name for p in (site / folder).iterdir() if p.is_dir() and p.name.startswith(prefix))
        return f"{folder}/{names[0]}/"
    return {
        "home": "",
        "document": first("documents"),
        "indicator": "indicators/high_tech_enterprises/",
        "data": "data/",
        "listing": "documents/",
        "policy": first("policies", "p"),
        "region": first("region"),
    }


def run_lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--chrome-flags=--headless --no-sandbox --disable-gpu"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits, cats = report["audits"], report["categories"]
    return {
        "performance": cats["performance"]["score"] * 100,
        "accessibility": cats["accessibility"]["score"] * 100,
        "best_practices": cats["best-practices"]["score"] * 100,
        "seo": cats["seo"]["score"] * 100,
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb_transferred": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT / "site")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pages", default="", help="comma-separated kinds (default: all)")
    ap.add_argument("--no-gzip", action="store_true", help="serve the files uncompressed, for comparison")
    args = ap.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make test` (npm ci installs it from package-lock.json)")
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} has no index.html: run `make site` first")
    handler = functools.partial(type("Handler", (GzipHandler,), {"gzip": not args.no_gzip}), directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    wanted = {p for p in args.pages.split(",") if p}
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for kind, path in pages(args.site).items():
                if wanted and kind not in wanted:
                    continue
                runs = [run_lighthouse(base + urllib.parse.quote(path), Path(tmp) / "report.json")
                        for _ in range(args.runs)]
                row = {"page": kind, "path": path}
                row.update({k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]})
                rows.append(row)
                print(f"{kind:10} perf {row['performance']:5.0f}  a11y {row['accessibility']:5.0f}  "
                      f"FCP {row['fcp_ms']:6.0f} ms  LCP {row['lcp_ms']:6.0f} ms  TBT {row['tbt_ms']:4.0f} ms  "
                      f"{row['kb_transferred']:6.1f} KB", flush=True)
    finally:
        server.shutdown()
    target = CSV.with_name("lighthouse-uncompressed.csv") if args.no_gzip else CSV
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
