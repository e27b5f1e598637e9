"""The extractor's data files are checked when loaded: a typo fails naming the file and key."""
from __future__ import annotations

import copy

import pytest

from generator import config as vocab
from generator.stages.extract.rules import SCHEMAS, RuleFileError, check, load


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_shipped_file_fits_its_schema(name):
    load.cache_clear()
    assert load(name) is not None


def classes() -> frozenset:
    return frozenset(vocab.load("mention_classes")["classes"])


def test_an_unknown_place_is_named_with_its_rule():
    data = copy.deepcopy(vocab.load("mention_classes"))
    data["rules"][3]["when"] = {"pst": "^x"}
    with pytest.raises(RuleFileError) as e:
        check("mention_classes", data, SCHEMAS["mention_classes"], classes=classes())
    assert str(e.value).startswith("generator/data/mention_classes.yml: rules[3].when.pst: unknown key; "
                                   "expected one of: pre, post, chunk, clause, sentence, heading, before")


def test_an_unknown_class_is_named():
    data = copy.deepcopy(vocab.load("mention_classes"))
    data["rules"][0]["class"] = "standrad"
    with pytest.raises(RuleFileError, match=r"rules\[0\]\.class: expected one of: .*standard.* but received: 'standrad'"):
        check("mention_classes", data, SCHEMAS["mention_classes"], classes=classes())


def test_a_broken_pattern_is_named():
    data = copy.deepcopy(vocab.load("indicator_rules"))
    data["time_cues"][2]["pattern"] = "(到(19|20)\\d\\d年"
    with pytest.raises(RuleFileError, match=r"indicator_rules\.yml: time_cues\[2\]\.pattern: not a valid regular"):
        check("indicator_rules", data, SCHEMAS["indicator_rules"])


def test_a_missing_key_is_named():
    data = copy.deepcopy(vocab.load("units"))
    del data["counters"]
    with pytest.raises(RuleFileError, match=r"units\.yml: counters: missing"):
        check("units", data, SCHEMAS["units"], classes=classes())


def test_a_wrong_type_is_named():
    data = copy.deepcopy(vocab.load("indicators"))
    data[0]["patterns"] = "研发投入"
    with pytest.raises(RuleFileError, match=r"indicators\.yml: \[0\]\.patterns: expected a list but received"):
        check("indicators", data, SCHEMAS["indicators"])
