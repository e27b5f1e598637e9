"""Nothing lost: every run of Chinese characters of a source survives, in order.

A run survives when it appears in the document's page (body, in order, or front
matter) or in the page's list of dropped debris.
"""
from __future__ import annotations

import re

import pytest
import yaml

from generator.errors import Report
from generator.stages.ingest import read_source
from generator.model import Corpus
from generator.stages.prepare import clean, extract
from generator.output.pages.common import environment
from generator.output.pages.documents import render_document

from ..conftest import SEEDS, dev_files

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def han(text: str) -> str:
    return "".join(HAN.findall(text))


def flatten(value) -> str:
    if isinstance(value, dict):
        return "".join(flatten(v) for v in value.values())
    if isinstance(value, list):
        return "".join(flatten(v) for v in value)
    return "" if value is None else str(value)


def lost_runs(source_text: str, page: str) -> list[str]:
    """Runs of Chinese characters of the source that the page does not keep."""
    m = re.match(r"---\n(.*?)\n---\n", page, re.S)
    head, body = m.group(1), page[m.end():]
    front = yaml.safe_load(head)
    dropped = han(" ".join(d["text"] for d in front.pop("dropped")))
    front_text = han(flatten(front))
    body_text = han(body)
    kept_elsewhere = front_text + "\n" + dropped  # unordered: fields and debris
    lost, pos = [], 0
    for run in HAN.findall(source_text):
        if run in kept_elsewhere:
            continue
        i = body_text.find(run, pos)
        if i >= 0:
            pos = i + len(run)
            continue
        # a run cut where a field was lifted out of a line: a 发文字号 (冀政办字〔2021〕80号各市…)
        # or a title glued to the addressee (…的通知各市): one part in a field, the other in the body
        for k, (kept, rest) in ((k, pair) for k in range(1, len(run))
                                for pair in ((run[:k], run[k:]), (run[k:], run[:k]))):
            j = body_text.find(rest, pos)
            if kept in kept_elsewhere and len(rest) >= 2 and 0 <= j - pos <= 600:
                pos = j + len(rest)
                break
        else:
            lost.append(run)
    return lost


def page_of(path) -> tuple[str, str]:
    source = read_source(path, Report())
    doc = extract(clean(source))
    return source.text, render_document(environment(), doc, Corpus([doc]))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + dev_files(), ids=lambda p: p.name)
def test_every_chinese_run_survives(path):
    text, page = page_of(path)
    assert lost_runs(text, page) == []


def test_the_check_notices_a_lost_run():
    text = "第一段文字。\n第二段文字。\n"
    page = "---\ndropped: []\ntitle: null\n---\n第一段文字。\n"
    assert lost_runs(text, page) == ["第二段文字"]


def test_dropped_debris_counts_as_kept_only_when_listed():
    text = "公开（是）\n正文。\n"
    listed = "---\ndropped:\n- rule: disclosure-flag\n  text: 公开（是）\n---\n正文。\n"
    unlisted = "---\ndropped: []\n---\n正文。\n"
    assert lost_runs(text, listed) == []
    assert lost_runs(text, unlisted) == ["公开", "是"]
