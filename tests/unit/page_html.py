"""Reading the HTML blocks of generated pages (site_src) in tests: their tables' rows."""
from __future__ import annotations

import re

_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
_TAG = re.compile(r"<[^>]+>")


def table_rows(text: str, plain: bool = True) -> list[list[str]]:
    """The rows of the HTML tables in ``text`` (header rows too), each a list of its cells:
    their text (``plain``), or their HTML as written."""
    return [[_TAG.sub("", c) if plain else c for c in _CELL.findall(row)] for row in _ROW.findall(text)]
