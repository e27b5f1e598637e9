"""The extractor's rules and word lists: ``generator/data/*.yml``, checked and compiled once.

Each file is checked against a small schema when it is loaded, so a typo fails with the
file and the key named (``mention_classes.yml: rules[3].where: expected one of: chunk,
clause, post, pre, sentence but received: 'pst'``) instead of silently matching nothing.
"""
from __future__ import annotations

import functools
import re
from types import SimpleNamespace

from ... import config


class RuleFileError(ValueError):
    """A data file of the extractor does not fit its schema."""


# --------------------------------------------------------------------------- schemas
# A schema is "str", "regex", "int", "bool", a list [item], a tuple ("map", value) for
# a mapping of names, ("enum", choices), ("pair", a, b) for a two-item list, or a dict
# of keys (a key ending in "?" is optional).

_REGEX_LIST = ["regex"]
WHERE = {"pre?": "regex", "post?": "regex", "chunk?": "regex", "clause?": "regex", "sentence?": "regex",
         "heading?": "regex", "before?": "regex"}
SCHEMAS = {
    "indicator_rules": {
        "text": {"markup": "str", "bullets": "str", "final": "str", "sentence_end": "str",
                 "clause_delims": "str", "soft_breaks": "str", "fullwidth": ("pair", "str", "str"),
                 "cn_digits": "str", "list_joint": "regex", "brackets": [("pair", "str", "str")],
                 "pairs": [("pair", "str", "str")], "trim": "str", "list_sep": "str", "item_end": "str",
                 "clause_start": "str", "heading_end": "regex", "qualifiers": "str"},
        "first_item": "regex", "introducer": "regex", "criteria_intro": "regex", "heading_max_len": "int",
        "report_doc_types": ["str"], "report_markers": "regex", "report_title_markers": "regex",
        "time_cues": [{"pattern": "regex", "year?": ("enum", ("group", "plan", "issue", "issue-1", "issue+1",
                                                              "future", "none", "context")),
                       "kind?": ("enum", ("actual", "target")), "propagates?": "bool", "baseline?": "bool",
                       "clause?": "bool"}],
        "target_cues": "regex", "actual_cues": "regex", "baseline": "regex",
        "heading_kinds": {"target": "regex", "actual": "regex"}, "heading_year": "regex",
        "title_period": "regex", "title_year": "regex", "period_verbs": "regex", "own_doc_number": "regex", "own_doc_number_within": "int",
        "issue_year_cues": "regex", "issued_title": "regex", "title_issue_year": "regex",
        "yearly_plan_cue": "regex", "yearly_plan_min": "int", "opening_year": "regex",
        "yearly_title": "regex", "report_year_title": "regex",
        "subject_strip_head": "regex", "subject_strip_tail": "regex", "subject_max_len": "int",
        "subject": {"date": "regex", "growth": "regex", "verb_end": "regex", "goal_split": "regex",
                    "base_year": "regex", "level_verbs": "regex", "share_of": "regex", "after_head": "regex",
                    "after_stop": "regex", "qualifiers_tail": "regex", "list_split": "regex", "unnamed": "str"},
    },
    "mention_classes": {
        "classes": ("map", ("pair", "str", "str")),
        "shapes": [{"name": "str", "class": "class", "pattern": "regex"}],
        "in_name": {"name": "str", "class": "class", "title": "str", "quote": "str"},
        "follows_other_place": "regex",
        "words": ("map", "regex"),
        "rules": [{"name": "str", "class": "class", "when": WHERE, "unless?": WHERE,
                   "units?": ("either", ("enum", ("money", "share", "count", "area")), ["str"])}],
        "bare_units": ("map", "class"),
    },
    "units": {
        "multipliers": ("map", "int"), "counters": ("map", "str"), "ratios": ("map", "str"),
        "chinese_numeral_counters": ["str"], "not_after_unit": ("map", "regex"), "areas": ["str"],
        "chinese_numeral_other": ("map", "class"), "approx": "regex", "range_joiners": "regex", "numeral": "regex",
        "not_after": "str", "money_ends_with": "str", "fraction_context": "regex", "ratio_context": "regex",
        "ratio_colons": "regex", "from_to": "regex",
    },
    "places": {
        "provinces": ["str"], "cities": ["str"], "abroad": ["str"], "areas": ["str"],
        "within": ("map", ["str"]), "above": ("map", ["str"]), "above_autonomous_region": ["str"], "levels": ("map", "regex"),
    },
    "indicators": [{"code": "str", "name": "str", "measure": ("enum", ("count", "money", "share", "area", "any")),
                    "patterns": _REGEX_LIST, "context?": _REGEX_LIST,
                    "not?": _REGEX_LIST}],
}


def _fail(file: str, path: str, message: str) -> None:
    raise RuleFileError(f"generator/data/{file}.yml: {path or '(top)'}: {message}")


def check(file: str, data, schema, path: str = "", classes: frozenset = frozenset()) -> None:
    """Raise RuleFileError when ``data`` does not fit ``schema``."""
    def kind_name(v) -> str:
        return type(v).__name__
    if schema == "class":
        if data not in classes:
            _fail(file, path, f"expected one of: {', '.join(sorted(classes))} but received: {data!r}")
    elif schema in ("str", "regex"):
        if not isinstance(data, str):
            _fail(file, path, f"expected a string but received: {data!r} ({kind_name(data)})")
        if schema == "regex":
            try:
                re.compile(data)
            except re.error as exc:
                _fail(file, path, f"not a valid regular expression ({exc}): {data!r}")
    elif schema in ("int", "bool"):
        wanted = bool if schema == "bool" else int
        if not isinstance(data, wanted) or schema == "int" and isinstance(data, bool):
            _fail(file, path, f"expected {'true or false' if schema == 'bool' else 'a whole number'} "
                              f"but received: {data!r}")
    elif isinstance(schema, list):
        if not isinstance(data, list):
            _fail(file, path, f"expected a list but received: {data!r}")
        for i, item in enumerate(data):
            check(file, item, schema[0], f"{path}[{i}]", classes)
    elif isinstance(schema, dict):
        if not isinstance(data, dict):
            _fail(file, path, f"expected a mapping with keys {', '.join(k.rstrip('?') for k in schema)} "
                              f"but received: {data!r}")
        keys = {k.rstrip("?"): k for k in schema}
        for k in data:
            if k not in keys:
                _fail(file, f"{path}.{k}".lstrip("."), f"unknown key; expected one of: {', '.join(keys)}")
        for k, spec in keys.items():
            if k not in data:
                if not spec.endswith("?"):
                    _fail(file, f"{path}.{k}".lstrip("."), "missing")
                continue
            check(file, data[k], schema[spec], f"{path}.{k}".lstrip("."), classes)
    elif schema[0] == "map":
        if not isinstance(data, dict):
            _fail(file, path, f"expected a mapping but received: {data!r}")
        for k, v in data.items():
            check(file, v, schema[1], f"{path}.{k}".lstrip("."), classes)
    elif schema[0] == "enum":
        if data not in schema[1]:
            _fail(file, path, f"expected one of: {', '.join(schema[1])} but received: {data!r}")
    elif schema[0] == "pair":
        if not isinstance(data, list) or len(data) != 2:
            _fail(file, path, f"expected a list of two items but received: {data!r}")
        check(file, data[0], schema[1], f"{path}[0]", classes)
        check(file, data[1], schema[2], f"{path}[1]", classes)
    elif schema[0] == "either":
        problems = []
        for option in schema[1:]:
            try:
                check(file, data, option, path, classes)
                return
            except RuleFileError as exc:
                problems.append(str(exc).split(": ", 2)[-1])
        _fail(file, path, " or ".join(problems))


@functools.cache
def load(name: str):
    """``generator/data/<name>.yml``, checked against its schema (cached; read-only)."""
    data = config.load(name)
    classes = frozenset(config.load("mention_classes").get("classes") or ()) if name != "mention_classes" else \
        frozenset((data or {}).get("classes") or ())
    check(name, data, SCHEMAS[name], classes=classes)
    return data


# --------------------------------------------------------------------------- compiled


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def rules() -> SimpleNamespace:
    """Everything the extractor matches with, compiled once."""
    r = load("indicator_rules")
    return SimpleNamespace(
        **r, text_=SimpleNamespace(**r["text"]), subject_=SimpleNamespace(**r["subject"]),
        headings=tuple((re.compile(e["pattern"]), e["rank"]) for e in config.load("outline")["levels"]),
        first_item_re=re.compile(r["first_item"]), introducer_re=re.compile(r["introducer"]),
        criteria_re=re.compile(r["criteria_intro"]),
        report_re=re.compile(r["report_markers"]), report_title_re=re.compile(r["report_title_markers"]),
        time_cues_=tuple((re.compile(c["pattern"]), c) for c in r["time_cues"]),
        any_cue=re.compile("|".join(f"(?:{c['pattern']})" for c in r["time_cues"])
                           + f"|{r['target_cues']}|{r['actual_cues']}"),
        kind_cues=((re.compile(r["target_cues"]), "target"), (re.compile(r["actual_cues"]), "actual")),
        baseline_re=re.compile(r["baseline"]),
        heading_kinds_=tuple((kind, re.compile(p)) for kind, p in r["heading_kinds"].items()),
        title_period_re=re.compile(r["title_period"]), title_year_re=re.compile(r["title_year"]), period_verbs_re=re.compile(r["period_verbs"]),
        issue_year_re=re.compile(r["issue_year_cues"]),
        yearly_plan_re=re.compile(r["yearly_plan_cue"]), opening_year_re=re.compile(r["opening_year"]),
        yearly_title_re=re.compile(r["yearly_title"]), report_year_title_re=re.compile(r["report_year_title"]),
        title_issue_year_re=re.compile(r["title_issue_year"]),
        own_number_re=re.compile(r["own_doc_number"]),
        heading_year_re=re.compile(r["heading_year"]),
        issued_title_re=re.compile(r["issued_title"]),
        strip_head=re.compile(r["subject_strip_head"]), strip_tail=re.compile(r["subject_strip_tail"]),
        indicators=tuple((e["code"], e["measure"], tuple(re.compile(p) for p in e["patterns"]),
                          tuple(re.compile(p) for p in e.get("context", ())),
                          tuple(re.compile(p) for p in e.get("not", ())))
                         for e in load("indicators")),
    )
