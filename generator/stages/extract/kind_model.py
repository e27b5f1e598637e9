"""A small learned model of a figure's kind, for the figures no rule cue decides.

The rules give a figure's kind from a cue (已, 力争, a year against the issuing year, a
scope, a heading); when none applies they fall back on the genre (reports state facts,
plans set targets). There the model decides instead, if ``generator/data/kind_model.json``
says it is used: a logistic regression over the characters around the figure (n-grams of
the words before and after it in its clause), its unit, the cue words of its sentence,
the genre and the year against the issuing year. Inference is pure Python and
deterministic; ``generator/tools/train_extraction.py`` trains it from the labels.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from .rules import rules

MODEL = Path(__file__).resolve().parents[2] / "data" / "kind_model.json"
FEATURES_VERSION = 1
BEFORE, AFTER = 10, 6  # characters of the clause before and after the figure


def _ngrams(prefix: str, s: str, n_max: int = 3) -> list[str]:
    return [f"{prefix}{s[i:i + n]}" for n in range(1, n_max + 1) for i in range(len(s) - n + 1)]


def features(pre: str, post: str, unit: str, measure: str, sentence: str, default_kind: str,
             year: int | None, issue: int | None, doc_type: str | None) -> list[str]:
    """The features of one figure: sorted, without repeats."""
    r = rules()
    out = _ngrams("b:", pre[-BEFORE:]) + _ngrams("a:", post[:AFTER])
    out += [f"u:{unit}", f"m:{measure}", f"genre:{default_kind}", f"type:{doc_type or ''}"]
    for pattern, kind in r.kind_cues:
        out += [f"cue:{kind}:{m.group()}" for m in pattern.finditer(sentence)]
    if year is None or issue is None:
        when = "none" if year is None else "no-issue"
    else:
        when = "past" if year < issue else "same" if year == issue else "future"
    out += [f"year:{when}", f"genre:{default_kind}&year:{when}"]
    out += [f"genre:{default_kind}&{f}" for f in out if f.startswith("cue:")]
    return sorted(set(out))


@functools.cache
def load() -> dict | None:
    """The trained weights, or None when there is no model file."""
    if not MODEL.is_file():
        return None
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    if data.get("features_version") != FEATURES_VERSION:
        raise ValueError(f"{MODEL}: features_version {data.get('features_version')!r} does not match the code's "
                         f"{FEATURES_VERSION}; run generator/tools/train_extraction.py")
    return data


def probability(feats: list[str], model: dict) -> float:
    """P(target) of a figure with these features."""
    w = model["weights"]
    z = model["bias"] + sum(w.get(f, 0.0) for f in feats)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def decide(feats: list[str], model: dict | None = None) -> str | None:
    """target or actual by the model, or None when no model is used."""
    model = model if model is not None else load()
    if not model or not model.get("used"):
        return None  # the rules' genre default stands
    return "target" if probability(feats, model) >= 0.5 else "actual"

