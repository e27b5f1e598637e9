"""Two builds of the same seeds give byte-identical outputs.

The builds run as separate processes with different hash seeds, time zones, working copies
of the seeds and output folders: nothing may depend on set order, the clock, the time zone
or where the files lie. ``SOURCE_DATE_EPOCH`` is left unset (the build pins it to the
newest date the documents state); site/ is compared whole as well, MkDocs's sitemap
included.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT, SEEDS

GONGKAI = Path(sys.executable).with_name("gongkai")
# Files of site/ allowed to differ between two builds, with the reason. None so far.
ALLOWED_TO_DIFFER: dict[str, str] = {}


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_in(folder: Path, hash_seed: str, tz: str) -> Path:
    seeds = folder / "documents in" / "seeds"
    shutil.copytree(SEEDS, seeds)
    out = folder / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "GONGKAI_SITE_URL")}
    env.update(PYTHONHASHSEED=hash_seed, TZ=tz)
    done = subprocess.run([str(GONGKAI), "build", "--seeds", str(seeds), "--out", str(out),
                           "--config", str(ROOT / "mkdocs.yml")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def test_two_builds_are_byte_identical(tmp_path):
    first = build_in(tmp_path / "one", "1", "UTC")
    second = build_in(tmp_path / "two", "2", "Asia/Shanghai")
    for name in ("site_src", "datapackage"):
        a, b = tree(first / name), tree(second / name)
        assert a and sorted(a) == sorted(b)
        assert [p for p in a if a[p] != b[p]] == [], name
    a, b = tree(first / "site"), tree(second / "site")
    assert len(a) > 100 and sorted(a) == sorted(b)
    differing = sorted(p for p in a if a[p] != b[p])
    assert [p for p in differing if p not in ALLOWED_TO_DIFFER] == []

