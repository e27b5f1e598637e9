"""The theme's own JavaScript is served minified (mkdocs.yml): each committed *.min.js is
what `make minify` makes of its source now, so the site never runs stale code."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from ..conftest import ROOT, require_tool

TERSER = ROOT / "node_modules" / ".bin" / "terser"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
SOURCES = re.search(r"^JS_SOURCES := (.+)$", MAKEFILE, re.M).group(1).split()


@pytest.mark.parametrize("source", SOURCES)
def test_minified_script_is_up_to_date(source, tmp_path):
    require_tool(TERSER.exists(), f"{TERSER} is missing: run `make test`, which installs the npm tools (npm ci)")
    src = ROOT / source
    out = tmp_path / "out.min.js"
    committed = src.with_name(src.stem + ".min.js")
    assert committed.is_file(), f"{committed.name} is missing: run `make minify`"
    subprocess.run([str(TERSER), str(src), "--compress", "--mangle", "--ecma", "2020", "--preamble",  # as make minify
                    f"/* gongkai: {src.name} minified by terser (make minify) */", "-o", str(out)],
                   check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), \
        f"{committed.name} is stale: run `make minify` and commit it"


def test_the_site_serves_the_minified_scripts_deferred():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for source in SOURCES:
        name = Path(source).relative_to("generator/theme").with_suffix(".min.js").as_posix()
        assert re.search(rf"- path: {re.escape(name)}\n\s+defer: true", config), name
