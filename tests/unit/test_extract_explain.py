"""``gongkai explain FILE`` prints every number mention with its class, year, kind and cue."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import Report
from generator.stages.ingest import read_source
from generator.stages.prepare import clean, explain_mentions, extract

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_explain_works_on_every_seed(path):
    result = CliRunner().invoke(main, ["explain", "--all", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    mentions = explain_mentions(clean(read_source(path, Report())))
    assert len(lines) == len(mentions) > 0
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    for line, m in zip(lines, mentions):
        assert line.split()[0] == str(m.start) and m.cls in line and text[m.start:m.end] == m.text


def test_explain_agrees_with_the_data():
    path = SEEDS[0]
    doc = clean(read_source(path, Report()))
    kept = [m.indicator for m in explain_mentions(doc) if m.indicator]
    assert kept == extract(doc).indicators


def test_explain_says_why_a_figure_is_left_out(tmp_path):
    path = tmp_path / "measures.txt"
    path.write_text("关于印发促进创新若干措施的通知\n对新认定的市级工程技术研究中心，给予30万元一次性奖励。\n"
                    "全市现有市级工程技术研究中心86家。\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["explain", str(path)], catch_exceptions=False).output
    [award] = [line for line in out.splitlines() if "30万元" in line]
    assert "standard" in award and "给予" in award
    [count] = [line for line in out.splitlines() if "86家" in line]
    assert "indicator" in count and "actual" in count


def test_explain_names_an_unreadable_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   \n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(path)])
    assert result.exit_code != 0 and "Error:" in result.output
