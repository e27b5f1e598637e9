"""Every indicator's quote is marked on its document page with its anchor, also when the
figure stands in a heading (（一）新增高新技术企业50家): the indicator tables link to it."""
from __future__ import annotations

import hashlib

from generator.output.markdown import render_blocks
from generator.model import Source
from generator.stages.prepare import clean, extract

TEXT = ("某市科学技术局\n\n关于加快科技创新的工作方案\n\n各有关单位：\n\n一、工作目标\n\n（一）新增高新技术企业50家\n\n"
        "（二）每年组织开展培训2次\n\n全市研发投入强度达到2.5%。\n")


def test_a_figure_in_a_heading_keeps_its_anchor():
    doc = extract(clean(Source(id="x", name="x.txt", text=TEXT, sha256=hashlib.sha256(TEXT.encode()).hexdigest(),
                               encoding="utf-8")))
    quotes = [(i.start, i.end, f"q{n + 1}") for n, i in enumerate(doc.indicators)]
    body = str(render_blocks(doc.blocks, quotes))
    assert len(quotes) == 3
    for _, _, anchor in quotes:
        assert f'id="{anchor}"' in body
    assert '### <mark class="gk-quote"><span class="gk-anchor" id="q1"></span>（一）新增高新技术企业50家</mark>' in body
