"""A rebuild after changing one document re-extracts only that document, and says so."""
from __future__ import annotations

import shutil

from click.testing import CliRunner

from generator.cli import main

from ..conftest import ROOT, SEEDS


def build(seeds, out, *extra):
    return CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(out), "--no-html",
                                     "--config", str(ROOT / "mkdocs.yml"), *extra])


def test_only_the_changed_document_is_extracted_again(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    shutil.copytree(SEEDS, seeds)
    first = build(seeds, out)
    assert first.exit_code == 0, first.output
    assert "5 documents," in first.output  # nothing cached yet
    before = (out / "datapackage" / "indicators.csv").read_text(encoding="utf-8")
    again = build(seeds, out)
    assert "5 documents (0 re-extracted, 5 unchanged from the cache)" in again.output
    assert (out / "datapackage" / "indicators.csv").read_text(encoding="utf-8") == before
    doc = seeds / "002_9b28d59fe74cb8b4.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("全县高新技术", "全县高新技术\n\n企业达到 16 户。原来的"),
                   encoding="utf-8")
    changed = build(seeds, out)
    assert "5 documents (1 re-extracted, 4 unchanged from the cache)" in changed.output
    rows = (out / "datapackage" / "indicators.csv").read_text(encoding="utf-8")
    assert ",16,,户," in rows and rows != before


def test_a_cached_build_equals_a_fresh_one(tmp_path):
    seeds, cached, fresh = tmp_path / "seeds", tmp_path / "cached", tmp_path / "fresh"
    shutil.copytree(SEEDS, seeds)
    build(seeds, cached)
    build(seeds, cached)
    build(seeds, fresh, "--no-cache")
    for name in ("site_src", "datapackage"):
        a = {p.relative_to(cached / name): p.read_bytes() for p in (cached / name).rglob("*") if p.is_file()}
        b = {p.relative_to(fresh / name): p.read_bytes() for p in (fresh / name).rglob("*") if p.is_file()}
        assert a == b
    assert not (fresh / ".gongkai-cache").exists()


def test_a_new_generator_version_misses_the_cache(tmp_path, monkeypatch):
    from generator.store import cache

    seeds, out = tmp_path / "seeds", tmp_path / "out"
    shutil.copytree(SEEDS, seeds)
    build(seeds, out)
    monkeypatch.setattr(cache, "fingerprint", lambda: "another-version")
    again = build(seeds, out)
    assert "5 documents," in again.output and "unchanged from the cache" not in again.output
