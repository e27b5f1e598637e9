"""Score what gongkai publishes against the hand-made labels of ../shared/corpus.

Usage: .venv/bin/python benchmarks/extraction.py [--verbose]

For the seeds and the dev corpus it runs the real pipeline (``generator.build.generate``,
nothing written to the project), writes the generated ``indicators.csv`` and
``documents.csv`` into a temporary folder and scores them with the shared
``tools/score.py``: indicator precision, recall, F1, year and kind accuracy on matched
pairs, and the share of metadata fields that match. Prints a Markdown table; exits 1
when the quality bar is missed, 2 when the shared corpus is absent.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from generator.build import generate  # noqa: E402

CORPORA = {  # name: (labels, folder with the texts)
    "seeds": (SHARED / "corpus" / "seeds-labels.json", ROOT / "seeds"),
    "dev": (SHARED / "corpus" / "dev-labels.json", SHARED / "corpus" / "dev"),
}
BAR = {  # the quality bar: minimum precision, recall, year and kind accuracy, metadata
    "seeds": {"precision": 0.95, "recall": 0.95},
    "dev": {"precision": 0.90, "recall": 0.90, "year_acc": 0.85, "kind_acc": 0.90, "meta_acc": 0.90},
}


def _load_score():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def run(name: str, verbose: bool) -> dict:
    labels_path, docs_dir = CORPORA[name]
    result = generate(docs_dir)
    with tempfile.TemporaryDirectory() as tmp:
        for table in ("indicators.csv", "documents.csv"):
            (Path(tmp) / table).write_text(result.files["datapackage"][table], encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            scores = _load_score()(str(labels_path), str(docs_dir), tmp, verbose=verbose)
    if verbose:
        for line in out.getvalue().splitlines():
            print(f"[{name}] {line.strip()}")
    return scores


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    verbose = "--verbose" in argv
    if not (SHARED / "tools" / "score.py").exists():
        print(f"shared corpus not found at {SHARED}: nothing to score")
        return 2
    print("| corpus | precision | recall | F1 | year acc | kind acc | metadata fields | tp | fp | fn |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    failed = []
    for name in CORPORA:
        if not CORPORA[name][1].is_dir():
            print(f"| {name} | (corpus absent) |")
            continue
        r = run(name, verbose)
        print(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['year_acc']:.3f} | "
              f"{r['kind_acc']:.3f} | {r['meta_acc']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} |")
        failed += [f"{name} {k} {r[k]:.3f} < {v}" for k, v in BAR[name].items() if r[k] < v]
    for f in failed:
        print(f"BELOW THE BAR: {f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
