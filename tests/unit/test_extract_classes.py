"""Every number mention gets a class: invented sentences for each class of phrasing that is
reported but is not an indicator (standards, caps, thresholds, other places, sessions,
per-unit amounts) and for the indicators next to them.

The sentences are written for these tests (not taken from any corpus text); the
expected values come from reading them.
"""
from __future__ import annotations

import pytest

from generator.stages.extract import explain

from .helpers import class_of, values

# --------------------------------------------------------------------------- standards


@pytest.mark.parametrize("text,amounts", [
    ("对新获批的国家级、省级企业技术中心，分别给予一次性奖励80万元、40万元。", ["80万元", "40万元"]),
    ("获得国家科学技术奖一等奖、二等奖、三等奖的，分别奖励300万元、150万元和60万元。",
     ["300万元", "150万元", "60万元"]),
    ("首次升规的工业企业，区财政分档给予6万元、12万元、25万元补贴。", ["6万元", "12万元", "25万元"]),
    ("入选省级、市级创新联合体的，按照20万元、8万元的标准予以支持。", ["20万元", "8万元"]),
])
def test_an_enumerated_standard_is_one_standard(text, amounts):
    assert values(text) == []
    assert {class_of(text, a) for a in amounts} == {"standard"}


@pytest.mark.parametrize("text,figure,cls", [
    ("对通过复审的企业给予5万元奖励。", "5万元", "standard"),
    ("新认定的孵化器，每家补助30万元运营经费。", "30万元", "per_unit"),
    ("单个项目支持金额最高不超过200万元。", "200万元", "cap"),
    ("按研发投入增量的15%给予后补助，年度补助总额不超过80万元。", "15%", "rate"),
    ("按研发投入增量的15%给予后补助，年度补助总额不超过80万元。", "80万元", "cap"),
    ("高新技术企业减按15%的税率征收企业所得税。", "15%", "rate"),
])
def test_awards_caps_and_rates(text, figure, cls):
    assert class_of(text, figure) == cls


# --------------------------------------------------------------------------- thresholds


@pytest.mark.parametrize("text,figure", [
    ("对固定资产投资3000万元以上的智能化改造项目予以贴息。", "3000万元"),
    ("年营业收入4亿元以下的制造业企业可申请。", "4亿元"),
    ("研发费用占比6%以上的，优先推荐。", "6%"),
    ("注册资本在800万元以上的科技服务机构可以申报。", "800万元"),
    ("职工人数不超过300人的企业", "300人"),
    ("建筑面积不少于2000平方米的孵化载体", "2000平方米"),
    ("对年主营业务收入首次突破20亿元的企业给予奖励。", "20亿元"),
    ("外籍员工比例达40%以上或外资持股比例达30%以上的企业", "40%"),
    ("外籍员工比例达40%以上或外资持股比例达30%以上的企业", "30%"),
])
def test_thresholds_inside_a_noun_phrase(text, figure):
    assert class_of(text, figure) == "threshold"
    assert figure not in [f"{v}{u}" for v, u in values(text)]


@pytest.mark.parametrize("text,kept", [
    ("全区年产值8000万元以上的规上工业企业共有215家。", [(215, "家")]),
    ("到2026年，年营收超10亿元的科技企业达到45家。", [(45, "家")]),
    ("新增年销售收入超2000万元企业600家以上。", [(600, "家")]),
    ("营业收入5亿元以上的达到120家。", [(120, "家")]),
])
def test_a_qualifier_in_the_subject_leaves_the_count(text, kept):
    assert values(text) == kept


def test_conditions_of_a_measure_are_thresholds():
    text = ("对上年度研发投入强度5%以上、研发投入总额超过600万元的企业，按新增研发投入的10%给予补助。")
    assert values(text) == []
    assert {class_of(text, f) for f in ("5%", "600万元")} == {"threshold"}


def test_criteria_under_a_heading_are_thresholds():
    text = ("（二）申报条件\n申报企业年销售收入3000万元以上，研发投入占销售收入比例不低于4%。\n"
            "（三）工作目标\n全市培育创新型企业200家。")
    assert values(text) == [(200, "家")]
    assert class_of(text, "3000万元") == "threshold"


def test_a_figure_that_describes_one_thing_is_not_a_threshold():
    assert values("推动总规模20亿元的省科技成果转化基金落地运营。") == [(20, "亿元")]


# --------------------------------------------------------------------------- other places


@pytest.mark.parametrize("text,figure", [
    ("我省研发投入强度为2.2%，较浙江的3.1%、江苏的3.0%仍有差距。", "3.1%"),
    ("我省研发投入强度为2.2%，较浙江的3.1%、江苏的3.0%仍有差距。", "3.0%"),
    ("我市规上工业企业研发机构覆盖率为38%，比全国平均水平低4.5个百分点。", "4.5个百分点"),
    ("全市高新技术企业占比达26%，高出全省平均水平5个百分点。", "5个百分点"),
    ("与广东（4.1%）、北京（6.8%）相比，我省差距明显。", "4.1%"),
    ("而上海、深圳的这一比例分别达到4.4%和5.5%。", "4.4%"),
    ("全国高新技术企业已超过40万家，我省仅占2%左右。", "40万家"),
])
def test_figures_of_other_places(text, figure):
    assert class_of(text, figure, region="四川省" if "我省" in text else "德阳市") == "comparison"


@pytest.mark.parametrize("text,figure,own", [
    ("我市科技型中小企业数量为860家，较赣州市的1200家仍有差距。", "1200家", "860家"),
    ("与绵阳市（7.1%）相比，我市研发投入强度仍需提高。", "7.1%", None),
    ("全市专利授权量3500件，低于九江市的4100件。", "4100件", "3500件"),
])
def test_figures_of_any_prefecture_of_the_country_are_other_places(text, figure, own):
    """Not only the large cities places.yml lists: every province and prefecture of the gazetteer."""
    assert class_of(text, figure, region="吉安市") == "comparison"
    if own:
        assert class_of(text, own, region="吉安市") == "indicator"


@pytest.mark.parametrize("text,kept", [
    ("我省研发投入强度为2.2%，较浙江的3.1%、江苏的3.0%仍有差距。", [(2.2, "%")]),
    ("我市规上工业企业研发机构覆盖率为38%，比全国平均水平低4.5个百分点。", [(38, "%")]),
    ("高新区研发投入强度达到全省平均水平的2.5倍。", [(2.5, "倍")]),
    ("全省技术合同成交额占全国的3%。", [(3, "%")]),
    ("我省高新技术企业数量居全国第8位，总数达到1.6万家。", [(1.6, "万家")]),
])
def test_own_figures_beside_comparisons_are_kept(text, kept):
    assert values(text, region="四川省") == kept


# --------------------------------------------------------------------------- ordinals and sessions


@pytest.mark.parametrize("text,figure", [
    ("经市政府第15次常务会议研究同意，现印发给你们。", "第15次"),
    ("省十四届人大二次会议第0876号建议收悉。", "第0876号"),
    ("在区政协第七届第三次会议上提出", "第三次"),
    ("全面贯彻市委九届4次全会精神", "4次"),
    ("在第3届科技创新创业大赛中", "第3届"),
])
def test_meeting_and_session_numbers(text, figure):
    assert class_of(text, figure) in ("ordinal", "list_number")
    assert values(text) == []


def test_session_numbers_in_chinese():
    text = "按照十四届人大三次会议部署"
    assert class_of(text, "十四届") == "ordinal"
    assert class_of(text, "三次") == "ordinal"


# --------------------------------------------------------------------------- per-unit amounts


@pytest.mark.parametrize("text,figure", [
    ("研发投入强度每提高1个百分点，奖励县区50万元。", "1个百分点"),
    ("企业研发费用每增加100万元，补助4万元。", "100万元"),
    ("每新增1家规上企业奖励所在园区3万元。", "1家"),
    ("服务机构每成功引进1个团队给予奖励。", "1个"),
    ("每个街道至少建成1个科创空间。", "1个"),
])
def test_marginal_and_per_unit_amounts(text, figure):
    assert class_of(text, figure) == "per_unit"


def test_a_per_capita_indicator_is_kept():
    assert values("到2025年，每万人口高价值发明专利拥有量达到12件。") == [(12, "件")]


# --------------------------------------------------------------------------- shapes


@pytest.mark.parametrize("text,figure,cls", [
    ("联系电话：028-86123456", "028-86123456", "phone"),
    ("川科发〔2022〕17号", "〔2022〕17号", "doc_number"),
    ("2023年9月18日印发", "2023年9月18日", "date"),
    ("（三）2024年工作目标", "2024年", "date"),
    ("第十二条 本办法自发布之日起施行。", "第十二条", "list_number"),
    ("3.强化金融支撑。", "3.", "list_number"),
    ("用3年时间", "3年", "period"),
    ("年龄在40周岁以下", "40周岁", "threshold"),
])
def test_numbers_known_by_their_shape(text, figure, cls):
    assert class_of(text, figure) == cls


def test_every_number_is_a_mention():
    from generator.stages.extract import explain

    text = "经区政府第6次常务会议通过，2023年新增高新技术企业58家，联系电话：0571-87654321。"
    mentions = explain("t", text)
    assert [m.text for m in mentions] == ["第6次", "2023年", "58家", "0571-87654321"]
    assert [m.cls for m in mentions] == ["ordinal", "date", "indicator", "phone"]
    assert all(text[m.start:m.end] == m.text for m in mentions)


# --------------------------------------------------------------------------- totals next to standards


@pytest.mark.parametrize("text,kept", [
    ("去年共为512家企业兑现研发补助1.3亿元。", [(512, "家"), (1.3, "亿元")]),
    ("全市累计获得国家资金支持3.2亿元。", [(3.2, "亿元")]),
    ("市财政下达科技创新券补助资金860万元。", [(860, "万元")]),
])
def test_money_paid_out_in_total_is_an_indicator(text, kept):
    assert values(text) == kept


@pytest.mark.parametrize("text,figure,cls", [
    ("年度奖补资金总额控制在1亿元以内。", "1亿元", "cap"),
    ("对首次获得国家技术发明奖的团队分别奖励200万元、80万元。", "200万元", "standard"),
    ("规上工业企业研发机构覆盖率达到50%以上的县（市、区）有12个。", "50%", "threshold"),
])
def test_caps_standards_and_thresholds_beside_totals(text, figure, cls):
    assert class_of(text, figure) == cls


def test_institutions_of_other_places_set_up_here_count_here():
    assert values("北京、上海等地高校在我省设立研发机构20家。", region="四川省") == [(20, "家")]


def test_a_provinces_own_areas_are_not_other_places():
    assert values("珠三角地区高新技术企业数量达到6.2万家。", region="广东省") == [(6.2, "万家")]
    assert values("较珠三角的4.1%仍有差距。", region="湖南省") == []


# ----------------------------------------------- classes added after the held-out check


@pytest.mark.parametrize("text,figure,region", [
    ("与山东省（省级孵化器210家）相比，我省孵化器数量偏少。", "210家", "河南省"),
    ("同湖北省（高企数量2.5万家）、安徽省（1.9万家）比较，我省仍有差距。", "1.9万家", "河南省"),
    ("学习外省经验：合肥市设立了总规模100亿元的天使投资基金。", "100亿元", "南昌市"),
    ("可借鉴先进地区做法，如东莞市2023年新增国家高新技术企业900家。", "900家", "惠州市"),
    ("长沙市同期研发投入强度达到3.4%。", "3.4%", "株洲市"),
])
def test_figures_of_other_places_compared_or_cited_as_examples(text, figure, region):
    assert class_of(text, figure, region=region) == "comparison"


def test_a_place_compared_with_is_only_another_when_it_is_not_the_documents_own():
    text = "与山东省（省级孵化器210家）相比，河南省孵化器数量偏少。"
    assert class_of(text, "210家", region="山东省") == "indicator"


@pytest.mark.parametrize("text,figure,cls", [
    ("申请入库的企业须满足：研发人员占职工总数比例达到10%以上，近三年研发投入年均增长8%以上。", "10%", "threshold"),
    ("申请入库的企业须满足：研发人员占职工总数比例达到10%以上，近三年研发投入年均增长8%以上。", "8%", "threshold"),
    ("参评的项目应当满足总投资5000万元以上。", "5000万元", "threshold"),  # what an applicant must meet
    ("力争全年申报高新技术企业300家以上。", "300家", "indicator"),  # a target about applicants
    ("座谈会上，约60名企业家代表参加。", "60名", "process"),  # who attended a meeting
    ("与会企业负责人40余人。", "40余人", "process"),
])
def test_applicants_conditions_and_meeting_attendance(text, figure, cls):
    assert class_of(text, figure) == cls


# ------------------------------------ classes from the invented documents (tests/fixtures/invented)


@pytest.mark.parametrize("text,figure,own", [
    ("全市研发投入强度为1.7%，比全省平均水平2.1%低0.4个百分点。", "0.4个百分点", (1.7, "%")),
    ("我县规上企业研发机构覆盖率32%，较全国平均水平45%低了13个百分点。", "13个百分点", (32, "%")),
])
def test_a_gap_written_after_the_other_places_figure_is_a_comparison(text, figure, own):
    assert class_of(text, figure, region="岳阳市" if "全市" in text else "平江县") == "comparison"
    assert own in values(text, region="岳阳市" if "全市" in text else "平江县")


@pytest.mark.parametrize("text,figure", [
    ("全市研发投入强度在全省16个地市中排第9位。", "16个"),
    ("高新技术企业数量在全区11个设区市中位列第3。", "11个"),
])
def test_the_number_of_peers_a_rank_is_among_is_no_figure(text, figure):
    assert class_of(text, figure) == "ordinal"
    assert values(text) == []


def test_contracts_counted_in_copies_are_figures():
    assert values("全年签订技术开发合同75份，合同金额1.2亿元。") == [(75, "份"), (1.2, "亿元")]


@pytest.mark.parametrize("text,figure,region", [
    ("合肥市已有国家高新技术企业6500家，值得我市学习。", "6500家", "芜湖市"),
    ("从全省看，全省科技型中小企业总数已达2.4万家，我县占比不高。", "2.4万家", "通渭县"),
    ("全市高新技术企业达到870家，我区仅有31家。", "870家", "城关区"),
])
def test_a_clause_about_another_place_or_a_level_above_is_a_comparison(text, figure, region):
    assert class_of(text, figure, region=region) == "comparison"


def test_the_regions_own_cities_are_not_other_places():
    text = "南宁市、柳州市分别新增高新技术企业210家、96家。"
    assert values(text, region="广西壮族自治区") == [(210, "家"), (96, "家")]
    assert values(text, region="桂林市") == []


@pytest.mark.parametrize("text,figure", [
    ("申报单位原则上近三年研发投入累计不低于800万元，并拥有有效发明专利3件以上。", "800万元"),
    ("申报单位原则上近三年研发投入累计不低于800万元，并拥有有效发明专利3件以上。", "3件"),
    ("认定的企业应当拥有专职研发人员不少于15人。", "15人"),
    ("对营业收入增速超过20%、获得省级以上科技奖励的企业优先推荐。", "20%"),
])
def test_what_an_applicant_must_meet_is_a_threshold(text, figure):
    assert class_of(text, figure) == "threshold"
    assert values(text) == []


def test_figures_in_quoted_speech_are_kept_and_names_in_quotes_are_not():
    speech = "“今年我们要新增科技型中小企业300家，”局长说。"
    assert values(speech, issue_year=2024) == [(300, "家")]
    assert values("深入实施“3个1000”工程，加快创新发展。") == []


def test_a_neighbouring_place_leading_its_clause_is_a_comparison():
    text = "周边的赣州市去年新增专精特新中小企业150家，我市仅新增37家。"
    assert class_of(text, "150家", region="吉安市") == "comparison"
    assert values(text, region="吉安市") == [(37, "家")]


def test_criteria_listed_before_a_qualified_noun_are_thresholds():
    text = "对上年度销售收入3000万元以上、研发费用占比低于2%的规上工业企业开展结对帮扶。"
    assert values(text) == []
    assert {class_of(text, f) for f in ("3000万元", "2%")} == {"threshold"}


def test_a_countys_peers_in_its_province_are_other_places_but_a_citys_own_counties_are_not():
    text = "与仁寿县相比差距明显，仁寿县高新技术企业已达95家。"
    assert values(text, region="洪雅县") == []
    own = "仁寿县高新技术企业达到95家，同比增长20%。"
    assert values(own, region="眉山市") == [(95, "家"), (20, "%")]


def test_the_size_of_the_fund_being_set_up_is_a_figure_not_a_threshold():
    assert values("设立规模不低于10亿元的天使投资引导基金。") == [(10, "亿元")]
    assert values("对总投资不低于5000万元的项目给予贴息。") == []


@pytest.mark.parametrize("text, figure, continued, own", [
    ("全省新增高新技术企业2870家，总数突破2.1万家；我市新增高新技术企业286家。", "2870家", "2.1万家", (286, "家")),
    ("全省技术合同成交额达到3650亿元，同比增长22.2%。我市技术合同成交额达到312亿元。", "3650亿元", "22.2%", (312, "亿元")),
])
def test_a_clause_going_on_about_another_places_figure_is_that_places(text, figure, continued, own):
    assert class_of(text, figure, region="芜湖市") == "comparison"
    assert class_of(text, continued, region="芜湖市") == "comparison"
    assert values(text, region="芜湖市") == [own]


def test_a_clause_with_a_subject_of_its_own_after_another_places_figure_is_kept():
    text = "全省新增高新技术企业2870家，我市新增高新技术企业286家，同比增长12%。"
    assert values(text, region="芜湖市") == [(286, "家"), (12, "%")]


@pytest.mark.parametrize("code, after", [("002586713/2025-00047", "\n"), ("002586713/2025-00047", "　　公开方式：主动公开\n"),
                                         ("11510700008640528K/2024-00213", "\n")])
def test_a_portal_index_number_is_one_mention_and_no_figure(code, after):
    text = "索引号：" + code + after + "全县新增高新技术企业35家。"
    assert [m.text for m in explain("t", text) if m.start == text.index(code)] == [code]
    assert values(text, region="长兴县") == [(35, "家")]


@pytest.mark.parametrize("text, other, own", [
    ("西安市技术合同成交额达到4123亿元，全区技术合同成交额达到612亿元。", "4123亿元", "612亿元"),
    ("广州市新增科技型中小企业2100家；广州市天河区新增科技型中小企业560家。", "2100家", "560家"),
])
def test_a_districts_city_is_another_place_but_not_before_the_districts_name(text, other, own):
    region = "广州市天河区" if "广州" in text else "西安市雁塔区"
    assert class_of(text, other, region=region) == "comparison"
    assert class_of(text, own, region=region) == "indicator"


def test_a_place_of_the_district_named_like_its_city_is_the_districts():
    text = "大连湾街道依托临港产业园集聚科技型企业超过300家。"
    assert values(text, region="大连市甘井子区") == [(300, "家")]


@pytest.mark.parametrize("text, quota", [
    ("全区年内新增科技型中小企业300家，各街道年内至少新增科技型中小企业30家。", "30家"),
    ("全县新建研发机构20家，各乡镇（开发区）至少建成2家。", "2家"),
])
def test_a_quota_for_each_subdivision_is_no_total(text, quota):
    assert class_of(text, quota, region="西安市雁塔区") == "per_unit"
    assert len(values(text, region="西安市雁塔区")) == 1


@pytest.mark.parametrize("text, figure", [
    ("2023年全省高新技术企业3700余家，研发投入强度1.42%。", "3700余家"),
    ("截至2023年底，全国高新技术企业数量达到46.5万家。", "46.5万家"),
    ("上半年大连市新增入库科技型中小企业5380家。", "5380家"),
])
def test_another_places_figure_after_the_time_it_is_stated_for(text, figure):
    region = "大连市甘井子区" if "大连" in text else "四平市"
    assert class_of(text, figure, region=region) == "comparison"


@pytest.mark.parametrize("text, region, other", [
    ("全区高新技术企业超过5300家，全市高新技术企业达到412家。", "玉林市", True),   # 广西: 全区 is the region above
    ("全区高新技术企业超过5300家，全市高新技术企业达到412家。", "赤峰市", True),   # 内蒙古
    ("全区高新技术企业达到530家。", "西安市雁塔区", False),                       # a district's own 全区
    ("全区高新技术企业达到530家。", "南宁市青秀区", False),
])
def test_in_an_autonomous_region_its_whole_is_the_level_above(text, region, other):
    assert (class_of(text, "5300家" if "5300家" in text else "530家", region=region) == "comparison") is other


@pytest.mark.parametrize("text, figure, cls", [
    ("申报单位须提交汇总表和纸质申报材料一式3份。", "3份", "other"),
    ("综合科技创新水平指数居全省第5位，较上年提升4位。", "4位", "ordinal"),
])
def test_copies_of_a_form_and_a_rank_moved_are_no_figures(text, figure, cls):
    assert class_of(text, figure) == cls and values(text) == []


def test_a_threshold_on_enterprises_above_designated_size_is_a_threshold():
    text = "对上年度研发费用超过200万元的规模以上工业企业，按研发费用增量部分的10%给予补助。"
    assert class_of(text, "200万元") == "threshold"


@pytest.mark.parametrize("text, region", [("目前我市科技型中小企业入库数仅为1032家，不到全区的15%。", "柳州市"),
                                          ("目前我市科技型中小企业入库数仅为1032家，不到全省的15%。", "德阳市")])
def test_a_share_of_the_level_above_is_the_regions_own(text, region):
    assert values(text, region=region) == [(1032, "家"), (15, "%")]


def test_rd_personnel_in_full_time_equivalent_are_counted():
    assert values("全市研发人员折合全时当量0.68万人年，每万名就业人员中研发人员数为56人年。", region="西宁市") == [
        (0.68, "万人年"), (56, "人年")]


def test_national_key_laboratories_are_a_kind_of_laboratory_not_the_nation():
    assert values("全国重点实验室达到15个。", region="吉林省") == [(15, "个")]
    assert class_of("全国高新技术企业超过46万家。", "46万家", region="吉林省") == "comparison"


@pytest.mark.parametrize("text, region, figure, cls, kept", [
    ("其中最近一年销售收入小于5000万元的企业120家。", "西宁市", "5000万元", "threshold", [(120, "家")]),
    ("设立科技进步奖，一等奖奖金20万元。", "西宁市", "20万元", "standard", []),
    ("每万人口发明专利拥有量16.7件（全省为7.9件）。", "西宁市", "7.9件", "comparison", [(16.7, "件")]),
    ("每万人口高价值发明专利拥有量达到2.7件(全市为5.1件)。", "谷城县", "5.1件", "comparison", [(2.7, "件")]),
])
def test_thresholds_prize_money_and_a_level_above_in_brackets(text, region, figure, cls, kept):
    assert class_of(text, figure, region=region) == cls
    assert values(text, region=region) == kept
