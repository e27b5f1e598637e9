"""Cleaning rules, on real lines from the seeds and the dev corpus."""
from __future__ import annotations

import re

import pytest

from generator.stages.clean.blocks import join_broken, outline_level, to_blocks
from generator.stages.clean.debris import drop_debris, find_repeated_body
from generator.stages.clean.lines import normalise, split_lines
from generator.stages.ingest import read_source
from generator.errors import Report
from generator.stages.prepare import clean

from ..conftest import DEV, SEEDS, require_dev


def line(text: str):
    return normalise(text, 0, len(text))


def blocks_of(text: str):
    lines, _ = drop_debris(split_lines(text), text)
    return to_blocks(join_broken(lines))


def seed(name: str):
    return clean(read_source(next(SEEDS.glob(f"{name}_*.txt")), Report()))


@pytest.mark.parametrize("raw, expected", [
    ("工作 方 案", "工作方案"),                                  # 002: spaces inside a word
    ("关于市政协五届二次会议 A 类第 044 号", "关于市政协五届二次会议A类第044号"),  # 001
    ("共对 78 家企业进行了表彰奖励", "共对78家企业进行了表彰奖励"),  # 001: spaces around numbers
    ("2、\u00a0人才匮乏。", "2、人才匮乏。"),                     # 004: no-break space
    ("国家计量器具型式评价实验室３个", "国家计量器具型式评价实验室3个"),  # d02: full-width digit
    ("Open Data 开放", "Open Data开放"),                          # a space between Latin words stays
])
def test_stray_spaces_and_full_width_digits(raw, expected):
    assert line(raw).text == expected


def test_half_width_punctuation_in_chinese_text_becomes_full_width():
    # 004 writes its Chinese with half-width commas, colons and straight quotes
    raw = '近年来,在市委、市政府的正确领导下,涌现出了一批"科技小院"、"绿色农产品"等先进典型:'
    assert line(raw).text == "近年来，在市委、市政府的正确领导下，涌现出了一批“科技小院”、“绿色农产品”等先进典型："
    # but a ratio and an ISO date keep their ASCII punctuation (d08, 004)
    assert line("放大比例达到1:5.7").text == "放大比例达到1:5.7"
    assert line("2024-09-19").text == "2024-09-19"


def test_every_cleaned_character_maps_back_to_the_source():
    raw = "  ## 关于对市政协五届二次会议 A 类第 051 号 提案的答复"
    ln = line(raw)
    assert ln.md_level == 2
    for i, ch in enumerate(ln.text):
        assert raw[ln.src(i)] == ch


def test_line_broken_mid_sentence_is_joined():
    # 000: 极大地促进 / 了中小企业 with a blank line between
    text = "打造具有临汾特色的一流创新生态等多项工作举措，极大地促进\n\n了中小企业科技创新加快发展。\n\n## 一、加快创新主体培育\n"
    b = blocks_of(text)
    assert [x.text for x in b] == ["打造具有临汾特色的一流创新生态等多项工作举措，极大地促进了中小企业科技创新加快发展。",
                                   "一、加快创新主体培育"]
    assert b[1].kind == "heading" and b[1].level == 2


def test_word_broken_across_lines_is_joined():
    # 000: 认 / 定管理办法 inside a 《》 title
    text = "《临汾市技术创新中心认\n\n定管理办法（试行）》等文件，全面启动了市级科技创新平台认定工作。\n"
    assert blocks_of(text)[0].text == "《临汾市技术创新中心认定管理办法（试行）》等文件，全面启动了市级科技创新平台认定工作。"


def test_paragraphs_separated_only_by_ideographic_spaces():
    # the dev corpus has whole documents on one line, paragraphs separated by U+3000 runs
    text = "\n　　一、总体目标　　到2017年，全省科技服务业取得长足发展。　　二、主要任务　　（一）重点发展领域。\n"
    b = blocks_of(text)
    assert [(x.kind, x.level, x.text) for x in b] == [
        ("heading", 2, "一、总体目标"),
        ("paragraph", 0, "到2017年，全省科技服务业取得长足发展。"),
        ("heading", 2, "二、主要任务"),
        ("heading", 3, "（一）重点发展领域"),
    ]


@pytest.mark.parametrize("text, level", [
    ("一、加快创新主体培育", 2),
    ("（一）多措并举培育发展高新技术企业。", 3),
    ("(二)创新工作方法。", 3),          # 004 uses ASCII brackets
    ("1. 实施科技型中小企业“135”培育计划。", 4),
    ("2、加强人才培养与引进。", 4),
    ("2022年度我市高新技术企业数量达到139家", 0),   # a year is not an item number
    ("3.06万平方米", 0),
])
def test_outline_numbering_gives_heading_levels(text, level):
    assert outline_level(line(text).text) == level


def test_run_in_heading_is_split_from_its_paragraph():
    # 003: item 1. has a short run-in title, then the body of the item
    text = "1. 实施科技型中小企业“135”培育计划。建立科技型中小企业培育库，按照标准实施培育计划。\n"
    b = blocks_of(text)
    # the text's only outline rank: h2 (levels follow the outline the text uses)
    assert (b[0].kind, b[0].level, b[0].text) == ("heading", 2, "1.实施科技型中小企业“135”培育计划")
    assert b[1].text == "建立科技型中小企业培育库，按照标准实施培育计划。"


def test_numbered_paragraph_without_run_in_title_stays_a_paragraph():
    # 002: a numbered paragraph of figures is not a heading
    text = "1. 截至 2020 年底，高新技术企业 9 户，科技型中小企业 9 户。截至 2021 年底高新技术企业 13 户。\n"
    b = blocks_of(text)
    assert len(b) == 1 and b[0].kind == "paragraph" and b[0].text.startswith("1.截至2020年底")


def test_inconsistent_markdown_levels_are_replaced_by_outline_levels():
    # 000 marks section 三 with ### and sections 一/二 with ##; 002 uses #### for 四
    doc = seed("000")
    headings = {b.text: b.level for b in doc.blocks if b.kind == "heading"}
    assert headings["三、强化科技项目引导，落实科技创新政策，激发全市科技创新活力"] == 2
    assert headings["一、加快创新主体培育"] == 2
    doc2 = seed("002")
    levels = {b.text: b.level for b in doc2.blocks if b.kind == "heading"}
    assert levels["四、推进创新创业平台载体建设，集聚科技创新资源"] == 2
    assert levels["七、科技创新有关市场主体指标"] == 2


@pytest.mark.parametrize("debris, rule", [
    ("公开（是）", "disclosure-flag"),
    ("扫一扫在手机打开当前页", "mobile-qr"),
    ("负责人： ", "empty-signatory"),
    ("承办人：", "empty-signatory"),
    ("- 3 -", "page-number"),
    ("新闻发布会现场。记者姚杰摄", "photo-caption"),
])
def test_listed_debris_lines_are_dropped_and_recorded(debris, rule):
    text = f"正文第一段。\n{debris}\n正文第二段。\n"
    kept, dropped = drop_debris(split_lines(text), text)
    assert [k.text for k in kept] == ["正文第一段。", "正文第二段。"]
    assert [(d.rule, text[d.start:d.end].strip()) for d in dropped] == [(rule, debris.strip())]


def test_a_signatory_with_a_name_is_kept():
    text = "负责人：张三\n"
    kept, dropped = drop_debris(split_lines(text), text)
    assert [k.text for k in kept] == ["负责人：张三"] and dropped == []


def test_inline_view_counter_is_dropped_rest_kept():
    text = "发布日期:2024-09-19 浏览次数: 浏览\n"
    kept, dropped = drop_debris(split_lines(text), text)
    assert [k.text for k in kept] == ["发布日期：2024-09-19"]
    assert dropped[0].rule == "view-counter" and dropped[0].text == "浏览次数: 浏览"


def test_crawler_duplicated_body_is_found():
    require_dev()
    text = (DEV / "d06.txt").read_text(encoding="utf-8")
    span = find_repeated_body(text)
    assert span is not None
    a, b = span
    # the whole notice repeats: the second copy starts right after the first copy's
    # last sentence and runs to the end of the file
    assert text[a - 11:a] == "遵化市由A类降为B类。" and b == len(text)
    assert text[a:b] == text[:b - a]
    assert find_repeated_body((SEEDS / "000_d47baeec8c1639fc.txt").read_text(encoding="utf-8")) is None


def test_web_layout_of_a_reply_becomes_fields_and_sections():
    doc = seed("004")
    assert [b.text for b in doc.blocks if b.kind == "heading" and b.level == 2][:2] == ["建议内容", "答复内容"]
    body = "".join(b.text for b in doc.blocks)
    for label in ("建议号", "建议人", "承办单位", "办理结果", "索引号"):
        assert label not in body
    rules = {d.rule for d in doc.dropped}
    assert {"layout-label", "layout-field", "mobile-qr", "view-counter"} <= rules


def test_signature_block_is_kept_and_marked():
    doc = seed("003")
    sig = [b.text for b in doc.blocks if b.kind == "signature"]
    assert sig[:2] == ["吕梁市人民政府办公室", "2020年6月10日"]
    assert any(b.text.startswith("抄送：市委办公室") for b in doc.blocks)


def test_a_notice_issuing_a_plan_is_titled_as_the_notice_and_shows_the_plans_title_as_a_heading():
    require_dev()
    src = read_source(DEV / "d03.txt", Report())
    doc = clean(src)
    assert doc.meta.title.startswith("河北省人民政府办公厅关于印发河北·京南") and doc.meta.title.endswith("的通知")
    assert doc.meta.issued_title == "河北·京南国家科技成果转移转化示范区建设实施方案（2017－2020年）"
    titles = [b.text for b in doc.blocks if b.kind == "title"]
    assert titles == [doc.meta.issued_title]  # the notice's title is the page's: not repeated in the body
    assert not re.search(r"\s", "".join(b.text for b in doc.blocks))


@pytest.mark.parametrize("crumb", ["您当前所在的位置：首页 > 政务公开 > 政策文件", "您当前的位置：首页 > 信息公开 > 计划总结",
                                   "当前位置：首页>政策文件", "您所在的位置：首页", "所在位置：首页 › 通知公告",
                                   "首页 > 信息公开 > 法定主动公开内容"])
def test_a_breadcrumb_line_is_dropped_as_debris(crumb):
    lines, dropped = drop_debris(split_lines(crumb + "\n关于某事的通知\n"), "")
    assert [x.text for x in lines] == ["关于某事的通知"] and [d.rule for d in dropped] == ["breadcrumb"]


@pytest.mark.parametrize("line", ["项目位置：高新区创新路18号", "首页设计费用由企业承担。"])
def test_a_body_line_naming_a_position_or_a_home_page_stays(line):
    lines, dropped = drop_debris(split_lines(line + "\n"), "")
    assert [x.text for x in lines] == [line] and dropped == []


def test_a_label_spaced_out_with_wide_spaces_stays_one_line():
    text = "索 引 号：0011-2025-00087\u3000\u3000\u3000\u3000分\u3000\u3000类：科技\n文\u3000\u3000号：黑科联发〔2025〕9号\u3000\u3000发布日期：2025-03-17\n"
    assert [x.text for x in split_lines(text)] == ["索引号：0011-2025-00087", "分类：科技", "文号：黑科联发〔2025〕9号",
                                                   "发布日期：2025-03-17"]


def test_wide_spaces_between_two_phrases_still_end_a_line():
    assert [x.text for x in split_lines("一、总体要求\u3000\u3000二、主要任务：\n")] == ["一、总体要求", "二、主要任务："]


@pytest.mark.parametrize("line", ["【字体：大 中 小】\u3000【打印】\u3000【关闭】", "【字体：大 中 小】 打印本页 关闭窗口",
                                  "【打印本页】【关闭窗口】扫一扫在手机打开当前页"])
def test_a_line_of_several_debris_items_is_dropped(line):
    lines, dropped = drop_debris(split_lines(line + "\n关于某事的通知\n"), "")
    assert [x.text for x in lines] == ["关于某事的通知"] and len(dropped) == 1
