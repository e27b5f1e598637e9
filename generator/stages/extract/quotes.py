"""The quote of a figure: its clause, cut short only where a word ends.

A quote runs from the figure's clause start to its clause end (，；。). A long clause is
cut at a soft break (、 的 和 与 及 等), never inside a word or a number: 共有9家中小微企业
及科技型中小企业使用科技创新券 is quoted whole, not 共有9家中小微企业及科技型中小企.
"""
from __future__ import annotations

import functools
import re

from .classes import value_lists
from .mentions import Found
from .rules import rules

BEFORE, AFTER = 30, 40  # the longest a quote runs before and after its figure


@functools.cache
def _compiled() -> tuple[re.Pattern, str]:
    t = rules().text_
    return re.compile(r"[\u4e00-\u9fff]{2}"), t.soft_breaks


def window(t: str, f: Found, cs: int, ce: int) -> tuple[int, int]:
    """Source-independent view offsets [qs, qe) of the quote of figure ``f`` in clause [cs, ce)."""
    two_han, soft = _compiled()
    qs, qe = cs, ce
    cut = t.rfind(rules().text_.list_sep, cs, f.start) + 1
    if cut > cs and two_han.search(t, cut, f.start):
        qs = cut  # start at the list item that names the figure
    if f.start - qs > BEFORE:
        lo = f.start - BEFORE
        qs = next((k + 1 for k in range(lo, f.start) if t[k] in soft), lo)
    if qe - f.end > AFTER:
        hi = f.end + AFTER
        qe = next((k for k in range(hi, f.end, -1) if t[k] in soft), hi)
    while qs > cs and t[qs - 1].isascii() and t[qs - 1].isalnum():
        qs -= 1  # never inside a number or a Latin word
    while qe < ce and t[qe - 1].isascii() and t[qe - 1].isalnum() and t[qe].isascii() and t[qe].isalnum():
        qe += 1
    return qs, max(qe, f.end)


def list_windows(t: str, figs: list[Found], windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Figures written as one list of values (分别增长10%、20%) share one quote."""
    out = list(windows)
    for group in value_lists(t, figs):
        span = (min(windows[i][0] for i in group), max(windows[i][1] for i in group))
        for i in group:
            out[i] = span
    return out
