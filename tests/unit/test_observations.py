"""Observations: one fact per region, indicator, year and kind, counted once however many
documents state it; agreement and conflict said in the table, the page and the chart.

The corpora are invented: four notices, two of 临汾市 that both state 139 high-tech
enterprises at the end of 2022, two of 吕梁市 that state 80 and 85 for the same year."""
from __future__ import annotations

import csv
import io
import re

import pytest

from generator.build import generate
from generator.model import Document, Indicator, Metadata, Source
from generator.output.observations import Value, observations, value_of

from .page_html import table_rows

NOTICE = "{title}\n\n各县（市、区）：\n\n截至2022年底，全市共有高新技术企业{value}家。特此通知。\n\n某市科学技术局\n\n2023年3月1日\n"
CORPUS = {  # id: (region, value, title)
    "a": ("临汾市", 139, "关于促进科技创新的通知"),
    "b": ("临汾市", 139, "关于科技企业培育的通知"),
    "c": ("吕梁市", 80, "关于创新主体培育的通知"),
    "d": ("吕梁市", 85, "关于高新技术企业工作的通知"),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("seeds")
    for doc_id, (region, value, title) in CORPUS.items():
        (seeds / f"{doc_id}.txt").write_text(NOTICE.format(title=title, value=value), encoding="utf-8")
        (seeds / f"{doc_id}.yml").write_text(f"region: {region}\n", encoding="utf-8")
    return generate(seeds)


def table(result, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(result.files["datapackage"][name])))


def test_two_documents_that_agree_are_one_fact_and_two_that_differ_a_conflict(made):
    rows = {r["region"]: r for r in table(made, "observations.csv")}
    assert set(rows) == {"临汾市", "吕梁市"}
    agreed, conflict = rows["临汾市"], rows["吕梁市"]
    assert (agreed["indicator"], agreed["region_code"], agreed["year"], agreed["kind"]) == (
        "high_tech_enterprises", "141000", "2022", "actual")
    assert (agreed["status"], agreed["documents"], agreed["value"], agreed["values"]) == ("agreed", "2", "139", "139")
    assert agreed["sources"] == "a-q1;b-q1"
    assert (conflict["status"], conflict["documents"], conflict["value"], conflict["values"]) == (
        "conflict", "2", "", "80;85")
    assert conflict["region_code"] == "141100" and conflict["sources"] == "c-q1;d-q1"


def test_every_statement_is_joined_to_its_fact(made):
    facts = {r["id"]: r for r in table(made, "observations.csv")}
    joined = table(made, "observation_sources.csv")
    assert {r["indicator_id"] for r in joined} == {r["id"] for r in table(made, "indicators.csv")}
    by_doc = {r["document_id"]: (facts[r["observation_id"]]["region"], r["value"]) for r in joined}
    assert by_doc == {"a": ("临汾市", "139"), "b": ("临汾市", "139"), "c": ("吕梁市", "80"), "d": ("吕梁市", "85")}


def test_the_chart_has_one_point_per_fact_and_shows_the_conflict(made):
    page = made.files["site_src"]["indicators/high_tech_enterprises.md"]
    wide = page[page.index('gk-chart--wide'):page.index('gk-chart--narrow')]
    assert len(re.findall(r"<title>临汾市 2022年实际：139家</title>", wide)) == 1
    assert "<title>吕梁市 2022年实际各文件说法不一：80、85家</title>" in wide
    assert wide.count("<path d=") == 2 + 1  # a diamond for each of 80 and 85, one in the legend
    assert "说法不一</text>" in wide
    caption = re.search(r'<figcaption[^>]*>(.*?)</figcaption>', page).group(1)
    assert "吕梁市：2022年实际值各文件说法不一（80、85）" in caption and "临汾市：2022年实际139" in caption


def test_the_indicator_page_lists_the_facts_and_marks_the_conflict(made):
    page = made.files["site_src"]["indicators/high_tech_enterprises.md"]
    facts = page[page.index("## 各地区的事实"):page.index("## 各文件的原文数值")]
    assert "1 个事实各文件说法不一" in facts
    rows = [r[:7] for r in table_rows(facts, plain=False)]
    assert ["临汾市", "2022", "实际", "139", "家", "2", "一致"] in rows
    assert ["吕梁市", "2022", "实际", "<strong>80；85</strong>", "家", "2", "<strong>说法不一</strong>"] in rows
    statements = page[page.index("## 各文件的原文数值"):]
    assert [r[:3] for r in table_rows(statements)].count(["临汾市", "2022", "139"]) == 2  # the statements stay below, one row each


def _doc(doc_id: str, region: str | None, *indicators: Indicator) -> Document:
    source = Source(doc_id, f"{doc_id}.txt", "x", "0" * 64, "utf-8")
    return Document(source, Metadata(region=region), [], [], indicators=list(indicators))


def _ind(value, normalized, year=2022, unit="家", value_max=None, unit_normalized="家", kind="actual",
         code="high_tech_enterprises") -> Indicator:
    return Indicator("x", "高新技术企业", code, value, unit, value_max, normalized, unit_normalized, year, kind,
                     "q", 0, 1)


def test_values_are_compared_normalised_a_range_and_a_text_are_values_of_their_own():
    assert value_of(_ind(1.39, 13900, unit="万家")) == value_of(_ind(13900, 13900))
    assert value_of(_ind(8, 8, value_max=10)) == Value(8.0, 10.0, "", "家")
    assert value_of(_ind(8, 8, value_max=10)) != value_of(_ind(8, 8))
    assert value_of(_ind(0.8, 8000, unit="万家", value_max=1)).high == 10000
    assert value_of(_ind("五", None)).label() == "五"


def test_figures_without_a_region_year_or_code_are_no_shared_fact():
    from generator.model import Corpus

    corpus = Corpus([_doc("a", "临汾市", _ind(139, 139), _ind(7, 7, year=None), _ind(3, 3, code="")),
                     _doc("b", None, _ind(139, 139)),
                     _doc("c", "临汾市", _ind(139, 139, unit="万家", unit_normalized="家"), _ind(144, 144, kind="target"))])
    obs = observations(corpus)
    assert [(o.region, o.year, o.kind, o.status, o.documents) for o in obs] == [
        ("临汾市", 2022, "actual", "agreed", 2), ("临汾市", 2022, "target", "single", 1)]
    assert [s.id for s in obs[0].sources] == ["a-q1", "c-q1"]


def test_one_document_stating_two_values_for_one_fact_is_a_conflict():
    from generator.model import Corpus

    [o] = observations(Corpus([_doc("a", "文水县", _ind(9, 9), _ind(13, 13))]))
    assert (o.status, o.documents, [v.label() for v in o.values], o.region_code) == ("conflict", 1, ["9", "13"],
                                                                                    "141121")


def test_the_seeds_state_linfen_2022_high_tech_count_once(generated):
    # 000 (2022年度我市高新技术企业数量达到139家) and 001 (全市共有高新技术企业139家) state one fact
    rows = [r for r in table(generated, "observations.csv")
            if (r["indicator"], r["region"], r["year"], r["kind"]) == ("high_tech_enterprises", "临汾市", "2022", "actual")]
    assert len(rows) == 1
    assert (rows[0]["status"], rows[0]["documents"], rows[0]["value"]) == ("agreed", "2", "139")
    assert [s[:3] for s in rows[0]["sources"].split(";")] == ["000", "001"]
    page = generated.files["site_src"]["indicators/high_tech_enterprises.md"]
    for layout in ("wide", "narrow"):
        svg = re.search(rf'<svg class="gk-chart gk-chart--{layout}".*?</svg>', page).group(0)
        titles = re.findall(r"<title>([^<]*\d{4}年(?:实际|目标)[^<]*)</title>", svg)
        keys = [re.match(r"(\S+) (\d{4})年(实际|目标)", t).groups() for t in titles]
        assert len(keys) == len(set(keys)), titles  # one point per region, year and kind
        assert ("临汾市", "2022", "实际") in keys

