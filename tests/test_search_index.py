"""The search indexer: pages in, a Pagefind index in shards out, errors reported, never a hang."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from generator import search_index
from generator.search_index import Indexer, place

PAGE = "<p>{text}</p>"


def pages(n: int) -> list[tuple]:
    return [(f"/documents/d{i}/", f"文件{i}", PAGE.format(text=f"第{i}号文件，科技创新券。"), {"doc_number": f"临科〔2023〕{i}号"})
            for i in range(n)]


@pytest.fixture
def indexer(tmp_path):
    made = []

    def make(shard_pages: int) -> Indexer:
        made.append(Indexer(shard_pages, tmp_path))
        return made[-1]

    yield make
    for ix in made:
        ix.close()


def test_pages_fill_shards_in_the_order_they_come(indexer, tmp_path):
    ix = indexer(2)
    for page in pages(5):
        ix.add(*page)
    result = ix.finish()
    assert result["error"] is None and result["count"] == 5 and result["shards"] == 3
    assert "，" in result["marks"] and "〔" in result["marks"]
    # pages 0 and 1 in shard 0, 2 and 3 in shard 1, 4 alone in the last
    assert sorted(p.parent.name for p in (ix.folder / "pages" / "1").rglob("index.html")) == ["d2", "d3"]
    out = tmp_path / "pagefind"
    place(ix.folder / "index", result, out)
    manifest = json.loads((out / search_index.MANIFEST).read_text(encoding="utf-8"))
    assert manifest == {"shards": ["shard1/", "shard2/"], "marks": result["marks"]}
    counts = [json.loads((out / d / "pagefind-entry.json").read_text())["languages"]["und"]["page_count"]
              for d in ("", "shard1", "shard2")]
    assert counts == [2, 2, 1]
    assert (out / "pagefind.js").is_file() and not (out / "shard1" / "pagefind.js").exists()
    assert not (out / "pagefind-ui.js").exists()


def test_no_pages_give_no_shards(indexer, tmp_path):
    ix = indexer(800)
    result = ix.finish()
    assert result["error"] is None and (result["count"], result["shards"]) == (0, 0)
    place(ix.folder / "index", result, tmp_path / "pagefind")
    assert [p.name for p in (tmp_path / "pagefind").iterdir()] == [search_index.MANIFEST]


def test_an_error_is_reported_after_the_pages_are_taken(indexer):
    ix = indexer(2)
    ix.add("/bad/", "坏", None, {})  # no HTML: the record cannot be made
    big = PAGE.format(text="科技创新券" * 20000)  # 100,000 characters: a few pages fill the pipe
    for url, title, _, meta in pages(8):  # the build goes on sending; the indexer must keep reading
        ix.add(url, title, big, meta)
    result = ix.finish()
    assert result["error"].startswith("TypeError")


def test_an_indexer_that_died_is_an_error_not_a_hang(indexer):
    ix = indexer(2)
    ix.process.kill()
    ix.process.join()
    with pytest.raises(RuntimeError, match="search indexer stopped"):
        for page in pages(200):  # more than a pipe holds
            ix.add(*page)
    assert "search indexer stopped" in ix.finish()["error"]


def test_a_stopped_indexer_stops_its_pagefind(indexer, tmp_path, monkeypatch):
    """A failed build stops the indexer (close); the Pagefind it started must not run on."""
    slow = tmp_path / "slow-pagefind"
    slow.write_text("import time\ntime.sleep(60)\n")  # writes nothing: a closed pipe would not stop it
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # python -m pagefind finds this one
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "__main__.py").write_text(
        f"import os\nos.execv(__import__('sys').executable, ['python', {str(slow)!r}])\n")
    (tmp_path / "pagefind" / "__init__.py").write_text("")
    ix = indexer(2)
    for page in pages(2):  # a full shard: Pagefind starts
        ix.add(*page)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not running(slow):
        time.sleep(0.1)
    assert running(slow)
    ix.close()
    time.sleep(0.5)
    assert not running(slow)


def running(script) -> bool:
    for proc in Path("/proc").iterdir():
        try:
            if str(script) in (proc / "cmdline").read_bytes().decode(errors="replace"):
                return True
        except OSError:
            continue
    return False
