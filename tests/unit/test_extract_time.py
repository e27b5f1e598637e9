"""Year and kind by scope: clause, sentence, list, paragraph, section heading, the
document's period, its issuing year. Invented sentences; expected values from reading them.
"""
from __future__ import annotations

import pytest

from generator.model import Source
from generator.stages.extract import DocContext, extract_indicators
from generator.stages.prepare import clean, extract

from .helpers import rows


def sources(text: str, **context):
    return [(r.value, r.year, r.year_source, r.kind) for r in extract_indicators("t", text, context=DocContext(**context))]


# --------------------------------------------------------------------------- the list head


def test_a_year_at_the_head_of_a_list_governs_every_item():
    text = "到2027年，全市高新技术企业达到2600家，科技型中小企业突破7000家，全社会研发投入强度提高到3.2%。"
    assert rows(text, issue_year=2024) == [(2600, "家", 2027, "target"), (7000, "家", 2027, "target"),
                                           (3.2, "%", 2027, "target")]


def test_a_lead_sentence_governs_the_list_it_announces():
    text = "到2026年，主要目标如下：\n（一）新型研发机构达到40家。\n（二）技术合同成交额突破300亿元。"
    assert [(v, y, src, k) for v, y, src, k in sources(text, issue_year=2024)] == [
        (40, 2026, "list", "target"), (300, 2026, "list", "target")]


def test_a_goal_period_holds_over_the_figure_sentences_after_it():
    text = ("力争到2025年，省级以上孵化器达到90家。众创空间达到260家，其中国家级备案60家。"
            "加强孵化载体的服务能力建设。新增发明专利9000件。")
    got = sources(text, issue_year=2023)
    assert got[:3] == [(90, 2025, "stated", "target"), (260, 2025, "list", "target"), (60, 2025, "list", "target")]
    assert got[3][:2] == (9000, None)  # after a sentence without figures the period no longer holds


def test_a_baseline_year_dates_only_the_figure_after_it():
    text = "到2026年，全省专利密集型企业由2022年底的1300家增加到2500家。"
    assert rows(text, issue_year=2023) == [(1300, "家", 2022, "actual"), (2500, "家", 2026, "target")]


# --------------------------------------------------------------------------- headings


def test_a_section_heading_with_a_year_dates_its_section():
    text = "（三）2024年工作目标\n全区新增国家高新技术企业120家，技术合同登记额达到85亿元。\n（四）保障措施\n设立专项资金2亿元。"
    got = sources(text, issue_year=2024)
    assert got[:2] == [(120, 2024, "heading", "target"), (85, 2024, "heading", "target")]
    assert got[2][1] is None


def test_a_goals_heading_takes_the_year_of_its_first_goal():
    text = "二、发展目标\n到2025年，创新生态持续优化。\n全市规上工业企业研发机构覆盖率达到60%。"
    assert rows(text, issue_year=2022) == [(60, "%", 2025, "target")]


def test_a_heading_of_results_makes_unmarked_figures_actual():
    text = "一、工作开展情况\n全县培育科技型中小企业320家，建成市级以上创新平台45个。"
    assert [k for *_, k in rows(text, issue_year=2023, doc_type="工作方案")] == ["actual", "actual"]


# --------------------------------------------------------------------------- the plan's period


def test_the_period_of_the_plan_title_dates_its_targets():
    title = "德阳市科技型企业培育三年行动计划（2023—2025年）"
    text = "培育壮大科技型中小企业到4500家，高新技术企业数量突破800家。"
    assert rows(text, issue_year=2023, doc_type="工作方案", titles=(title,)) == [
        (4500, "家", 2025, "target"), (800, "家", 2025, "target")]
    assert {r.year_source for r in extract_indicators("t", text, context=DocContext(
        issue_year=2023, doc_type="工作方案", titles=(title,)))} == {"period"}


def test_the_period_of_an_issued_plan_named_in_its_notice():
    text = ("关于印发《江北新区数字经济创新发展行动方案（2024-2026年）》的通知\n各有关单位：现印发给你们。\n"
            "全区数字经济核心产业增加值占比达到15%。")
    assert rows(text, issue_year=2024) == [(15, "%", 2026, "target")]


def test_recurring_and_process_targets_of_a_plan_keep_no_year():
    title = "科技金融深度融合行动方案（2022—2024年）"
    text = "每年举办路演活动30场。遴选200家企业纳入科创企业库。"
    assert [(v, y) for v, _, y, _ in rows(text, issue_year=2022, titles=(title,))] == [(30, None), (200, None)]


# --------------------------------------------------------------------------- the issuing year


def test_this_year_takes_the_year_of_the_document_number():
    text = "年内新增省级专精特新中小企业80家，全年技术合同成交额力争达到40亿元。"
    got = sources(text, issue_year=2022)  # the pipeline passes the year of 〔2022〕
    assert [(v, y, src) for v, y, src, _ in got] == [(80, 2022, "issue-year"), (40, 2022, "issue-year")]


def test_a_document_number_at_the_head_gives_the_year_when_none_is_known():
    text = "浙科发高〔2021〕58号\n关于下达科技项目的通知\n今年计划新建重点实验室12家。"
    assert rows(text) == [(12, "家", 2021, "target")]


def test_the_year_of_a_present_tense_sentence_when_nothing_else_gives_one():
    text = "2023年我们将继续实施科技特派员制度。目前全市共有科技特派员650名。"
    assert rows(text) == [(650, "名", 2023, "actual")]


def test_now_in_a_reply_is_the_reply_year():
    text = "经认真研究，现答复如下：目前，全市现有国家级科技企业孵化器9家，省级孵化器31家。"
    assert rows(text, issue_year=2024, doc_type="提案答复") == [(9, "家", 2024, "actual"), (31, "家", 2024, "actual")]


def test_now_without_a_known_year_has_no_year():
    assert rows("目前全县拥有省级工程研究中心4家。") == [(4, "家", None, "actual")]


# --------------------------------------------------------------------------- kind


def test_a_proposal_states_facts_although_it_argues_for_change():
    text = "全省现有国家级孵化器68家，数量不及邻省的一半，建议加大支持力度。"
    assert rows(text, issue_year=2023, doc_type="提案答复", region="安徽省") == [(68, "家", 2023, "actual")]


def test_a_reply_that_reaches_a_level_states_a_fact():
    text = "我市高新技术企业数量达到412家，同比增长18%。"
    assert [k for *_, k in rows(text, issue_year=2023, doc_type="建议答复")] == ["actual", "actual"]


def test_a_reply_that_sets_a_goal_states_a_target():
    text = "下一步，我们力争到2026年全市高新技术企业突破600家。"
    assert rows(text, issue_year=2024, doc_type="提案答复") == [(600, "家", 2026, "target")]


def test_built_up_to_a_past_year_is_actual_even_in_a_plan():
    text = "截至2021年末，全省已累计建成众创空间312家。到2025年，众创空间达到400家。"
    assert rows(text, issue_year=2022, doc_type="工作方案") == [(312, "家", 2021, "actual"),
                                                              (400, "家", 2025, "target")]


def test_a_past_year_in_a_plan_is_actual_and_a_future_one_a_target():
    text = "2021年，全市技术合同成交额为58亿元。2024年技术合同成交额达到90亿元。"
    assert rows(text, issue_year=2022, doc_type="工作方案") == [(58, "亿元", 2021, "actual"),
                                                              (90, "亿元", 2024, "target")]


def test_a_budget_announced_for_this_year_is_a_target():
    text = "记者从市科技局获悉，今年安排市级科技专项资金1.8亿元。"
    assert rows(text, issue_year=2023) == [(1.8, "亿元", 2023, "target")]


# ------------------------------------ years from the invented documents (tests/fixtures/invented)


def test_the_end_of_last_year_is_last_year():
    text = "截至去年底，全省有效发明专利达到5.6万件；截至上年末，省级工程研究中心共120家。"
    assert rows(text, issue_year=2024) == [(5.6, "万件", 2023, "actual"), (120, "家", 2023, "actual")]


def test_a_stated_state_at_a_year_dates_the_figure_sentences_after_it():
    text = "据统计，截至2022年底，全县有效发明专利412件。全县规上工业企业研发投入强度为1.4%。"
    assert rows(text, issue_year=2023, doc_type="提案答复") == [(412, "件", 2022, "actual"), (1.4, "%", 2022, "actual")]


def test_the_year_of_a_part_dates_only_its_clause():
    text = "目前，全区科技型中小企业达到530家，其中2023年新入库96家；省级众创空间12家。"
    assert rows(text, issue_year=2024, doc_type="提案答复") == [
        (530, "家", 2024, "actual"), (96, "家", 2023, "actual"), (12, "家", 2024, "actual")]


def test_a_report_on_one_year_dates_its_figures_with_that_year():
    title = "武威市2022年科学技术发展统计公报"
    text = "全年全市专利授权1240件。分行业看，工业企业研发经费支出5.1亿元。年末共有省级孵化器4家。"
    assert rows(text, issue_year=2023, titles=(title,)) == [
        (1240, "件", 2022, "actual"), (5.1, "亿元", 2022, "actual"), (4, "家", 2022, "actual")]


def test_a_work_plan_made_for_one_year_takes_the_issuing_year():
    title = "关于印发《漳州市科技工作要点》的通知"
    text = "全市技术合同成交额突破55亿元，省级新型研发机构达到22家。"
    assert rows(text, issue_year=2023, titles=(title,)) == [(55, "亿元", 2023, "target"), (22, "家", 2023, "target")]


def test_the_part_of_this_year_gone_by_states_what_was_done():
    text = "1—6月，全县新增科技型中小企业43家。上半年，技术合同成交额4.2亿元。"
    assert rows(text, issue_year=2023, doc_type="工作方案") == [(43, "家", 2023, "actual"), (4.2, "亿元", 2023, "actual")]
    lead = "今年以来，全市科技创新工作稳步推进。新增省级工程研究中心6家。"
    assert rows(lead, issue_year=2024, doc_type="工作方案") == [(6, "家", 2024, "actual")]


def test_a_reporters_text_states_facts():
    text = "记者在高新区采访时了解到，园区共有研发机构58家，目标是年内再建10家。"
    assert [k for *_, k in rows(text, issue_year=2023)] == ["actual", "target"]


def test_within_n_years_is_the_last_of_them():
    text = "力争三年内全县规上工业企业研发机构覆盖率达到50%。"
    assert rows(text, issue_year=2024) == [(50, "%", 2026, "target")]
    # a validity is no goal's period
    assert rows("离岗创业的科技人员3年内保留人事关系，目前全市已有120人。", issue_year=2024)[0][2] == 2024


def test_what_a_plan_creates_over_its_period_is_for_its_end_year():
    title = "平凉市科技企业孵化载体提升行动方案（2023—2025年）"
    text = "新建县级以上众创空间12家，建成科技企业孵化器6家。"
    assert rows(text, issue_year=2023, titles=(title,)) == [(12, "家", 2025, "target"), (6, "家", 2025, "target")]


def test_the_year_of_a_qualifier_dates_no_figure():
    text = "对上年度营业收入5000万元以上的企业开展帮扶，确保年内规上工业企业研发机构覆盖率达到45%。"
    assert rows(text, issue_year=2023, doc_type="工作方案") == [(45, "%", 2023, "target")]


def test_an_amount_over_the_next_n_years_is_for_the_last_of_them():
    assert rows("市财政五年累计投入科技资金不少于8亿元。", issue_year=2022) == [(8, "亿元", 2026, "target")]


@pytest.mark.parametrize("text, expected", [
    ("黔东南：科技特派员扎根乡村\n2022-07-05　来源：黔东南日报\n目前，全州共有科技特派员1360名。",
     [(1360, "名", 2022, "actual")]),
    ("关于加快培育瞪羚企业的提案\n提案人：张明（市政协委员，九三学社）\n提交日期：2024年1月8日\n目前全市瞪羚企业仅有14家。",
     [(14, "家", 2024, "actual")]),
    ("本报讯近日，记者获悉，截至目前，全市共建成院士工作站14家。\n（2023年9月2日 钦州日报）",  # at the end
     [(14, "家", 2023, "actual")]),
    ("六盘水：科技成果转化跑出加速度\n2022-08-15 来源：六盘水日报客户端新闻中心\n记者获悉，截至目前，全市共建成院士工作站9家。",
     [(9, "家", 2022, "actual")]),
])
def test_a_dateline_gives_the_year_when_nothing_else_dates_the_text(text, expected):
    """The dateline is the document's date (read with its metadata), so its year is the issuing year."""
    doc = extract(clean(Source(id="t", name="t.txt", text=text, sha256="0" * 64, encoding="utf-8")))
    assert [(i.value, i.unit, i.year, i.kind) for i in doc.indicators] == expected


@pytest.mark.parametrize("text, expected", [
    # a stock already reached, with no year anywhere near it: the issuing year's
    ("全州已建成国家级农业科技园区3个，省级星创天地27家。", [(3, "个", 2024, "actual"), (27, "家", 2024, "actual")]),
    ("园区已集聚新材料企业160余家。", [(160, "家", 2024, "actual")]),
    # … but a year stated before it still dates it
    ("2022年底，全州已建成国家级农业科技园区3个。", [(3, "个", 2022, "actual")]),
])
def test_a_stock_already_reached_is_the_issuing_years(text, expected):
    assert rows(text, issue_year=2024, doc_type="提案答复") == expected


def test_what_is_planned_this_year_is_a_target():
    assert rows("今年，三亚计划新建科技企业孵化器4家。", issue_year=2024) == [(4, "家", 2024, "target")]


@pytest.mark.parametrize("cue", ["截至10月末", "截止9月底", "截至今年6月"])
def test_the_state_at_a_month_of_the_year_is_the_issuing_years(cue):
    assert rows(cue + "，全市科技贷款余额达到1086亿元。", issue_year=2024) == [(1086, "亿元", 2024, "actual")]


def test_a_month_with_its_own_year_keeps_that_year():
    assert rows("截至2023年10月末，全市科技贷款余额达到980亿元。", issue_year=2024) == [(980, "亿元", 2023, "actual")]
