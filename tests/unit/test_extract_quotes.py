"""Quotes are verbatim, end at clause punctuation and never cut a word or a number."""
from __future__ import annotations

from generator.stages.extract import DocContext, extract_indicators


def quotes(text: str):
    rows = extract_indicators("t", text, context=DocContext(issue_year=2023))
    assert all(text[r.start:r.end] == r.quote for r in rows)
    return [r.quote for r in rows]


def test_a_quote_runs_to_the_end_of_its_clause():
    text = "截至目前，共有17家科技型中小企业及专精特新企业使用了创新服务券，服务内容以检测为主。"
    assert quotes(text) == ["共有17家科技型中小企业及专精特新企业使用了创新服务券"]


def test_a_long_clause_is_cut_at_a_soft_break():
    text = ("全市培育了56家在新材料、高端装备、生物医药、新一代信息技术、节能环保和现代农业等领域具有较强竞争力的"
            "创新型领军企业。")
    [q] = quotes(text)
    assert q.startswith("全市培育了56家") and len(q) < len(text) - 1
    assert text[text.index(q) + len(q)] in "、的和与及等"


def test_a_quote_keeps_the_spaces_and_line_breaks_of_the_source():
    text = "年内力争新增研发机构 4 家以上，推动规上企业加快转型，全县科技型中小\n\n企业达到 36 户。"
    assert quotes(text)[1] == "全县科技型中小\n\n企业达到 36 户"


def test_a_list_of_values_shares_one_quote():
    text = "到2025年，高新技术企业、科技型中小企业分别达到900家、2600家。"
    assert quotes(text) == ["高新技术企业、科技型中小企业分别达到900家、2600家"] * 2
