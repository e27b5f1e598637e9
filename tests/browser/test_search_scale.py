"""The browser search on a site of 1,000 synthetic documents (benchmarks/synth.py: paragraphs
of the real documents recombined, numbers, regions and 发文字号 varied), indexed in shards
merged into one index as a large site is: a query finds exactly the documents whose text
contains it, and a cold query
fetches at most 2 MB. (How fast is measured by benchmarks/search_latency.py, not here.)"""
from __future__ import annotations

import json
import random
import re
import urllib.parse

import pytest

from benchmarks.synth import write_corpus
from generator.build import Options, build
from generator.site.indexer import SHARD_PAGES

from ..conftest import ROOT, serve
from .test_search_browser import NONE, search

pytestmark = pytest.mark.browser

N = 1000
RUN = re.compile(r"[\u4e00-\u9fff0-9]{14,}")  # runs of characters and digits, no punctuation


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    work = tmp_path_factory.mktemp("synthetic")
    seeds = write_corpus(N, work / "seeds")
    build(Options(seeds=seeds, out=work / "out", config=ROOT / "mkdocs.yml", cache=False))
    # spaces out, line ends kept: a piece of a line, not one running across lines (in a
    # record the 发文字号 and the title do not follow the lines they stand on)
    texts = {p.stem: re.sub(r"[^\S\n]+", "", p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))}
    server, url = serve(work / "out" / "site")
    yield work / "out" / "site", url, texts
    server.shutdown()


def containing(texts: dict[str, str], query: str) -> set[str]:
    return {k for k, t in texts.items() if query in t}


def fragments(texts: dict[str, str], count: int) -> list[str]:
    """Pieces of 12 characters from the middle of sentences (with a varied number in them,
    whole), each found in a few documents only, so every result can be checked."""
    rng = random.Random(7)
    ids = sorted(texts)
    out: list[str] = []
    while len(out) < count:
        runs = [r for r in RUN.findall(texts[rng.choice(ids)]) if re.search(r"\d", r)]
        if not runs:
            continue
        run = rng.choice(runs)
        start = rng.randrange(len(run) - 11)
        piece = run[start:start + 12]
        if run[start - 1:start + 1].isdigit() and start or run[start + 11:start + 13].isdigit():
            continue  # a number cut in two: numbers are searched whole
        if re.search(r"\d", piece) and re.search(r"[\u4e00-\u9fff]", piece) and len(containing(texts, piece)) <= 20:
            out.append(piece)
    return out


def found_documents(pg) -> set[str]:
    """The document ids among all results, scrolling until every result is shown."""
    total = re.search(r"(\d+)", pg.locator(".md-search-result__meta").inner_text())
    total = int(total.group(1)) if total else 0
    for _ in range(200):
        if pg.locator(".md-search-result__link").count() >= total:
            break
        pg.locator(".md-search__scrollwrap").evaluate("el => el.scrollTop = el.scrollHeight")
        pg.wait_for_timeout(100)
    hrefs = pg.locator(".md-search-result__link").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    return {m.group(1) for h in hrefs if (m := re.search(r"/documents/([^/]+)/$", urllib.parse.unquote(h)))}


def test_the_synthetic_site_is_indexed_in_shards_merged_into_one_index(synthetic):
    site, _, _ = synthetic
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["und"]["page_count"] > SHARD_PAGES  # more pages than one shard holds
    assert not any(p.name.startswith("shard") for p in (site / "pagefind").iterdir())


def test_a_piece_of_a_sentence_finds_exactly_the_documents_that_contain_it(synthetic, open_page):
    site, url, texts = synthetic
    pg = open_page(url)
    for piece in fragments(texts, 6):
        assert search(pg, piece) != NONE, piece
        assert found_documents(pg) == containing(texts, piece), piece
    assert not pg.errors


def test_a_doc_number_in_either_bracket_style_finds_its_document(synthetic, open_page):
    site, url, texts = synthetic
    pg = open_page(url)
    for doc_id in sorted(texts)[::250]:
        number = re.search(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号", texts[doc_id]).group(0)
        for query in (number, number.replace("〔", "[").replace("〕", "]")):
            search(pg, query)
            assert doc_id in found_documents(pg), query
    assert search(pg, "量子引力") == NONE
    assert not pg.errors


def test_a_cold_query_fetches_at_most_2_mb(synthetic, open_page):
    site, url, texts = synthetic
    doc_id = sorted(texts)[N // 2]
    pg = open_page(f"{url}documents/{doc_id}/")
    pg.wait_for_load_state("networkidle")
    before = len(pg.bytes)
    search(pg, "中小企业")
    pg.wait_for_load_state("networkidle")
    assert sum(pg.bytes[before:]) <= 2 * 1024 * 1024
    assert {urllib.parse.urlsplit(u).hostname for u in pg.requests} == {"127.0.0.1"}
