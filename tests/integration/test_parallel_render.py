"""The parallel render: MkDocs in several processes, each over its share of the pages,
gives the very bytes one process gives, and still fails on what one process fails on."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from benchmarks.synth import write_corpus
from generator.build import Options, build
from generator.site.render import render

from ..conftest import ROOT

EPOCH = 1_700_000_000


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root``, by its path: the SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site_src(tmp_path_factory) -> Path:
    """site_src/ of a synthetic corpus of 120 documents (every kind of page, listings over several pages)."""
    work = tmp_path_factory.mktemp("parallel")
    seeds = write_corpus(120, work / "seeds")
    build(Options(seeds=seeds, out=work / "out", config=ROOT / "mkdocs.yml", html=False, cache=False))
    return work / "out" / "site_src"


@pytest.mark.parametrize("site_url", ["", "https://example.gov.cn/docs/"])
def test_shares_render_the_same_bytes_as_one_process(site_src, tmp_path, monkeypatch, site_url):
    monkeypatch.setenv("GONGKAI_SITE_URL", site_url)  # with it, sitemap.xml lists every page
    one, three = tmp_path / "one" / "site", tmp_path / "three" / "site"
    for out, workers in ((one, 1), (three, 3)):
        out.parent.mkdir()
        rendered = render(ROOT / "mkdocs.yml", site_src, out, EPOCH, workers=workers)
        assert rendered.ok, rendered.params
    a, b = tree(one), tree(three)
    assert len(a) > 500 and sum(p.endswith(".html") for p in a) > 300
    assert sorted(a) == sorted(b)
    assert [p for p in a if a[p] != b[p]] == []
    assert not list(three.parent.glob(".site-render-*"))  # the shares' results and logs cleaned up


def test_a_link_to_a_missing_anchor_of_another_share_fails(site_src, tmp_path):
    """Page A links to an anchor page B does not have, A and B rendered by different processes."""
    src = tmp_path / "site_src"
    import shutil

    shutil.copytree(site_src, src)
    about = src / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[一处](documents/s00001.md#no-such-anchor)\n",
                     encoding="utf-8")
    for workers in (1, 2, 3):
        out = tmp_path / f"w{workers}" / "site"
        out.parent.mkdir()
        rendered = render(ROOT / "mkdocs.yml", src, out, EPOCH, workers=workers)
        assert not rendered.ok and rendered.code == "mkdocs-failed", workers
        assert "no-such-anchor" in rendered.params["detail"], (workers, rendered.params)
