"""The seeds' site_src/ and datapackage/ equal the golden copy in tests/golden/, as trees.

The golden copy changes only with `make golden` (a deliberate, reviewed change of the
output); the committed site_src/ and datapackage/ are checked separately (`gongkai check`).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("output", ["site_src", "datapackage"])
def test_the_seeds_give_the_golden_tree(generated, output):
    made = {path: content.encode("utf-8") if isinstance(content, str) else content
            for path, content in generated.files[output].items()}
    golden = tree(GOLDEN / output)
    assert sorted(made) == sorted(golden), "files added or missing: run `make golden` if intended"
    differ = [path for path in sorted(made) if made[path] != golden[path]]
    assert differ == [], f"{len(differ)} file(s) differ from tests/golden (run `make golden` if intended)"
