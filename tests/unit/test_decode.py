"""Line ends, the binary check, and the offsets of a derived text (values worked out by hand)."""
from __future__ import annotations

import pytest

from generator.model import Text
from generator.stages.ingest.decode import looks_binary, normalise_newlines


@pytest.mark.parametrize("raw, expected", [
    ("一\r\n二\r\n", "一\n二\n"),          # Windows
    ("一\r二\r", "一\n二\n"),              # old Mac
    ("一\r\r\n二", "一\n\n二"),            # a CR, then a CRLF: two line ends
    ("页一\f页二\v行", "页一\n页二\n行"),  # page break and vertical tab
    ("一\n二", "一\n二"),
    ("", ""),
])
def test_every_kind_of_line_end_becomes_one_newline(raw, expected):
    assert normalise_newlines(raw) == expected


def test_the_binary_check_counts_every_occurrence_of_a_character():
    # 100 characters: more than max(3, 1) control characters is binary, the same
    # character repeated counts each time it occurs
    assert looks_binary("\x00" * 4 + "文" * 96)
    assert not looks_binary("\x00" * 3 + "文" * 97)
    assert not looks_binary("\t\n文" * 40)  # tab and newline are text
    # private-use code points (a mis-guessed encoding): more than max(8, 2) of 100
    assert looks_binary("\ue000" * 9 + "文" * 91)
    assert not looks_binary("\ue000" * 8 + "文" * 92)


def test_a_derived_text_keeps_runs_of_consecutive_source_offsets():
    # 'abXcd' where X was inserted (offset 1 again) and cd come from 5 and 6
    t = Text.from_offsets("abXcd", [0, 1, 1, 5, 6])
    assert t.runs == ((0, 0, 2), (2, 1, 1), (3, 5, 2))
    assert [t.src(i) for i in range(5)] == [0, 1, 1, 5, 6]
    assert Text.from_offsets("", []).runs == ()
    assert Text.from_offsets("a", iter([7])).runs == ((0, 7, 1),)
