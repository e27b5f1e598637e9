"""The kind of a page, which search ranks by (documents first): told by the address in
Python (generator.search.page_kind, PROTOTYPE for the lead) and in the browser
(kindOfPath in gongkai-search.js) alike. Gold kinds from the site's layout
(generator/render.py's page paths)."""
from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse

import pytest

from generator import search

JS = search.__file__.replace("search.py", "theme/assets/javascripts/gongkai-search.js")
KINDS = {
    "/": "home",
    "/documents/000_d47baeec8c1639fc/": "document",
    "/documents/": "listing",
    "/documents/page-2/": "listing",
    "/policies/p1022decff0/": "policy",
    "/policies/p1022decff0--2/": "policy",
    "/policies/": "listing",
    "/policies/unresolved/": "listing",
    "/topic/科技创新券/": "topic",
    "/topic/%E7%A7%91%E6%8A%80/": "topic",
    "/topic/": "listing",
    "/region/文水县/": "region",
    "/indicators/high_tech_enterprises/": "indicator",
    "/indicators/other/": "listing",
    "/genre/实施意见/": "listing",
    "/agency/": "listing",
    "/year/2023/": "listing",
    "/data/": "data",
    "/about/": "about",
}


@pytest.mark.parametrize("url, kind", KINDS.items())
def test_page_kind_from_the_address(url, kind):
    assert search.page_kind(url) == kind


def test_front_matter_kind_wins():
    assert search.page_kind("/documents/page-2/", {"kind": "document"}) == "document"


def test_the_browser_tells_the_kind_as_python_does():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the mirror of the JavaScript is not checked")
    paths = [urllib.parse.unquote(u.lstrip("/")) for u in KINDS]
    script = ("const g = require(process.argv[1]);"
              "console.log(JSON.stringify(JSON.parse(process.argv[2]).map(p => g.kindOfPath(p))))")
    out = subprocess.run([node, "-e", script, JS, json.dumps(paths)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == list(KINDS.values())

