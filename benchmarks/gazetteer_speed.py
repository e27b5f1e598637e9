"""Speed of the region finder (generator/gazetteer.py) on 5,000-character texts.

The texts are 5,000-character windows of the real documents (seeds/, and the dev corpus
of ../shared when present, read there, never copied), plus the same windows with a
division name put in every 40 characters (a text dense with names: lists of counties,
joint issuers). Prints the time to load the gazetteer, and the mean and 95th percentile
per text of find(), region_in_text() and region_of_issuer().

    python benchmarks/gazetteer_speed.py [--rounds R]   (R defaults to 20)
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import gazetteer  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
WIDTH = 5000


def windows() -> list[str]:
    """5,000-character windows (half-overlapping) of every document, end to end."""
    paths = sorted((ROOT / "seeds").glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    while len(text) < 2 * WIDTH:
        text += text
    return [text[i:i + WIDTH] for i in range(0, len(text) - WIDTH + 1, WIDTH // 2)]


def dense(texts: list[str], names: list[str]) -> list[str]:
    """The texts with a division name every 40 characters (cut back to 5,000)."""
    rng = random.Random(2260)
    return ["".join(t[i:i + 40] + rng.choice(names) for i in range(0, WIDTH, 40))[:WIDTH] for t in texts]


def timed(fn, texts: list[str], rounds: int) -> tuple[float, float]:
    """Mean and 95th percentile of one call, in ms."""
    times = []
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter()
            fn(t)
            times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.fmean(times) * 1e3, times[int(0.95 * len(times))] * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    t0 = time.perf_counter()
    g = gazetteer.gazetteer()
    load_ms = (time.perf_counter() - t0) * 1e3
    real = windows()
    heavy = dense(real, sorted(g.by_name))
    agencies = [g.label(r) + "人民政府办公室" for r in list(g.by_code.values())[::7]]
    print(f"gazetteer: {len(g.by_code)} divisions, {len(g.by_name)} names, loaded in {load_ms:.0f} ms")
    print(f"texts: {len(real)} windows of {WIDTH} characters, {args.rounds} rounds")
    print("| call | texts | mean ms | p95 ms | mentions per text |")
    print("|---|---|---|---|---|")
    for label, texts in (("real", real), ("dense", heavy)):
        per_text = statistics.fmean(len(g.find(t)) for t in texts)
        for name, fn in (("find", g.find), ("region_in_text", g.region_in_text)):
            mean, p95 = timed(fn, texts, args.rounds)
            print(f"| {name} | {label} | {mean:.3f} | {p95:.3f} | {per_text:.0f} |")
    mean, p95 = timed(g.region_of_issuer, agencies, args.rounds)
    print(f"| region_of_issuer | {len(agencies)} agency names | {mean:.4f} | {p95:.4f} | 1 |")


if __name__ == "__main__":
    main()
