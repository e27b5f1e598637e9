"""The quote of a figure: a short window of its clause that never splits a number or a word."""
from __future__ import annotations

import re

from .classes import value_lists
from .mentions import Found

_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}")


def window(t: str, f: Found, cs: int, ce: int, before: int = 20, after: int = 12) -> tuple[int, int]:
    """The figure's clause, cut to a short window that does not split a number or word."""
    qs, qe = max(cs, f.start - before), min(ce, f.end + after)
    cut = t.rfind("、", cs, f.start) + 1
    if qs > cs and cut > qs and _TWO_HAN.search(t, cut, f.start):
        qs = cut  # start at the list item that names the figure
    while qs > cs and (t[qs - 1].isascii() and t[qs - 1].isalnum() or t[qs] in "年度月日"):
        qs -= 1
    while qe < ce and t[qe - 1].isascii() and t[qe - 1].isalnum() and t[qe].isascii() and t[qe].isalnum():
        qe += 1
    return qs, qe


def list_windows(t: str, figs: list[Found], windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Figures written as one list of values (分别增长10%、20%) share one quote."""
    out = list(windows)
    for group in value_lists(t, figs):
        span = (min(windows[i][0] for i in group), max(windows[i][1] for i in group))
        for i in group:
            out[i] = span
    return out
