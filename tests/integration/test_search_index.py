"""The search indexer: records in, a Pagefind index out (made in shards, merged), errors reported, never a hang."""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from generator.output.search import Record
from generator.site import indexer, merge
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
    place(ix.work, result, out)
    manifest = json.loads((out / indexer.MANIFEST).read_text(encoding="utf-8"))
    assert manifest == {"shards": [], "marks": result["marks"], "kinds": {}}  # the shards merged; only documents
    assert json.loads((out / "pagefind-entry.json").read_text())["languages"]["und"]["page_count"] == 5
    assert (out / "pagefind.js").is_file() and not (out / "pagefind-ui.js").exists()
    page = (ix.work / "pages" / "0" / "documents" / "d0" / "index.html").read_text(encoding="utf-8")
    assert page.endswith(" 新券 券&amp;</span></body></html>\n")  # the pairs, the last token alone (。 coded &), nothing after


def test_no_records_give_no_shards(started, tmp_path):
    ix = started([], 800)
    result = ix.wait()
    assert (result["count"], result["shards"]) == (0, 0)
    place(ix.work, result, tmp_path / "pagefind")
    assert [p.name for p in (tmp_path / "pagefind").iterdir()] == [indexer.MANIFEST]


def index_contents(bundle: Path) -> dict[str, list]:
    """Every word of a Pagefind index: the pages (URL) it is on and where, as Pagefind wrote them."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = merge.read(bundle / f"pagefind.{entry['languages']['und']['hash']}.pf_meta")
    urls = [json.loads(gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())[12:])["url"]
            for name, _ in meta[1]]
    words = {}
    for _, _, name in meta[2]:
        for text, pages, _ in merge.read(bundle / "index" / f"{name}.pf_index")[0]:
            number, found = 0, []
            for delta, locs, meta_locs in pages:  # page numbers are deltas from the page before
                number += delta
                found.append((urls[number], locs, [meta[5][-v - 1] if v < 0 else v for v in meta_locs]))
            words[text] = sorted(found)
    return words


def test_shards_merged_are_the_index_of_all_pages(started, tmp_path):
    """Shards of 3 pages merged give the index Pagefind makes of the 10 pages at once: the
    same words on the same pages at the same places, the meta fields of shards that lack
    some (the last, policies) numbered as in the whole."""
    recs = records(8, "第{i}号文件，科技创新券与科技型中小企业。") + [
        Record("/policies/p1/", "政策一", "科技创新券", {"kind": "policy"}),
        Record("/policies/p2/", "政策二", "中小企业", {"kind": "policy", "doc_number": "冀政〔2020〕1号"})]
    one, many = started(recs, 100), started(recs, 3)
    a, b = one.wait(), many.wait()
    assert (a["shards"], b["shards"]) == (1, 4)
    assert index_contents(many.work / indexer.BUNDLE) == index_contents(one.work / indexer.BUNDLE)
    assert len(b["kinds"]["policy"]) == 2 and sorted(b["kinds"]["policy"]) == sorted(a["kinds"]["policy"])


def test_a_chunk_that_cannot_be_written_fails_the_merge(started, tmp_path, monkeypatch):
    """The merge writes its chunks on other threads: a write that fails must fail the
    merge, which then writes no pf_meta (an index that names a missing chunk)."""
    ix = started(records(6), 3)
    ix.wait()
    shards = [tmp_path / "shards" / str(s) for s in range(2)]
    for s, out in enumerate(shards):
        indexer.Pagefind(ix.work / "pages" / str(s), out, []).wait()

    def full(path, data):
        raise OSError(28, "No space left on device", str(path))
    monkeypatch.setattr(merge, "_write_chunk", full)
    with pytest.raises(OSError, match="No space left"):
        merge.merge(shards, tmp_path / "merged")
    assert not list((tmp_path / "merged").glob("*.pf_meta"))


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


def test_once_mkdocs_is_done_the_shards_left_are_indexed_at_once(started, tmp_path, monkeypatch):
    """Before the build says MkDocs is done, one Pagefind at a time; after, one per core
    (the real Pagefind, run by a stand-in that notes when each starts and ends)."""
    from pagefind.service import _must_get_executable

    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "__init__.py").write_text("")
    (tmp_path / "pagefind" / "__main__.py").write_text(
        "import os, subprocess, sys, time\n"
        "def note(what):\n"
        "    with open(os.environ['GK_PAGEFIND_LOG'], 'a') as f:\n"
        "        f.write(f'{what} {time.monotonic()}\\n')\n"
        "note('start')\ntime.sleep(0.5)\n"
        "rc = subprocess.call([os.environ['GK_PAGEFIND'], *sys.argv[1:]])\n"
        "note('end')\nsys.exit(rc)\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("GK_PAGEFIND", str(_must_get_executable()))

    def most_at_once(log: Path) -> int:
        events = sorted((float(t), 1 if what == "start" else -1)
                        for what, t in (line.split() for line in log.read_text().splitlines()))
        now = best = 0
        for _, step in events:
            now += step
            best = max(best, now)
        return best

    recs = records(6)
    results = {}
    for name in ("serial", "rendered"):
        log = tmp_path / f"{name}.log"
        monkeypatch.setenv("GK_PAGEFIND_LOG", str(log))
        ix = started(recs, 1)
        if name == "rendered":
            ix.rendered()
        results[name] = (ix.wait(), most_at_once(log), ix.work)
    assert [r["shards"] for r, _, _ in results.values()] == [6, 6]
    assert results["serial"][1] == 1
    assert min(2, indexer.parallel.workers()) <= results["rendered"][1] <= indexer.parallel.workers()
    assert index_contents(results["rendered"][2] / indexer.BUNDLE) == index_contents(results["serial"][2] / indexer.BUNDLE)
