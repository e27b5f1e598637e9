"""The Nu Html Checker (vnu, from the npm package vnu-jar that `make test` installs) finds
no error in the built site's markup but one that Material's base.html makes and the
project cannot override without copying that whole template (issue 14):

- ``autocomplete="off"`` on the two hidden checkboxes that open Material's drawer and
  search (``<input class="md-toggle" type="checkbox" autocomplete="off">``), which HTML
  allows on text inputs only. Material puts them in base.html outside any block.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter

from ..conftest import ROOT, require_tool

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL_BASE = [  # (message start, markup it is about)
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
]


def material_base(message: dict) -> bool:
    return any(message["message"].startswith(m) and mark in message.get("extract", "") for m, mark in MATERIAL_BASE)


def test_no_html_error_in_the_project_markup(built):
    java = shutil.which("java")
    require_tool(java is not None and VNU.exists(), "the Nu Html Checker needs Java and node_modules/vnu-jar: run `make test`")
    site = built / "site"
    pages = sorted(str(p) for p in site.rglob("*.html") if "pagefind" not in p.parts)
    out = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
                         capture_output=True, text=True)
    messages = json.loads(out.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error"]
    known = [m for m in errors if material_base(m)]
    ours = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in errors
            if not material_base(m)]
    print(f"\nvnu: {len(pages)} pages, {len(errors)} errors, {len(known)} of them Material's base.html "
          f"({Counter(m['message'][:60] for m in known).most_common()})")
    assert ours == []
    assert len(known) <= 2 * len(pages)  # the two toggles of each page, nothing more
