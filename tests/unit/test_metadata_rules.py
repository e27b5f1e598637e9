"""The metadata of official documents, on invented texts of several provinces: each case
is one class of header or body the reader must handle (issue 12), written for this test,
with the fields a reader of the text would give."""
from __future__ import annotations

import pytest

from generator.model import Source
from generator.stages.prepare import clean, extract


def meta(text: str):
    return clean(Source(id="x", name="x.txt", text=text, sha256="0" * 64, encoding="utf-8")).meta


def cited(text: str) -> list[str]:
    return extract(clean(Source(id="x", name="x.txt", text=text, sha256="0" * 64, encoding="utf-8"))).meta.cited_policies


BODY = "为加快建设创新型城市，结合本地实际，提出如下意见。一、总体要求。到2025年，全市高新技术企业达到500家。\n"


def test_a_header_glued_without_line_breaks_gives_number_issuer_and_title():
    m = meta("川府发〔2022〕12号四川省人民政府关于加快推进科技创新的实施意见各市（州）人民政府，省政府各部门："
             + BODY)
    assert (m.doc_number, m.agency, m.title) == ("川府发〔2022〕12号", "四川省人民政府", "四川省人民政府关于加快推进科技创新的实施意见")
    assert (m.doc_type, m.region) == ("实施意见", "四川省")


NOTICE = ("南京市科学技术局关于印发《南京市科技创新券管理办法》的通知\n各区科技局：\n"
          "《南京市科技创新券管理办法》已经局务会审议通过，现印发给你们，请认真贯彻执行。\n南京市科学技术局\n2023年5月6日\n"
          "南京市科技创新券管理办法\n第一条 为规范科技创新券管理，制定本办法。\n")


def test_a_notice_issuing_a_text_is_titled_as_the_notice_and_keeps_the_issued_title():
    m = meta(NOTICE)
    assert m.title == "南京市科学技术局关于印发《南京市科技创新券管理办法》的通知"
    assert m.issued_title == "南京市科技创新券管理办法"
    assert (m.agency, m.date, m.region) == ("南京市科学技术局", "2023-05-06", "南京市")
    assert m.doc_type == "通知"  # a wrapped 办法 is catalogued as a notice


@pytest.mark.parametrize("issued, genre", [("成都市科技型企业培育行动方案", "工作方案"), ("关于促进技术转移的实施意见", "实施意见"),
                                           ("成都市支持科技创新的若干措施", "通知"), ("成都市科技成果转化三年行动计划", "工作方案")])
def test_joint_issuers_are_all_named_and_the_genre_is_the_issued_texts(issued, genre):
    m = meta(f"中共成都市委办公厅 成都市人民政府办公厅\n关于印发《{issued}》的通知\n成委办〔2023〕7号\n各区（市）县：\n"
             f"《{issued}》已经市委、市政府同意，现印发给你们，请结合实际认真贯彻落实。\n" + BODY)
    assert m.agency == "中共成都市委办公厅、成都市人民政府办公厅"
    assert m.doc_number == "成委办〔2023〕7号" and m.doc_type == genre and m.region == "成都市"


@pytest.mark.parametrize("agency, region", [("遵义市人民政府办公室", "遵义市"), ("黄浦区科学技术委员会", "上海市黄浦区"),
                                            ("深圳市南山区科技创新局", "深圳市南山区"), ("中共江苏省委办公厅", "江苏省"),
                                            ("海淀区人民政府", "北京市海淀区")])
def test_the_region_is_the_issuers_anywhere_in_the_country(agency, region):
    m = meta(f"{agency}关于开展科技服务月活动的通知\n各有关单位：\n现将有关事项通知如下。\n{agency}\n2024年4月1日\n")
    assert (m.agency, m.region) == (agency, region)


def test_a_press_text_reprinting_a_document_gives_its_title_and_issuers():
    m = meta("新华社北京6月1日电 近日，中共中央办公厅、国务院办公厅印发《关于深化科技体制改革的意见》，全文如下。\n"
             "为深化科技体制改革，现提出如下意见。\n")
    assert (m.title, m.agency) == ("关于深化科技体制改革的意见", "中共中央办公厅、国务院办公厅")


def test_a_notice_without_its_title_line_is_titled_from_what_it_issues_and_its_signer():
    m = meta("各区、县（市）人民政府，市政府各部门：\n《杭州市高新技术企业培育方案》已经市政府同意，现印发给你们，请认真组织实施。\n"
             "杭州市人民政府办公厅\n2021年3月1日\n")
    assert m.title == "杭州市人民政府办公厅关于印发《杭州市高新技术企业培育方案》的通知"
    assert (m.issued_title, m.doc_type, m.region) == ("杭州市高新技术企业培育方案", "工作方案", "杭州市")


def test_a_text_that_ends_with_its_date_is_dated():
    m = meta("关于支持企业研发的意见\n各县区：\n为支持企业研发，提出如下意见。各地要认真贯彻执行。2019年3月4日\n")
    assert m.date == "2019-03-04"


def test_a_text_naming_no_place_has_no_region():
    m = meta("关于报送科技统计数据的通知\n各有关单位：\n请于本月底前报送数据。\n市科学技术局\n2024年1月8日\n")
    assert m.region is None and m.agency == "市科学技术局"


@pytest.mark.parametrize("line, title, number", [
    ("加快推进科技创新的若干措施冀政办发〔2017〕5号", "加快推进科技创新的若干措施", "冀政办发〔2017〕5号"),
    ("关于支持科技型中小企业发展的通知粤科规〔2021〕3号", "关于支持科技型中小企业发展的通知", "粤科规〔2021〕3号"),
])
def test_a_number_glued_after_the_title_is_the_documents_own(line, title, number):
    m = meta(line + "\n" + BODY)
    assert (m.title, m.doc_number) == (title, number)
    assert number not in "".join(cited(line + "\n" + BODY))  # its own number is not a citation


@pytest.mark.parametrize("number, region", [("冀政办发〔2017〕5号", "河北省"), ("鲁科字〔2020〕8号", "山东省"),
                                            ("宁政发〔2019〕2号", None)])  # 宁: 宁夏's and 南京's
def test_a_text_naming_no_place_has_the_province_of_its_own_number(number, region):
    m = meta("加快推进科技创新的若干措施\n" + number + "\n为落实创新驱动发展战略，制定如下措施。一、高新技术企业达到500家。\n")
    assert (m.doc_number, m.region) == (number, region)


def test_a_short_form_of_a_title_cited_before_is_that_policy_and_not_another():
    assert cited("关于推进县域创新的通知\n各县科技局：\n根据《山西省县域科技创新提升计划》要求，现通知如下。"
                 "一、落实《提升计划》的任务。二、执行《科技项目管理办法》。\n") == ["《山西省县域科技创新提升计划》", "《科技项目管理办法》"]
    # a title that is not the end of an earlier one stays a policy of its own
    assert cited("关于推进县域创新的通知\n各县科技局：\n落实《提升计划》和《山西省县域科技创新提升计划》。\n") == ["《提升计划》", "《山西省县域科技创新提升计划》"]


PROPOSAL = "提案人：李文清\n我市科技型企业数量少、规模小，与先进地区差距明显，建议如下。一是加大培育力度。二是优化服务。\n"


@pytest.mark.parametrize("title, region", [
    ("关于加快我市科技成果转化的提案", None),                # no division named
    ("关于加快咸宁市高新技术企业培育的提案", "咸宁市"),        # the one division named, not at the start
    ("关于支持永春县打造科技创新高地的建议", "永春县"),       # a county goes by its own name
    ("关于学习借鉴苏州市经验推进科技创新的提案", None),      # named as a model to learn from
    ("关于推动安庆市与合肥市科技协同发展的提案", None),      # two divisions: the title does not tell
])
def test_the_one_division_a_proposals_title_names_is_its_region(title, region):
    m = meta(title + "\n" + PROPOSAL)
    assert (m.title, m.region) == (title, region)


PRESS = "记者从市科技局获悉，今年以来全市新增科技型中小企业120家。\n"


@pytest.mark.parametrize("dateline, date", [
    ("2024-05-09　来源：大同日报", "2024-05-09"),
    ("发布时间：2023-08-21 09:30　来源：吉安市科技局", "2023-08-21"),
    ("来源：常德晚报　2022年11月3日", "2022-11-03"),
    ("作者：李红　来源：九江新闻网　时间：2024年1月16日", "2024-01-16"),
])
def test_a_press_dateline_under_the_title_dates_it_and_stays_out_of_the_title(dateline, date):
    m = meta("吉安：科技特派员助力井冈蜜柚提质增效\n" + dateline + "\n" + PRESS)
    assert (m.title, m.date) == ("吉安：科技特派员助力井冈蜜柚提质增效", date)


@pytest.mark.parametrize("end, date", [("（2024年7月2日　云南日报）", "2024-07-02"), ("（二〇二三年九月八日）", "2023-09-08")])
def test_a_bracketed_date_ending_a_press_text_dates_it(end, date):
    assert meta("玉溪：科技赋能高原特色农业\n" + PRESS + end + "\n").date == date


def test_a_bracketed_date_under_the_title_is_the_documents_date():
    m = meta("运城市人民政府\n关于加快建设科技创新平台的实施意见\n运政发〔2023〕8号\n（2023年6月30日）\n各县（市、区）人民政府：\n" + BODY)
    assert (m.title, m.doc_number, m.date) == ("运城市人民政府关于加快建设科技创新平台的实施意见", "运政发〔2023〕8号", "2023-06-30")


def test_a_bulletin_names_its_issuers_and_date_under_its_title():
    m = meta("岳阳市2023年科技统计公报\n岳阳市统计局　岳阳市科学技术局\n2024年3月20日\n"
             "2023年，全市研究与试验发展经费支出58.2亿元。\n")
    assert (m.title, m.agency, m.date) == ("岳阳市2023年科技统计公报", "岳阳市统计局、岳阳市科学技术局", "2024-03-20")
    assert (m.doc_type, m.region) == ("其他", "岳阳市")  # a 统计公报 is none of the five genres


def test_joint_signers_on_lines_of_their_own_are_all_the_agency():
    m = meta("三亚市2023年科技创新发展统计公报\n全年全市技术合同成交额12.6亿元。\n三亚市统计局\n三亚市科学技术工业信息化局\n"
             "二〇二四年三月十日\n")
    assert (m.agency, m.date) == ("三亚市统计局、三亚市科学技术工业信息化局", "2024-03-10")


def test_a_work_plan_signed_at_its_end_has_the_signer_as_agency():
    m = meta("萍乡市2024年科技工作要点\n全年新增高新技术企业60家。\n萍乡市科学技术局\n2024年2月5日\n")
    assert (m.agency, m.date, m.region) == ("萍乡市科学技术局", "2024-02-05", "萍乡市")


@pytest.mark.parametrize("label, proposer, region", [
    ("提案人：段丽华（市政协委员，九三学社大理州委会）", "段丽华", "大理白族自治州"),
    ("提案者：民进呼和浩特市委员会", "民进呼和浩特市委员会", "呼和浩特市"),
])
def test_a_proposer_is_named_without_the_unit_which_gives_the_region(label, proposer, region):
    m = meta("关于加快我市科技成果转化的提案\n" + label + "\n提交日期：2024年1月10日\n"
             "我市科技成果本地转化率偏低，建议如下。一是建设中试基地。\n")
    assert (m.proposer, m.region, m.date) == (proposer, region, "2024-01-10")


@pytest.mark.parametrize("title, region", [("晋城：科技小院扎根田间地头", "晋城市"), ("呼伦贝尔：科技创新助力林草产业", "呼伦贝尔市"),
                                           ("长沙高新区：企业研发投入持续增长", "长沙市")])
def test_a_press_title_led_by_a_place_without_its_suffix_gives_the_region(title, region):
    assert meta(title + "\n" + PRESS).region == region


def test_a_reply_to_a_proposal_numbered_by_year_and_serial():
    m = meta("赣州市科学技术局关于市政协五届三次会议第20240112号提案的答复\n赣市科字〔2024〕30号\n刘文斌委员：\n"
             "您提出的提案收悉，现答复如下：全市高新技术企业达到1320家。\n赣州市科学技术局\n2024年6月5日\n")
    assert (m.proposal_number, m.proposer, m.doc_type) == ("市政协五届三次会议第20240112号", "刘文斌", "提案答复")


def test_a_work_report_with_next_years_plan_is_no_plan():
    assert meta("海口市科学技术局2023年工作总结和2024年工作计划\n2023年，全市科技工作稳步推进。\n").doc_type == "其他"


@pytest.mark.parametrize("lead, region", [
    ("记者11月14日从芜湖市科技局获悉，今年以来全市新增科技型中小企业120家。", "芜湖市"),
    ("近日，记者从宝鸡市科学技术局了解到，全市新增科技型中小企业120家。", "宝鸡市"),
])
def test_a_press_text_takes_the_region_of_the_agency_its_reporter_heard_from(lead, region):
    assert meta("科技创新跑出加速度\n" + lead + "\n").region == region


def test_a_reporter_hearing_from_an_agency_without_a_place_gives_no_region():
    assert meta("科技创新跑出加速度\n记者从市科技局获悉，今年以来新增科技型中小企业120家。\n").region is None


REPLY_FIELDS = "提案号：217\n提案人：陈立峰\n办理类型：主办\n答复类型：A类\n陈立峰委员：\n" \
    "您提出的提案收悉，现答复如下：全市高新技术企业达到1320家。\n绵阳市科学技术局\n2024年6月18日\n"


def test_a_bare_proposal_number_field_gives_way_to_the_full_number_of_the_title():
    m = meta("绵阳市科学技术局\n关于市政协九届三次会议第217号提案答复的函\n绵科函〔2024〕41号\n" + REPLY_FIELDS)
    assert (m.proposal_number, m.proposer) == ("市政协九届三次会议第217号", "陈立峰")


def test_a_proposal_number_field_alone_is_kept_as_written():
    m = meta("绵阳市科学技术局\n关于加快科技成果转化提案的答复\n绵科函〔2024〕41号\n" + REPLY_FIELDS)
    assert m.proposal_number == "217"


def test_a_notice_signed_with_a_date_takes_it_over_the_pages_publication_line():
    m = meta("潍坊市科学技术局关于组织申报2025年度科技创新发展资金项目的通知\n发布日期：2025-03-10　　来源：潍坊市科学技术局\n"
             "各区县科技局：\n现将有关事项通知如下。全市安排专项资金1亿元。\n潍坊市科学技术局\n2025年3月7日\n")
    assert m.date == "2025-03-07"


def test_a_pages_source_and_publication_fields_stay_out_of_the_title_and_date_an_unsigned_text():
    m = meta("发布时间：2024-06-27 16:02\u3000\u3000来源：甘谷县科学技术局\u3000\u3000浏览次数：417\n"
             "甘谷县科技创新工作取得新成效\n今年以来，全县新增科技型中小企业42家。\n")
    assert (m.title, m.date) == ("甘谷县科技创新工作取得新成效", "2024-06-27")
