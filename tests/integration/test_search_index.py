"""The search indexer: records in, a Pagefind index in shards out, errors reported, never a hang."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from generator.output.search import Record
from generator.site import indexer
from generator.site.indexer import Indexer, place


def records(n: int, text: str = "第{i}号文件，科技创新券。") -> list[Record]:
    return [Record(f"/documents/d{i}/", f"文件{i}", text.format(i=i), {"kind": "document", "doc_number": f"临科〔2023〕{i}号"})
            for i in range(n)]


@pytest.fixture
def started(tmp_path):
    made = []

    def start(recs, shard_pages: int) -> Indexer:
        made.append(Indexer(recs, tmp_path / f"work{len(made)}", shard_pages))
        return made[-1]

    yield start
    for ix in made:
        ix.stop()


def test_records_fill_shards_in_their_order(started, tmp_path):
    ix = started(records(5), 2)
    result = ix.wait()
    assert result["count"] == 5 and result["shards"] == 3
    assert "，" in result["marks"] and "〔" in result["marks"]
    # records 0 and 1 in shard 0, 2 and 3 in shard 1, 4 alone in the last
    assert sorted(p.parent.name for p in (ix.work / "pages" / "1").rglob("index.html")) == ["d2", "d3"]
    out = tmp_path / "pagefind"
    place(ix.work / "index", result, out)
    manifest = json.loads((out / indexer.MANIFEST).read_text(encoding="utf-8"))
    assert manifest == {"shards": ["shard1/", "shard2/"], "marks": result["marks"]}
    counts = [json.loads((out / d / "pagefind-entry.json").read_text())["languages"]["und"]["page_count"]
              for d in ("", "shard1", "shard2")]
    assert counts == [2, 2, 1]
    assert (out / "pagefind.js").is_file() and not (out / "shard1" / "pagefind.js").exists()
    assert not (out / "pagefind-ui.js").exists()
    page = (ix.work / "pages" / "0" / "documents" / "d0" / "index.html").read_text(encoding="utf-8")
    assert page.endswith(" gkkinddocument</span></body></html>\n")  # the kind, as the last word


def test_no_records_give_no_shards(started, tmp_path):
    ix = started([], 800)
    result = ix.wait()
    assert (result["count"], result["shards"]) == (0, 0)
    place(ix.work / "index", result, tmp_path / "pagefind")
    assert [p.name for p in (tmp_path / "pagefind").iterdir()] == [indexer.MANIFEST]


def test_a_record_that_cannot_be_indexed_is_an_error(started):
    ix = started(records(2) + [Record("/bad/", "坏", None, {})], 2)  # no text: the record cannot be made
    with pytest.raises(RuntimeError, match="search index: TypeError"):
        ix.wait()


def test_an_indexer_that_died_is_an_error_not_a_hang(started):
    ix = started(records(200), 2)
    ix.process.kill()
    with pytest.raises(RuntimeError, match="search indexer stopped"):
        ix.wait()


def test_a_stopped_indexer_stops_its_pagefind(started, tmp_path, monkeypatch):
    """A failed build stops the indexer; the Pagefind it started must not run on."""
    slow = tmp_path / "slow-pagefind"
    slow.write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # python -m pagefind finds this one
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "__main__.py").write_text(
        f"import os\nos.execv(__import__('sys').executable, ['python', {str(slow)!r}])\n")
    (tmp_path / "pagefind" / "__init__.py").write_text("")
    ix = started(records(2), 2)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not running(slow):
        time.sleep(0.1)
    assert running(slow)
    ix.stop()
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
