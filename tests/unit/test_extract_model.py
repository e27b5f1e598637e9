"""The kind model: pure-Python, deterministic inference and training; used only where it
beats the rules leave-one-source-out (the shipped file says whether)."""
from __future__ import annotations

from generator.stages.extract import kind_model
from generator.tools.train_extraction import Example, train


def test_features_are_sorted_and_deterministic():
    args = ("到2026年，全市高新技术企业", "，技术合同", "家", "count", "到2026年，全市高新技术企业达到900家。", "target",
            2026, 2023, "工作方案")
    a, b = kind_model.features(*args), kind_model.features(*args)
    assert a == b == sorted(set(a)) and "year:future" in a and "u:家" in a


def test_training_is_deterministic_and_learns_a_toy_rule():
    data = [Example("x", "d", ("cue:target:力争", f"b:{i}"), "target", "target", False) for i in range(5)]
    data += [Example("x", "d", ("cue:actual:已", f"b:{i}"), "actual", "actual", False) for i in range(5)]
    m1, m2 = train(data), train(data)
    assert m1 == m2
    m1.update(used=True)
    assert kind_model.decide(["cue:target:力争"], m1) == "target"
    assert kind_model.decide(["cue:actual:已"], m1) == "actual"
    assert 0 < kind_model.probability(["nothing"], m1) < 1


def test_the_shipped_model_loads_and_says_whether_it_is_used():
    model = kind_model.load()
    assert model is not None and isinstance(model["used"], bool)
    assert {s["source"] for s in model["leave_one_source_out"]} <= {"seeds", "d01–d10", "d11–d22"}
    if not model["used"]:
        assert kind_model.decide(["u:家"]) is None
