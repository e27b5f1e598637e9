"""Whole invented documents of the genres the extractor meets: a provincial plan wrapped in
its notice, a reply to a 政协 proposal, a press text, measures with criteria, a
proposal, a yearly work plan. Expected rows come from reading the texts.
"""
from __future__ import annotations

from generator.stages.extract import DocContext, extract_indicators

PLAN = """四川省人民政府办公厅关于印发《四川省科技型企业梯度培育三年行动方案（2023—2025年）》的通知
川办发〔2023〕21号
各市（州）人民政府：现将《四川省科技型企业梯度培育三年行动方案（2023—2025年）》印发给你们，请认真贯彻执行。
一、总体目标
到2025年，全省科技型中小企业评价入库数量突破2.5万家，高新技术企业总数达到1.8万家。全省高新技术企业营业收入突破3万亿元。
二、重点任务
（一）壮大科技型中小企业群体。每年新增入库科技型中小企业3000家以上。对首次入库的企业，由所在市（州）给予不低于5万元的一次性奖励。
（二）支持企业加大研发投入。对上年度研发投入超过500万元且研发投入强度达到3%以上的企业，按研发投入增量的10%给予补助，单个企业最高不超过300万元。
三、发展基础
2022年，全省高新技术企业达到14500家，较上年增长21.3%，但与广东（6.9万家）、江苏（4.4万家）相比仍有较大差距；全省研发投入强度为2.14%，比全国平均水平低0.42个百分点。
经省政府第28次常务会议审议通过。联系电话：028-86712345。
"""


def table(text: str, **context):
    return [(r.value, r.unit, r.year, r.kind) for r in extract_indicators("t", text, context=DocContext(**context))]


def test_a_plan_in_its_notice():
    assert table(PLAN, issue_year=2023, doc_type="工作方案", region="四川省") == [
        (2.5, "万家", 2025, "target"), (1.8, "万家", 2025, "target"), (3, "万亿元", 2025, "target"),
        (3000, "家", None, "target"),
        (14500, "家", 2022, "actual"), (21.3, "%", 2022, "actual"), (2.14, "%", 2022, "actual")]


REPLY = """关于市政协十四届二次会议第0215号提案的答复
王委员：
您提出的《关于加快培育专精特新企业的建议》收悉，现答复如下：
一、工作开展情况
截至2023年底，全市累计培育国家级专精特新“小巨人”企业37家、省级专精特新中小企业412家。目前，全市共有高新技术企业2134户，其中，有效期届满需重新认定的企业318户。2023年，市财政安排专项资金1.2亿元支持企业技术改造，对年营业收入2亿元以下的专精特新中小企业给予贷款贴息，贴息比例为50%。
二、下一步工作
一是强化梯度培育。力争到2025年，全市国家级专精特新“小巨人”企业达到50家。二是加强金融支持。每年组织融资对接活动20场以上。
"""


def test_a_reply_to_a_proposal():
    rows = extract_indicators("t", REPLY, context=DocContext(issue_year=2024, doc_type="提案答复", region="南京市"))
    assert [(r.value, r.unit, r.year, r.kind) for r in rows] == [
        (37, "家", 2023, "actual"), (412, "家", 2023, "actual"), (2134, "户", 2024, "actual"),
        (318, "户", 2024, "actual"), (1.2, "亿元", 2023, "actual"), (50, "家", 2025, "target"),
        (20, "场", None, "target")]
    total, expiring = rows[2], rows[3]
    assert (total.indicator, total.unit_normalized, total.value_normalized) == ("high_tech_enterprises", "家", 2134)
    assert expiring.indicator != "high_tech_enterprises"  # a status inside the total, not the total


PRESS = """新华社上海1月8日电 记者从上海市科委获悉，2023年上海全社会研发经费支出相当于全市生产总值的比例达到4.4%左右，技术合同成交额突破4850亿元。
与纽约、伦敦等城市相比，本市基础研究经费占比仍然偏低，仅为10%左右，而美国的这一比例约为15%。
今年，本市将投入财政科技资金超过500亿元，力争新增高新技术企业5000家。
"""


def test_a_press_text_states_facts_and_announces_targets():
    assert table(PRESS, issue_year=2024, region="上海市") == [
        (4.4, "%", 2023, "actual"), (4850, "亿元", 2023, "actual"), (10, "%", None, "actual"),
        (500, "亿元", 2024, "target"), (5000, "家", 2024, "target")]


MEASURES = """广州市黄埔区促进科技创新若干措施
第二条 支持企业研发。对上一年度研发费用在1000万元以上的规模以上工业企业，按其研发费用增量部分的20%给予补助，最高补助500万元。
第三条 支持平台建设。新获批国家重点实验室、国家技术创新中心的，分别给予1000万元、800万元、500万元资助。
第四条 支持人才引进。对年龄在45周岁以下、全职引进的博士，每人给予30万元安家补贴。
第五条 申请本措施的企业应当符合以下条件：
（一）在本区注册满1年；
（二）上年度营业收入不低于2000万元；
（三）研发人员占职工总数的比例不低于10%。
第六条 本措施自2024年1月1日起施行，有效期3年。
"""


def test_measures_full_of_amounts_have_no_indicator():
    assert table(MEASURES, issue_year=2024, region="黄埔区") == []


PROPOSAL = """关于加快提升我市企业自主创新能力的提案
2022年全市研发经费投入强度仅为1.6%，远低于全省2.3%的平均水平；全市高新技术企业仅有286家，与嘉兴（1400余家）相比差距更大。
建议：一、设立市级科技创新专项资金，每年不少于3亿元。二、力争到2025年，全市高新技术企业数量达到600家以上。三、对当年新认定的高新技术企业给予20万元奖励。
"""


def test_a_proposal_compares_and_proposes():
    assert table(PROPOSAL, issue_year=2023, region="湖州市") == [
        (1.6, "%", 2022, "actual"), (286, "家", 2022, "actual"), (3, "亿元", None, "target"),
        (600, "家", 2025, "target")]


WORK_POINTS = """一、2023年工作回顾
2023年，园区新增国家高新技术企业680家，累计达2720家。
二、2024年主要目标
全年新增国家高新技术企业500家以上，R&D投入占GDP比重达到4.2%。
三、重点任务
推动建设省级新型研发机构5家。对营收增速连续两年超过30%的企业，奖励50万元。
"""


def test_a_yearly_work_plan_dates_its_targets_by_its_title():
    rows = extract_indicators("t", WORK_POINTS, context=DocContext(titles=("苏州工业园区2024年科技创新工作要点",)))
    assert [(r.value, r.year, r.year_source, r.kind) for r in rows] == [
        (680, 2023, "stated", "actual"), (2720, 2023, "stated", "actual"), (500, 2024, "heading", "target"),
        (4.2, 2024, "heading", "target"), (5, 2024, "period", "target")]
