"""Score what gongkai publishes against the hand-made labels of ../shared/corpus.

Usage: .venv/bin/python benchmarks/extraction.py [--verbose] [--by-source] [--rules]

The seeds and the dev corpus are read, cleaned and extracted by the real pipeline
(``generator.build.generate``; nothing written to the project); the generated
``indicators.csv`` and ``documents.csv`` go into a temporary folder and are scored with the
shared ``tools/score.py`` for each part — seeds, d01–d10, d11–d22 and all dev (d01–d22) —
: indicator precision, recall, F1, year and kind accuracy on matched pairs, and the share of
metadata fields that match. Prints a Markdown table; exits 1 when an extraction bar is
missed (metadata is printed, not checked), 2 when the shared corpus is absent.

Documents named in ``GONGKAI_HOLDOUT`` (file stems, comma-separated) are left out of every
part, as the tests leave them out: they are neither extracted nor scored nor shown.

``--rules`` lists, for every class rule, the figures it decided in each part and how many
of them are labelled indicators (a rule that fires on labels where it was not written
from does not generalise).

``--by-source`` scores the learned kind model leave-one-source-out: trained on the labels of
every part but one (seeds, d01–d10, d11–d22), then used on that part.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import logging
import shutil
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from generator.build import generate  # noqa: E402
from generator.errors import Report  # noqa: E402

HOLDOUT = {s.strip() for s in os.environ.get("GONGKAI_HOLDOUT", "").split(",") if s.strip()}
SOURCES = {  # corpus: (labels, folder with the texts)
    "seeds": (SHARED / "corpus" / "seeds-labels.json", ROOT / "seeds"),
    "dev": (SHARED / "corpus" / "dev-labels.json", SHARED / "corpus" / "dev"),
    # invented documents (tests/fixtures/invented/README.md): i* were written before the rules
    # fitted to them, h* and then g* after, as held-out checks; m* were written for the
    # metadata reader before its rules were generalised, n* after them; j* by a helper that had
    # read only the labelling conventions; not under the bar
    "invented": (ROOT / "tests" / "fixtures" / "invented" / "labels.json", ROOT / "tests" / "fixtures" / "invented"),
}
PARTS = {  # part: (corpus, which file stems)
    "seeds": ("seeds", lambda stem: True),
    "d01–d10": ("dev", lambda stem: stem <= "d10"),
    "d11–d22": ("dev", lambda stem: "d11" <= stem <= "d22"),
    "d01–d22": ("dev", lambda stem: stem <= "d22"),
    "invented i*": ("invented", lambda stem: stem.startswith("i")),
    "held-out h*": ("invented", lambda stem: stem.startswith("h")),
    "held-out g*": ("invented", lambda stem: stem.startswith("g")),
    "invented m*": ("invented", lambda stem: stem.startswith("m")),
    "held-out n*": ("invented", lambda stem: stem.startswith("n")),
    "held-out j*": ("invented", lambda stem: stem.startswith("j")),
    "held-out k*": ("invented", lambda stem: stem.startswith("k")),
    "held-out l*": ("invented", lambda stem: stem.startswith("l")),
}
DEV_BAR = {"precision": 0.95, "recall": 0.95, "year_acc": 0.90, "kind_acc": 0.95}
# metadata >= 0.90 is the bar of d01–d22 (issue 12) and holds for d11–d22, whose labels follow
# the conventions of dev-SOURCES.md; four d01–d10 labels are older than them (README)
META_BAR = {**DEV_BAR, "meta_acc": 0.90}
BAR = {"seeds": {"precision": 0.95, "recall": 0.95}, "d01–d10": DEV_BAR, "d11–d22": META_BAR, "d01–d22": META_BAR}


def _load_score():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def labels_of(corpus: str) -> list[dict]:
    """The corpus's labels without the held-back documents."""
    path = SOURCES[corpus][0]
    return [x for x in json.loads(path.read_text(encoding="utf-8")) if Path(x["file"]).stem not in HOLDOUT]


def tables(corpus: str) -> dict[str, str]:
    """documents.csv and indicators.csv of a corpus, held-back documents left out."""
    folder = SOURCES[corpus][1]
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(folder.glob("*.txt")):
            if path.stem not in HOLDOUT:
                shutil.copyfile(path, Path(tmp) / path.name)
        return generate(Path(tmp)).files["datapackage"]


def score_part(part: str, files: dict[str, str], verbose: bool) -> dict:
    corpus, wanted = PARTS[part]
    chosen = [x for x in labels_of(corpus) if wanted(Path(x["file"]).stem)]
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("indicators.csv", "documents.csv"):
            (Path(tmp) / name).write_text(files[name], encoding="utf-8")
        (Path(tmp) / "labels.json").write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            scores = _load_score()(str(Path(tmp) / "labels.json"), str(SOURCES[corpus][1]), tmp, verbose=verbose)
    if verbose:
        for line in out.getvalue().splitlines():
            print(f"[{part}] {line.strip()}")
    return scores


def row(part: str, r: dict) -> str:
    return (f"| {part} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['year_acc']:.3f} | "
            f"{r['kind_acc']:.3f} | {r['meta_acc']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} |")


def _documents(corpus: str):
    """(file stem, cleaned document) of a corpus, held-back documents left out."""
    from generator.stages.ingest import read_source
    from generator.stages.prepare import clean

    for path in sorted(SOURCES[corpus][1].glob("*.txt")):
        if path.stem not in HOLDOUT:
            yield path.stem, clean(read_source(path, Report()))


def _label_of(mention, labels: list[dict], text: str) -> dict | None:
    """The label a mention stands for: one with its value and unit whose quote it overlaps."""
    written = mention.text.replace(" ", "").replace("\n", "")
    for g in labels:
        gs = max(text.find(g["quote"]), 0)
        if mention.start < gs + len(g["quote"]) and gs < mention.end \
                and str(g["value"]) in written and (g["unit"] or "") in written:
            return g
    return None


def rule_table() -> int:
    """Which rule decided each figure, per part, and how many of those are labelled; then
    where the years and kinds of labelled figures came from, and how often they are right."""
    from collections import Counter

    from generator.stages.prepare import explain_mentions

    fired, harm, years, kinds = Counter(), Counter(), Counter(), Counter()
    for part, (corpus, wanted) in PARTS.items():
        if part == "d01–d22" or not SOURCES[corpus][0].is_file():
            continue
        labels = {Path(x["file"]).stem: x["indicators"] for x in labels_of(corpus)}
        for stem, doc in _documents(corpus):
            if not wanted(stem):
                continue
            for m in explain_mentions(doc):
                if m.kind is None and m.cls != "indicator" and m.rule.startswith(("unit_", "no_unit", "date", "year")):
                    continue
                label = _label_of(m, labels.get(stem, []), doc.source.text)
                fired[m.rule, part] += 1
                harm[m.rule, part] += label is not None
                if label is not None and m.indicator is not None:
                    years[m.year_source or "none", part, m.year == label["year"]] += 1
                    kinds[m.kind_cue.split(" ")[0], part, m.kind == label["kind"]] += 1
    parts = [p for p in PARTS if p != "d01–d22"]
    print("| rule | " + " | ".join(f"{p}: decided / labelled" for p in parts) + " |")
    print("|---|" + "---|" * len(parts))
    for rule in sorted({r for r, _ in fired}):
        print(f"| {rule} | " + " | ".join(f"{fired[rule, p]} / {harm[rule, p]}" for p in parts) + " |")
    for title, counts in (("year from", years), ("kind from", kinds)):
        print(f"\n| {title} | " + " | ".join(f"{p}: right / labelled" for p in parts) + " |")
        print("|---|" + "---|" * len(parts))
        for source in sorted({k[0] for k in counts}):
            print(f"| {source} | " + " | ".join(
                f"{counts[source, p, True]} / {counts[source, p, True] + counts[source, p, False]}" for p in parts) + " |")
    return 0


def by_source() -> int:
    """The kind model trained without a source and scored on it, beside the rules."""
    from generator.tools import train_extraction

    print("| left out | figures | kind: rules | kind: model alone | no rule cue | there: genre default | "
          "there: model | kind: rules + model |")
    print("|---|---|---|---|---|---|---|---|")
    for r in train_extraction.leave_one_source_out(HOLDOUT):
        print(f"| {r['source']} | {r['figures']} | {r['rules']:.3f} | {r['model_alone']:.3f} | {r['fallback_figures']} | "
              f"{r['genre_on_fallback']:.3f} | {r['model_on_fallback']:.3f} | {r['rules_with_model']:.3f} |")
    return 0


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    verbose = "--verbose" in argv
    if not (SHARED / "tools" / "score.py").exists():
        print(f"shared corpus not found at {SHARED}: nothing to score")
        return 2
    if "--by-source" in argv:
        return by_source()
    if "--rules" in argv:
        return rule_table()
    if HOLDOUT:
        print(f"(left out: {len(HOLDOUT)} held-back document(s))\n")
    print("| part | precision | recall | F1 | year acc | kind acc | metadata fields | tp | fp | fn |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    failed, files = [], {}
    for part, (corpus, _) in PARTS.items():
        if not SOURCES[corpus][0].is_file():
            print(f"| {part} | (corpus absent) |")
            continue
        if not any(PARTS[part][1](Path(x["file"]).stem) for x in labels_of(corpus)):
            print(f"| {part} | (no documents) |")
            continue
        if corpus not in files:
            files[corpus] = tables(corpus)
        r = score_part(part, files[corpus], verbose)
        print(row(part, r))
        failed += [f"{part} {k} {r[k]:.3f} < {v}" for k, v in BAR.get(part, {}).items() if r[k] < v]
    for f in failed:
        print(f"BELOW THE BAR: {f}")
    if not failed:
        print("\nThe bar is met on every part.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
