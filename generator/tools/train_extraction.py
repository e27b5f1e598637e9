"""Train the kind model of the extractor from the hand-made labels, and score it by source.

Usage: python -m generator.tools.train_extraction [--evaluate] [--out PATH]

Every figure the rules keep in the labelled corpora (../shared/corpus: the seeds,
d01–d10, d11–d22) that matches a label gives one example: the features of
``generator.stages.extract.kind_model`` and the label's kind. Documents named in
``GONGKAI_HOLDOUT`` are never read. The model is a logistic regression trained by full-batch
gradient descent in pure Python (no scikit-learn, no numpy), so the same labels always give
the same weights; they are written to ``generator/data/kind_model.json`` with the
leave-one-source-out scores (train on two sources, score on the third).

The extractor uses the model only for figures no rule cue decides (the rules' genre
default), and only when the leave-one-source-out scores show it beats that default there;
the file records the decision (``used``).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
SOURCES = {  # source: (labels, folder, which file stems)
    "seeds": (SHARED / "seeds-labels.json", ROOT / "seeds", lambda stem: True),
    "d01–d10": (SHARED / "dev-labels.json", SHARED / "dev", lambda stem: stem <= "d10"),
    "d11–d22": (SHARED / "dev-labels.json", SHARED / "dev", lambda stem: "d11" <= stem <= "d22"),
}
L2, RATE, EPOCHS = 0.02, 0.5, 400


@dataclass(frozen=True)
class Example:
    source: str
    document: str
    features: tuple[str, ...]
    gold: str  # the label's kind
    rules: str  # the rules' kind (without the model)
    fallback: bool  # the rules had no cue: their kind is the genre default


def holdout() -> set[str]:
    return {s.strip() for s in os.environ.get("GONGKAI_HOLDOUT", "").split(",") if s.strip()}


def _same(indicator, label: dict) -> bool:
    v = label["value"]
    if isinstance(v, (int, float)) and not isinstance(indicator.value, str):
        same = abs(float(indicator.value) - float(v)) < 1e-9
    else:
        same = str(indicator.value) == str(v)
    return same and (indicator.unit or "") == (label["unit"] or "")


def examples(left_out: set[str] | None = None) -> list[Example]:
    """The labelled figures of every source (held-back documents never read)."""
    from generator.errors import Report
    from generator.stages.ingest import read_source
    from generator.stages.prepare import clean, extraction_input as _extraction_input
    from generator.stages.extract import _mentions

    left_out = holdout() if left_out is None else left_out
    out = []
    for source, (labels_path, folder, wanted) in SOURCES.items():
        if not labels_path.is_file() or not folder.is_dir():
            continue
        for label in json.loads(labels_path.read_text(encoding="utf-8")):
            stem = Path(label["file"]).stem
            if stem in left_out or not wanted(stem):
                continue
            doc = clean(read_source(folder / label["file"], Report()))
            context, skip = _extraction_input(doc)
            mentions = [m for m in _mentions(doc.id, doc.source.text, context, skip, model=False, features=True) if m.indicator]
            text, used = doc.source.text, set()
            for g in label["indicators"]:
                gs = max(text.find(g["quote"]), 0)
                ge = gs + len(g["quote"])
                hit = next((i for i, m in enumerate(mentions) if i not in used and _same(m.indicator, g)
                            and m.indicator.start < ge and gs < m.indicator.end), None)
                if hit is not None:
                    used.add(hit)
                    m = mentions[hit]
                    out.append(Example(source, stem, m.features, g["kind"], m.kind, m.kind_cue == "genre"))
    return out


def train(data: list[Example]) -> dict:
    """Logistic regression (target = 1) by full-batch gradient descent with an L2 penalty."""
    names = sorted({f for e in data for f in e.features})
    index = {f: i for i, f in enumerate(names)}
    rows = [([index[f] for f in e.features], 1.0 if e.gold == "target" else 0.0) for e in data]
    w, b, n = [0.0] * len(names), 0.0, max(len(rows), 1)
    for _ in range(EPOCHS):
        grad, gb = [0.0] * len(names), 0.0
        for feats, y in rows:
            z = b + sum(w[i] for i in feats)
            err = 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) - y
            gb += err
            for i in feats:
                grad[i] += err
        b -= RATE * gb / n
        for i in range(len(w)):
            w[i] -= RATE * (grad[i] / n + L2 * w[i])
    weights = {f: round(w[i], 5) for f, i in index.items() if abs(w[i]) >= 1e-4}
    return {"bias": round(b, 5), "weights": dict(sorted(weights.items()))}


def _accuracy(pairs) -> tuple[float, int]:
    pairs = list(pairs)
    return (sum(a == b for a, b in pairs) / len(pairs) if pairs else float("nan")), len(pairs)


def leave_one_source_out(left_out: set[str] | None = None, data: list[Example] | None = None) -> list[dict]:
    """For each source: the model trained on the others, scored on it, against the rules."""
    from generator.stages.extract.kind_model import probability

    data = examples(left_out) if data is None else data
    by_source = defaultdict(list)
    for e in data:
        by_source[e.source].append(e)
    out = []
    for source, test in by_source.items():
        model = train([e for e in data if e.source != source])

        def predict(e: Example) -> str:
            return "target" if probability(list(e.features), model) >= 0.5 else "actual"
        fallback = [e for e in test if e.fallback]
        out.append({
            "source": source, "figures": len(test),
            "rules": _accuracy((e.rules, e.gold) for e in test)[0],
            "model_alone": _accuracy((predict(e), e.gold) for e in test)[0],
            "fallback_figures": len(fallback),
            "genre_on_fallback": _accuracy((e.rules, e.gold) for e in fallback)[0],
            "model_on_fallback": _accuracy((predict(e), e.gold) for e in fallback)[0],
            "rules_with_model": _accuracy(((predict(e) if e.fallback else e.rules), e.gold) for e in test)[0],
        })
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "generator" / "data" / "kind_model.json")
    parser.add_argument("--evaluate", action="store_true", help="only print the leave-one-source-out scores")
    args = parser.parse_args(argv)
    from generator.stages.extract.kind_model import FEATURES_VERSION

    data = examples()
    if not data:
        print(f"no labelled corpus at {SHARED}: nothing to train on", file=sys.stderr)
        return 2
    scores = leave_one_source_out(data=data)
    for s in scores:
        print(json.dumps(s, ensure_ascii=False))
    if args.evaluate:
        return 0
    fallback = [s for s in scores if s["fallback_figures"]]
    won = sum(s["model_on_fallback"] * s["fallback_figures"] for s in fallback)
    lost = sum(s["genre_on_fallback"] * s["fallback_figures"] for s in fallback)
    model = train(data)
    model.update(features_version=FEATURES_VERSION, used=won > lost, trained_on=sorted({e.source for e in data}),
                 examples=len(data), left_out=len(holdout()),
                 leave_one_source_out=[{k: (round(v, 3) if isinstance(v, float) else v) for k, v in s.items()}
                                       for s in scores])
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['weights'])} weights, used: {model['used']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
