"""Heading levels follow the outline a document uses, never skipping a level (WCAG 1.3.1;
issue 14). Invented texts: the numbering conventions of Chinese official documents are
一、 (first rank), （一） (second) and 1. / （1） (third)."""
from __future__ import annotations

from hypothesis import given, strategies as st

from generator.stages.clean.blocks import join_broken, to_blocks
from generator.stages.clean.debris import drop_debris
from generator.stages.clean.lines import split_lines


def headings(text: str) -> list[tuple[int, str]]:
    lines, _ = drop_debris(split_lines(text), text)
    return [(b.level, b.text) for b in to_blocks(join_broken(lines)) if b.kind == "heading"]


def test_first_and_third_rank_without_second_give_h2_and_h3():
    text = ("一、总体要求\n坚持需求导向，统筹推进。\n1.明确目标\n到年底建成服务平台。\n"
            "2.完善机制\n建立联席会议制度。\n二、保障措施\n加强组织领导。\n1.落实责任\n各部门按分工推进。\n")
    assert headings(text) == [(2, "一、总体要求"), (3, "1.明确目标"), (3, "2.完善机制"),
                              (2, "二、保障措施"), (3, "1.落实责任")]


def test_all_three_ranks_give_h2_h3_h4():
    text = "一、主要任务\n（一）培育主体\n1.扩大规模\n支持企业加大投入。\n（二）建设平台\n二、工作要求\n"
    assert headings(text) == [(2, "一、主要任务"), (3, "（一）培育主体"), (4, "1.扩大规模"),
                              (3, "（二）建设平台"), (2, "二、工作要求")]


def test_a_document_numbered_only_with_arabic_numerals_starts_at_h2():
    # （1） ranks below 1. in the outline of official documents (一、 > （一） > 1. > （1）)
    text = "1.基本情况\n全县共有企业三十家。\n2.存在问题\n研发投入偏低。\n（1）人才不足\n"
    assert headings(text) == [(2, "1.基本情况"), (2, "2.存在问题"), (3, "（1）人才不足")]


def test_each_section_is_numbered_by_its_own_outline():
    # section 一 goes straight to 1., section 二 uses （一） before 1.
    text = "一、工作进展\n1.项目推进\n二、下步打算\n（一）强化服务\n1.优化流程\n"
    assert headings(text) == [(2, "一、工作进展"), (3, "1.项目推进"), (2, "二、下步打算"),
                              (3, "（一）强化服务"), (4, "1.优化流程")]


def test_second_rank_alone_gives_h2():
    text = "（一）加强领导\n成立工作专班。\n（二）加大投入\n设立专项资金。\n"
    assert headings(text) == [(2, "（一）加强领导"), (2, "（二）加大投入")]


NUMBERS = "一二三四五六七八九"
LINES = st.lists(st.sampled_from(["rank1", "rank2", "rank3", "text"]), min_size=1, max_size=30)


@given(LINES)
def test_levels_never_skip_whatever_the_outline(kinds):
    out = []
    for i, kind in enumerate(kinds):
        n = NUMBERS[i % 9]
        out.append({"rank1": f"{n}、第{i}项任务", "rank2": f"（{n}）第{i}项措施", "rank3": f"{i % 9 + 1}.第{i}项要求",
                    "text": f"第{i}段正文，说明具体做法。"}[kind])
    levels = [level for level, _ in headings("\n".join(out) + "\n")]
    for before, level in zip([1] + levels, levels):
        assert 2 <= level <= before + 1
