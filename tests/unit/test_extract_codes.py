"""Units as written and normalised, and the vocabulary code of what a figure counts: the
高新技术企业数量 entry only receives counts of high-tech enterprises."""
from __future__ import annotations

import pytest

from generator.stages.extract import DocContext, extract_indicators


def codes(text: str, **context):
    return [(r.value, r.unit, r.unit_normalized, r.indicator)
            for r in extract_indicators("t", text, context=DocContext(**context))]


def test_hu_and_jia_both_count_enterprises():
    assert codes("截至2022年底，全区有效高新技术企业47户。", issue_year=2023) == [(47, "户", "家", "high_tech_enterprises")]
    assert codes("截至2022年底，全区有效高新技术企业47家。", issue_year=2023) == [(47, "家", "家", "high_tech_enterprises")]


def test_multipliers_are_kept_in_the_written_unit():
    [r] = extract_indicators("t", "全省高新技术企业总数达到2.3万家。", context=DocContext(issue_year=2023))
    assert (r.value, r.unit, r.value_normalized, r.unit_normalized) == (2.3, "万家", 23000, "家")


@pytest.mark.parametrize("text", [
    "全市高新技术企业总数达到612家，其中，有效期届满需重新认定的88家。",
    "今年全市新认定高新技术企业135家。",
    "组织57家企业申报高新技术企业。",
    "每年推荐科技型中小企业、高新技术企业分别不低于80家、30家。",
    "其中，通过复审的高新技术企业29家。",
])
def test_subsets_statuses_and_flows_are_not_the_count_of_high_tech_enterprises(text):
    rows = codes(text, issue_year=2023)
    counted = [(v, code) for v, _, _, code in rows if code == "high_tech_enterprises"]
    assert counted == ([(612, "high_tech_enterprises")] if "总数" in text else [])


def test_the_count_of_high_tech_enterprises():
    assert [c for *_, c in codes("目前全市共有国家高新技术企业1034家。", issue_year=2023)] == ["high_tech_enterprises"]
