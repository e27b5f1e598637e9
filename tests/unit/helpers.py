"""Helpers for the unit tests of generator.stages.extract (invented sentences only)."""
from __future__ import annotations

from generator.stages.extract import DocContext, explain, extract_indicators


def rows(text: str, **context):
    """Indicators of ``text`` as (value, unit, year, kind) tuples."""
    return [(r.value, r.unit, r.year, r.kind) for r in extract_indicators("t", text, context=DocContext(**context))]


def values(text: str, **context):
    """Indicator (value, unit) pairs of ``text``."""
    return [(r.value, r.unit) for r in extract_indicators("t", text, context=DocContext(**context))]


def class_of(text: str, figure: str, **context) -> str:
    """The class of the mention written ``figure`` (its first occurrence) in ``text``."""
    start = text.index(figure)
    found = [m for m in explain("t", text, context=DocContext(**context)) if m.start <= start < m.end]
    assert found, f"no mention at {figure!r}"
    return found[0].cls


def classes_of(text: str, **context) -> dict[str, str]:
    """Every figure mention (a number with a unit) of ``text`` → its class."""
    return {m.text: m.cls for m in explain("t", text, context=DocContext(**context)) if m.kind or m.cls not in (
        "date", "doc_number", "list_number", "phone", "other")}
