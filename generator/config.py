"""Vocabularies and site settings, loaded from data files into typed, validated objects.

Every vocabulary in ``generator/data/*.yml`` is checked against a small schema when it is
first loaded: a typo (a missing key, a list where text belongs, a pattern that does not
compile) fails at once with the file and the key, not somewhere far away. The settings of
the site (name, address, publisher) come from the MkDocs configuration file, read here
without MkDocs, so that the pages, feed and catalogue are made before any renderer runs.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
# libyaml's loader when PyYAML has it: the same data, ten times faster (regions.yml has
# 3,200 lines: 0.8 s with the pure-Python loader, 0.09 s with libyaml).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# --------------------------------------------------------------------------- schemas
# A schema is a type (str, int, bool), a one-element list [item schema], a dict of
# {key: schema} (a key ending in "?" is optional; the key "*" gives the schema of any key),
# "pattern" (text that compiles as a regular expression), or None (anything).


class ConfigError(ValueError):
    """A data file does not match its schema."""

    def __init__(self, file: str, key: str, message: str) -> None:
        super().__init__(f"{file}: {key or '(top)'}: {message}")
        self.file, self.key = file, key


def check(value: Any, schema: Any, file: str, key: str = "") -> None:
    """Raise :class:`ConfigError` where ``value`` does not match ``schema``."""
    if schema is None:
        return
    if schema == "pattern":
        if not isinstance(value, str):
            raise ConfigError(file, key, f"expected a regular expression, got {type(value).__name__}")
        try:
            re.compile(value)
        except re.error as exc:
            raise ConfigError(file, key, f"the pattern does not compile: {exc}") from None
        return
    if isinstance(schema, list):
        if not isinstance(value, list):
            raise ConfigError(file, key, f"expected a list, got {type(value).__name__}")
        for i, item in enumerate(value):
            check(item, schema[0], file, f"{key}[{i}]")
        return
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise ConfigError(file, key, f"expected a mapping, got {type(value).__name__}")
        known = {k.rstrip("?") for k in schema if k != "*"}
        for k in schema:
            if k != "*" and not k.endswith("?") and k not in value:
                raise ConfigError(file, f"{key}.{k}".lstrip("."), "missing")
        for k, v in value.items():
            sub = schema.get(k) if k in known and k in schema else schema.get(f"{k}?", schema.get("*", ...))
            if sub is ...:
                raise ConfigError(file, f"{key}.{k}".lstrip("."), f"unknown key (expected one of {', '.join(sorted(known))})")
            check(v, sub, file, f"{key}.{k}".lstrip("."))
        return
    if schema is str and value is None:
        raise ConfigError(file, key, "expected text, got nothing")
    types = (int, float) if schema is float else schema
    if not isinstance(value, types) or (schema is int and isinstance(value, bool)):
        raise ConfigError(file, key, f"expected {getattr(schema, '__name__', schema)}, got {type(value).__name__}")


SCHEMAS: dict[str, Any] = {
    "agencies": {"suffixes": [str], "letterhead_suffix": str, "aliases?": {"*": str}},
    "citations": {"generic_title": "pattern", "abbreviation_before": str, "own_issue_before": "pattern",
                  "own_issue_after": "pattern", "doc_number": "pattern", "doc_number_leading_words": [str],
                  "not_a_policy": "pattern", "bridge": "pattern", "wrapper": "pattern", "number_filler": str},
    "debris": {"lines": [{"name": str, "pattern": "pattern"}], "inline": [{"name": str, "pattern": "pattern"}]},
    "doc_types": {"types": [str], "replies?": [str], "normative?": [str],
                  "rules": [{"type": str, "reply?": "pattern", "reply_marker?": "pattern", "title?": "pattern",
                             "text?": "pattern"}],
                  "issued_keep": [str], "issued_other": str, "default": str},
    "fields": {"documents": {"*": {"zh": str, "description_zh": str, "description_en": str, "from": str,
                                   "type?": str, "sidecar?": bool, "page?": bool, "required?": bool,
                                   "pattern?": "pattern"}}},
    "layout_fields": {"labels": {"*": None}},
    "topics": {"min_mentions": int, "topics": [{"id": str, "name": str, "terms": [str]}]},
    "html_guard": {"url_attributes": [str], "bad_schemes": [str], "forbidden_elements": [str],
                   "script_folders": [str], "json_script_types": [str]},
    "outline": {"levels": [{"rank": int, "heading": bool, "pattern": "pattern"}]},
    "metadata": {"*": None},
    "regions": {"source?": None, "regions": [{"code": str, "name": str, "parent?": str, "level?": str,
                                              "aliases?": [str]}]},
}


@functools.cache
def load(name: str) -> Any:
    """``generator/data/<name>.yml``, checked against its schema (cached: treat as read-only)."""
    path = DATA_DIR / f"{name}.yml"
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=LOADER)  # noqa: S506 (a safe loader)
    check(data, SCHEMAS.get(name), f"generator/data/{name}.yml")
    return data


# --------------------------------------------------------------------------- typed vocabularies


@dataclass(frozen=True)
class Field:
    """A column of documents.csv (and, for ``from: metadata``, a front-matter field)."""

    name: str
    zh: str
    description_zh: str
    description_en: str
    source: str  # metadata (a Metadata field), document (id, source file …) or derived
    type: str = "text"  # text, date, genre, list
    sidecar: bool = False  # an editor may set it in <id>.yml
    page: bool = False  # shown in a document page's metadata table
    required: bool = False
    pattern: str | None = None


@functools.cache
def fields() -> tuple[Field, ...]:
    """The document fields, in the order of documents.csv (declared once, in fields.yml)."""
    from .model import METADATA_FIELDS

    out = []
    for name, spec in load("fields")["documents"].items():
        spec = dict(spec)
        out.append(Field(name=name, source=spec.pop("from"), **spec))
    declared = tuple(f.name for f in out if f.source == "metadata")
    if declared != METADATA_FIELDS:
        raise ConfigError("generator/data/fields.yml", "documents",
                          f"the metadata fields {', '.join(declared)} differ from generator/model.py Metadata's "
                          f"{', '.join(METADATA_FIELDS)}")
    return tuple(out)


def metadata_fields() -> tuple[Field, ...]:
    return tuple(f for f in fields() if f.source == "metadata")


@dataclass(frozen=True)
class Publisher:
    """Who runs the site (the ``extra.publisher`` block of the site configuration)."""

    name: str = "gongkai 开源项目"
    url: str = ""  # the publisher's own website
    email: str = ""  # where readers report mistakes
    report_url: str = ""  # or a form / issue tracker for that
    demonstration: bool = True  # a demonstration, not an official government website


@dataclass(frozen=True)
class Site:
    """What the pages, feed and catalogue need to know about the site."""

    name: str = "政府信息公开文件库"
    description: str = ""
    url: str = ""  # with a trailing slash, or "" when unknown
    publisher: Publisher = field(default_factory=Publisher)


class _EnvLoader(yaml.SafeLoader):
    """MkDocs configuration YAML: ``!ENV [VAR, default]`` read from the environment; other
    tags (``!!python/name`` …, which only MkDocs may construct) read as nothing."""


def _env(loader, node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in names[:-1] if len(names) > 1 else names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return names[-1] if len(names) > 1 else None


_EnvLoader.add_constructor("!ENV", _env)
_EnvLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site(config_file: Path) -> Site:
    """The site settings from the MkDocs configuration file (defaults where it says nothing)."""
    try:
        with open(config_file, encoding="utf-8") as f:
            data = yaml.load(f, Loader=_EnvLoader) or {}  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError):
        return Site()
    url = str(data.get("site_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    extra = data.get("extra") or {}
    pub = extra.get("publisher") if isinstance(extra, dict) else None
    publisher = Publisher(**{k: (bool(v) if k == "demonstration" else str(v or "")) for k, v in pub.items()
                             if k in ("name", "url", "email", "report_url", "demonstration")}) \
        if isinstance(pub, dict) else Publisher()
    return Site(name=str(data.get("site_name") or Site.name), description=str(data.get("site_description") or ""),
                url=url, publisher=publisher)
