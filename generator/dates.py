"""Dates: one place that says which dates are real, and how build time stamps are made.

Document dates come from the text, web-page labels and sidecars; all of them are checked
here as real calendar dates of the years :data:`MIN_YEAR`–:data:`MAX_YEAR`, so that no
date value can crash a later step (feeds, ZIP time stamps, MkDocs' sitemap).
"""
from __future__ import annotations

import datetime as dt
import os
import re

MIN_YEAR, MAX_YEAR = 1000, 2999
PARTIAL_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")  # YYYY, YYYY-MM or YYYY-MM-DD
EPOCH_ENV = "SOURCE_DATE_EPOCH"
# What a ZIP entry can record: 1980-01-01 to 2107-12-31 (DOS time stamps).
ZIP_MIN = (1980, 1, 1, 0, 0, 0)
ZIP_MAX = (2107, 12, 31, 23, 59, 58)


class BadEpoch(ValueError):
    """SOURCE_DATE_EPOCH is not a whole number of seconds the build can use."""


def iso_date(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` if it is a real date of an allowed year, else None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def valid_partial(value: str) -> bool:
    """Whether ``value`` is a real date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    m = PARTIAL_RE.match(value)
    if not m:
        return False
    y, mo, d = (int(g) if g else None for g in m.groups())
    return iso_date(y, mo, d) == value


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH when set (raises :class:`BadEpoch` when it is not usable)."""
    raw = os.environ.get(EPOCH_ENV)
    if raw is None or raw == "":
        return None
    try:
        epoch = int(raw.strip())
    except ValueError:
        raise BadEpoch(f"{EPOCH_ENV}={raw[:40]!r} is not a whole number of seconds") from None
    try:
        when = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise BadEpoch(f"{EPOCH_ENV}={raw[:40]!r} is not a time the build can use") from None
    if not MIN_YEAR <= when.year <= MAX_YEAR:
        raise BadEpoch(f"{EPOCH_ENV}={raw[:40]!r} falls in {when.year}, outside {MIN_YEAR}–{MAX_YEAR}")
    return epoch


def epoch_of(date: str) -> int:
    """Seconds since 1970 (UTC) of a partial date (missing month and day count as 1)."""
    y, mo, d = ([int(p) for p in date.split("-")] + [1, 1])[:3]
    return int(dt.datetime(y, mo, d, tzinfo=dt.timezone.utc).timestamp())


def stamp(epoch: int) -> str:
    """An ISO 8601 UTC time stamp (``2024-06-01T00:00:00Z``)."""
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def mkdocs_epoch(epoch: int) -> int:
    """The SOURCE_DATE_EPOCH MkDocs can use: it stamps the gzipped sitemap with it, and gzip
    stores 1970-01-01 to 2106-02-07 only."""
    return min(max(epoch, 0), 2**32 - 1)


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """A ZIP entry's date_time for ``epoch``, clamped to what ZIP can store."""
    when = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).timetuple()[:6]
    return min(max(when, ZIP_MIN), ZIP_MAX)
