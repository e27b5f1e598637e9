"""Score the indicator extractor against the hand-made labels.

Usage: .venv/bin/python benchmarks/extraction.py [--verbose]

For the seeds and the dev corpus it runs ``extract_indicators`` on every labelled file,
writes a throw-away ``indicators.csv``/``documents.csv`` and scores them with the shared
``tools/score.py``. Prints a Markdown table and exits 1 when the quality bar is missed
(2 when the shared corpus is absent).
"""
from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from generator.extract import extract_indicators, find_repeated_body  # noqa: E402

CORPORA = {  # name: (labels, folder with the texts)
    "seeds": (SHARED / "corpus" / "seeds-labels.json", ROOT / "seeds"),
    "dev": (SHARED / "corpus" / "dev-labels.json", SHARED / "corpus" / "dev"),
}
BAR = {  # name: minimum precision, recall, year accuracy, kind accuracy
    "seeds": {"precision": 0.95, "recall": 0.95},
    "dev": {"precision": 0.90, "recall": 0.90, "year_acc": 0.85, "kind_acc": 0.90},
}
COLUMNS = ["document_id", "subject", "indicator", "value", "value_max", "value_normalized", "unit",
           "unit_normalized", "year", "kind", "quote", "start", "end"]

_SIGNATURE_DATE = re.compile(
    r"(?:(?:厅|局|办公室|政府|委员会|委|院|会)[\s\u3000]*|^[\s\u3000]*)((?:19|20)\d\d)年\d{1,2}月\d{1,2}日[\s\u3000]*$",
    re.M)
_GLUED_DATE = re.compile(r"(?:厅|局|办公室|政府|委员会)[\s\u3000]*((?:19|20)\d\d)年\d{1,2}月\d{1,2}日")
_OWN_NUMBER = re.compile(r"[〔\[]((?:19|20)\d\d)[〕\]]\d+号(?=[\s\u3000]*(?:$|各|\n))", re.M)
_PUBLISHED = re.compile(r"发布日期[:：]\s*((?:19|20)\d\d)-\d\d-\d\d")


def issue_year(text: str) -> int | None:
    """The issuing year, simply: the signature date, else the document's own 文号, else 发布日期."""
    for pattern in (_SIGNATURE_DATE, _GLUED_DATE, _OWN_NUMBER, _PUBLISHED):
        found = pattern.findall(text)
        if found:
            return int(found[-1] if pattern is not _OWN_NUMBER else found[0])
    return None


def _load_score():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def _attribute_misses(name: str, labels: list[dict], predicted: dict[str, list]) -> None:
    """Print year/kind disagreements on label-prediction pairs (same value, unit, overlap)."""
    def same(a, b) -> bool:
        try:
            return abs(float(a) - float(b)) < 1e-9
        except (TypeError, ValueError):
            return str(a) == str(b)
    for label in labels:
        stem, used = Path(label["file"]).stem, set()
        text = (CORPORA[name][1] / Path(label["file"]).name).read_text(encoding="utf-8-sig")
        for g in label["indicators"]:
            gs = max(text.find(g["quote"]), 0)
            for i, p in enumerate(predicted.get(stem, [])):
                if i in used or not same(p.value, g["value"]) or (p.unit or "") != (g["unit"] or ""):
                    continue
                if p.start < gs + len(g["quote"]) and gs < p.end:
                    used.add(i)
                    if p.year != g["year"] or p.kind != g["kind"]:
                        print(f"[{name}] ATTR {stem} {g['quote']!r}: year {p.year} want {g['year']}, "
                              f"kind {p.kind} want {g['kind']}")
                    break


def run(name: str, verbose: bool) -> dict:
    labels_path, docs_dir = CORPORA[name]
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        with open(Path(tmp) / "indicators.csv", "w", encoding="utf-8", newline="") as f_ind, \
                open(Path(tmp) / "documents.csv", "w", encoding="utf-8", newline="") as f_doc:
            rows, docs = csv.DictWriter(f_ind, COLUMNS), csv.writer(f_doc)
            rows.writeheader()
            docs.writerow(["id"])
            predicted = {}
            for label in labels:
                path = docs_dir / Path(label["file"]).name
                text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
                repeated = find_repeated_body(text)
                predicted[path.stem] = extract_indicators(path.stem, text, issue_year=issue_year(text),
                                                          skip=[repeated] if repeated else [])
                for ind in predicted[path.stem]:
                    assert text[ind.start:ind.end] == ind.quote
                    rows.writerow({c: getattr(ind, c) for c in COLUMNS})
                docs.writerow([path.stem])
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = _load_score()(str(labels_path), str(docs_dir), tmp, verbose=verbose)
    if verbose:
        for line in out.getvalue().splitlines():
            if not line.lstrip().startswith("meta"):  # this benchmark writes no metadata
                print(f"[{name}] {line.strip()}")
        _attribute_misses(name, labels, predicted)
    return result


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    if not (SHARED / "tools" / "score.py").exists():
        print(f"shared corpus not found at {SHARED}: nothing to score")
        return 2
    ok = True
    table = ["| corpus | precision | recall | F1 | year acc | kind acc | tp | fp | fn |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name in CORPORA:
        r = run(name, verbose)
        missed = [k for k, floor in BAR[name].items() if r[k] < floor]
        ok &= not missed
        table.append(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
                     f"{r['year_acc']:.3f} | {r['kind_acc']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} |"
                     + (f" below bar: {', '.join(missed)}" if missed else ""))
    print("\n".join(table))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
