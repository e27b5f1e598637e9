"""The kind of a page, which search ranks by (documents first): each record carries it, and
the browser, for a page without a kind word, tells it from the address the same way."""
from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse

import pytest

from generator.output.search import records

from ..conftest import ROOT

JS = ROOT / "generator" / "theme" / "assets" / "javascripts" / "gongkai-search.js"


def test_the_browser_tells_the_kind_of_every_record_from_its_address(generated):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the mirror of the JavaScript is not checked")
    recs = list(records(generated.corpus))
    paths = [urllib.parse.unquote(r.url.lstrip("/")) for r in recs]
    listings = ["documents/", "documents/index--2/", "genre/通知/", "agency/", "year/2023/", "policies/",
                "policies/unresolved/", "indicators/", "indicators/other/", "topic/"]
    script = ("const g = require(process.argv[1]);"
              "console.log(JSON.stringify(JSON.parse(process.argv[2]).map(p => g.kindOfPath(p))))")
    out = subprocess.run([node, "-e", script, str(JS), json.dumps(paths + listings)], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == [r.meta["kind"] for r in recs] + ["listing"] * len(listings)
