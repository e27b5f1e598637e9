"""Sidecars: the fields an editor sets in ``<id>.yml``, read as plain, safe YAML and checked
field by field against data/fields.yml."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from ... import config, dates
from ...errors import Report
from ...output.escaping import strip_unsafe
from .decode import normalise_newlines
from .files import MAX_SIDECAR_BYTES, display_name, read_regular

# Fields an editor may set in a sidecar (data/fields.yml), and their types.
SIDECAR_FIELDS: dict[str, str] = {f.name: f.type for f in config.metadata_fields() if f.sidecar}
REQUIRED_FIELDS = {f.name for f in config.metadata_fields() if f.required}  # never null
SHOWN = 60  # characters of a value shown in a message


class _SidecarLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as written (2024-09-19 stays text) and refuses what an
    editor never needs: repeated keys, keys that are not plain values, anchors and aliases
    (a handful of nested aliases expands to gigabytes: "billion laughs")."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not allowed in a sidecar", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be plain text", key_node.start_mark)
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the field '{shown(key)}' is set twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def shown(value: object, limit: int = SHOWN) -> str:
    """A value as a message may quote it: its repr, cut to ``limit`` characters."""
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "…"


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return f"true/false ({value!r})"
    if isinstance(value, (int, float)):
        return f"a number ({shown(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_LINE_BREAKS = re.compile(r"\s*[\r\n\x85\u2028\u2029]+\s*")


def _clean_value(value: str, name: str, key: str, report: Report) -> str | None:
    """A sidecar text on one line (line breaks become spaces: a field is one line in every
    output) and without characters no output can carry; None when nothing is left."""
    text, removed = strip_unsafe(_LINE_BREAKS.sub(" ", normalise_newlines(value)))
    if removed:
        report.add("unsafe-character", name, what=", ".join(sorted({c for _, c in removed})),
                   where=f"field '{key}'")
    if not text.strip():
        report.add("empty-sidecar-value", name, key=key)
        return None
    return text.strip()


def _sidecar_value(key: str, value: object, name: str, report: Report, types: list[str]):
    """A checked sidecar value, or ``...`` (Ellipsis) when it is refused (and reported)."""
    kind = SIDECAR_FIELDS[key]
    if kind == "date" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # published: 2024
    if value is None:
        if key in REQUIRED_FIELDS:
            report.add("wrong-sidecar-type", name, key=key, expected="one of " + ", ".join(types), got="null")
            return ...
        return None
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            report.add("wrong-sidecar-type", name, key=key, expected="a list of text",
                       got=_type_name(value) if not isinstance(value, list) else shown(value))
            return ...
        topics = [t for t in (_clean_value(t, name, key, report) for t in value) if t is not None]
        return list(dict.fromkeys(topics))
    if not isinstance(value, str):
        report.add("wrong-sidecar-type", name, key=key, expected="text (put it in quotes)", got=_type_name(value))
        return ...
    value = _clean_value(value, name, key, report)
    if value is None:
        return ...  # white space only: as if the line were not there
    if kind == "date" and not dates.valid_partial(value):
        report.add("wrong-sidecar-type", name, key=key,
                   expected=f"a date YYYY, YYYY-MM or YYYY-MM-DD of the years {dates.MIN_YEAR}–{dates.MAX_YEAR}",
                   got=repr(shown(value)))
        return ...
    if kind == "genre" and value not in types:
        report.add("wrong-sidecar-type", name, key=key, expected="one of " + ", ".join(types), got=repr(shown(value)))
        return ...
    return value


def read_sidecar(path: Path, report: Report) -> dict:
    """Parse and check ``<id>.yml``; problems go to the report, bad keys are dropped."""
    name = display_name(path)
    try:
        raw = read_regular(path, MAX_SIDECAR_BYTES)
    except OSError as exc:
        report.add("unreadable-file", name, detail=exc.strerror or str(exc))
        return {}
    try:
        data = yaml.load(raw.decode("utf-8-sig"), Loader=_SidecarLoader)  # noqa: S506 (a safe loader)
    except UnicodeDecodeError as exc:
        report.add("unparseable-sidecar", name, line=raw.count(b"\n", 0, exc.start) + 1,
                   detail="it is not UTF-8 text; save it as UTF-8")
        return {}
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["it is not valid YAML"])[0]
        report.add("unparseable-sidecar", name, line=None if mark is None else mark.line + 1, detail=shown(problem, 200))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.add("unparseable-sidecar", name, detail="expected lines of field: value")
        return {}
    good = {}
    types = config.load("doc_types")["types"]
    for key, value in data.items():
        if key not in SIDECAR_FIELDS:
            close = difflib.get_close_matches(str(key), SIDECAR_FIELDS, n=1)
            report.add("unknown-sidecar-field", name, key=shown(str(key)),
                       hint=f"did you mean '{close[0]}'? " if close else "", allowed=", ".join(SIDECAR_FIELDS))
            continue
        value = _sidecar_value(key, value, name, report, types)
        if value is not ...:
            good[key] = value
    return good


